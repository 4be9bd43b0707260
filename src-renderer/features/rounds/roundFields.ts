import type {RoundConfig, RoundCreateParams} from '../../../src-main/contract/rounds';
import {answerSelections, promptFormats, qModes, searchPresets} from '../../../src-main/contract/search';

/** A setting of the create form: where its value stands in the resolved config, and where an edit of it goes in the params. */
export interface RoundField {
	/** The field's label, its aria-label and its key among the form's edits. */
	label: string;
	group: 'Search' | 'Extraction' | 'Training' | 'Evaluation';
	input: 'number' | 'select' | 'checkbox' | 'list' | 'path';
	options?: readonly string[];
	step?: number;
	/** The value's path in `round.preview`'s RoundConfig. */
	configPath: readonly string[];
	/** The edit's path in RoundCreateParams (only what is edited is sent: the rest comes from the schedule, inherited). */
	paramsPath: readonly string[];
}

const search = (key: string, label: string, input: RoundField['input'] = 'number', extra: Partial<RoundField> = {}): RoundField =>
	({label, group: 'Search', input, configPath: ['settings', key], paramsPath: ['overrides', key], ...extra});
const nested = (group: RoundField['group'], path: readonly string[], label: string, input: RoundField['input'] = 'number', step?: number): RoundField =>
	({label, group, input, configPath: path, paramsPath: path, step});

export const roundFields: readonly RoundField[] = [
	search('preset', 'preset', 'select', {options: searchPresets}),
	search('qMode', 'Q mode', 'select', {options: qModes}),
	search('rollouts', 'rollouts'),
	search('candidates', 'candidates'),
	search('maxDepth', 'max depth'),
	search('temperature', 'temperature', 'number', {step: 0.1}),
	search('promptFormat', 'prompt format', 'select', {options: promptFormats}),
	search('answerSelection', 'answer selection', 'select', {options: answerSelections}),
	search('reproducible', 'reproducible', 'checkbox'),
	search('seed', 'seed'),
	nested('Search', ['concurrency'], 'problems at once'),
	nested('Extraction', ['sftPerProblem'], 'SFT rows per problem'),
	nested('Extraction', ['pairs', 'minEditDistance'], 'pairs: min edit distance'),
	nested('Extraction', ['pairs', 'minStepMargin'], 'pairs: min Q margin', 'number', 0.1),
	nested('Training', ['policyTraining', 'steps'], 'policy steps'),
	nested('Training', ['policyTraining', 'lr'], 'policy learning rate', 'number', 0.0001),
	nested('Training', ['policyTraining', 'batchSize'], 'policy batch size'),
	nested('Training', ['policyTraining', 'threads'], 'policy threads'),
	nested('Training', ['policyTraining', 'heldOut'], 'policy held-out share', 'number', 0.05),
	nested('Training', ['ppmTraining', 'steps'], 'PPM steps'),
	nested('Training', ['ppmTraining', 'lr'], 'PPM learning rate', 'number', 0.0001),
	nested('Training', ['ppmTraining', 'batchSize'], 'PPM batch size'),
	nested('Training', ['ppmTraining', 'threads'], 'PPM threads'),
	nested('Training', ['ppmTraining', 'heldOut'], 'PPM held-out share', 'number', 0.05),
	nested('Training', ['replay', 'earlierRounds'], 'replay earlier rounds', 'checkbox'),
	nested('Training', ['replay', 'sft'], 'replay SFT rows (file)', 'path'),
	nested('Training', ['replay', 'pairs'], 'replay PPM pairs (file)', 'path'),
	nested('Evaluation', ['evaluation', 'perLevel'], 'eval per level'),
	nested('Evaluation', ['evaluation', 'ns'], 'eval N values', 'list'),
	nested('Evaluation', ['evaluation', 'resamples'], 'eval resamples'),
	nested('Evaluation', ['evaluation', 'search', 'beamWidth'], 'eval beam width'),
	nested('Evaluation', ['evaluation', 'search', 'beamCandidates'], 'eval beam candidates')
];

/** A field's value in a resolved config, as the form shows it. */
export function resolvedValue(field: RoundField, config: RoundConfig | null): string {
	let value: unknown = config;
	for (const key of field.configPath)
		value = (value as Record<string, unknown> | null | undefined)?.[key];
	return value === undefined || value === null ? '' : Array.isArray(value) ? value.join(',') : String(value);
}

/** The params with each edited field put in at its path; an empty edit is no edit. */
export function withEdits(params: RoundCreateParams, edits: Readonly<Record<string, string>>): RoundCreateParams {
	const result = structuredClone(params) as Record<string, unknown>;
	for (const field of roundFields) {
		const text = edits[field.label]?.trim();
		if (text === undefined || text === '')
			continue;
		let target = result;
		for (const key of field.paramsPath.slice(0, -1))
			target = (target[key] ??= {}) as Record<string, unknown>;
		target[field.paramsPath.at(-1)!] = parse(field, text);
	}
	return result as RoundCreateParams;
}

function parse(field: RoundField, text: string): unknown {
	switch (field.input) {
		case 'number': return Number(text);
		case 'checkbox': return text === 'true';
		case 'list': return text.split(',').map(part => Number(part.trim()));
		case 'select':
		case 'path': return text;
	}
}
