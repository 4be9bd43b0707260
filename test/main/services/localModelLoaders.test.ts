import {describe, expect, it} from 'vitest';
import {settingsFor} from '../../../src-main/contract/presets.js';
import type {PolicyModelOptions} from '../../../src-main/contract/modelHost.js';
import {cachedModelLoaders} from '../../../src-main/services/localModelLoaders.js';
import {policyModelOptions, type ModelLoaders} from '../../../src-main/services/SearchService.js';

/** Loaders that load nothing and count what they were asked to load. */
function countingLoaders() {
	const loads: {modelPath: string; options?: PolicyModelOptions}[] = [];
	const loaders: ModelLoaders = {
		policy: async (modelPath, options) => {
			loads.push({modelPath, options});
			return {sha256: 'p', expand: async () => [], dispose: async () => {}};
		},
		ppm: async bundleDir => {
			loads.push({modelPath: bundleDir});
			return {sha256: 's', score: async () => [], dispose: async () => {}};
		}
	};
	return {loaders, loads};
}

describe('cachedModelLoaders', () => {
	it('loads a policy once for searches whose settings differ only in what loading does not depend on', async () => {
		const {loaders, loads} = countingLoaders();
		const cached = cachedModelLoaders(loaders);
		const base = settingsFor('rstar-bootstrap', {});
		await cached.policy('m.gguf', policyModelOptions({...base, seed: 1}));
		await cached.policy('m.gguf', policyModelOptions({...base, seed: 2, rollouts: 3, temperature: 0.2}));
		expect(loads).toHaveLength(1);
		await cached.policy('m.gguf', policyModelOptions({...base, candidates: base.candidates + 1}));
		await cached.policy('m.gguf', policyModelOptions({...base, reproducible: !base.reproducible}));
		expect(loads.map(load => load.options)).toEqual([
			{promptFormat: base.promptFormat, sequences: base.candidates, reusePrefix: !base.reproducible},
			{promptFormat: base.promptFormat, sequences: base.candidates + 1, reusePrefix: !base.reproducible},
			{promptFormat: base.promptFormat, sequences: base.candidates, reusePrefix: base.reproducible}
		]);
		await cached.close();
	});
});
