import {describe, expect, it} from 'vitest';
import {RoundConfig} from '../../../src-main/contract/rounds';
import {SearchSettings} from '../../../src-main/contract/search';
import {resolvedValue, roundFields, withEdits} from '../../../src-renderer/features/rounds/roundFields';

const field = (label: string) => roundFields.find(candidate => candidate.label === label)!;

const config = RoundConfig.parse({
	evolution: 'e', number: 2, pool: {datasetId: 1}, policyPath: '/p.gguf', ppmPath: null,
	settings: SearchSettings.parse({preset: 'rstar-round', rollouts: 8}), overrides: {},
	policyTraining: {steps: 40}, ppmTraining: {}, evaluation: {ns: [1, 2, 4]}
});

describe('the round form\'s fields', () => {
	it('shows each field\'s value as the resolved config has it', () => {
		expect(resolvedValue(field('rollouts'), config)).toBe('8');
		expect(resolvedValue(field('preset'), config)).toBe('rstar-round');
		expect(resolvedValue(field('policy steps'), config)).toBe('40');
		expect(resolvedValue(field('PPM steps'), config)).toBe('');
		expect(resolvedValue(field('eval N values'), config)).toBe('1,2,4');
		expect(resolvedValue(field('replay earlier rounds'), config)).toBe('false');
		expect(resolvedValue(field('rollouts'), null)).toBe('');
	});

	it('sends only the fields edited, each at its place in the create params, parsed by its kind', () => {
		const params = withEdits({evolution: 'e', evaluation: {datasetIds: [3]}}, {
			rollouts: '4', 'prompt format': 'rstar-sft', reproducible: 'true', 'policy steps': '12', 'eval N values': '1, 2',
			'eval beam width': '2', 'problems at once': '1', candidates: ' ', 'PPM steps': ''
		});
		expect(params).toEqual({
			evolution: 'e', concurrency: 1,
			overrides: {rollouts: 4, promptFormat: 'rstar-sft', reproducible: true},
			policyTraining: {steps: 12},
			evaluation: {datasetIds: [3], ns: [1, 2], search: {beamWidth: 2}}
		});
	});

	it('leaves the params it is given as they were', () => {
		const base = {evolution: 'e', overrides: {seed: 1}};
		withEdits(base, {rollouts: '4'});
		expect(base).toEqual({evolution: 'e', overrides: {seed: 1}});
	});

	it('has one field per label (the label is the edit\'s key and the input\'s aria-label)', () => {
		expect(new Set(roundFields.map(candidate => candidate.label)).size).toBe(roundFields.length);
	});
});
