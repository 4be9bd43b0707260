import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {settingsFor} from '../../../src-main/contract/presets.js';
import type {PolicyModelOptions} from '../../../src-main/contract/modelHost.js';
import {cachedModelLoaders} from '../../../src-main/services/localModelLoaders.js';
import {policyModelOptions, type ModelLoaders} from '../../../src-main/services/SearchService.js';

/** Loaders that load nothing and count what they were asked to load and to free. */
function countingLoaders() {
	const loads: {modelPath: string; options?: PolicyModelOptions}[] = [];
	const disposed: string[] = [];
	const loaders: ModelLoaders = {
		policy: async (modelPath, options) => {
			loads.push({modelPath, options});
			return {sha256: 'p', expand: async () => [], fit: async () => ({promptTokens: 1, contextTokens: 2}), dispose: async () => void disposed.push(modelPath)};
		},
		ppm: async bundleDir => {
			loads.push({modelPath: bundleDir});
			return {sha256: 's', score: async () => [], dispose: async () => void disposed.push(bundleDir)};
		}
	};
	return {loaders, loads, disposed};
}
const options = policyModelOptions(settingsFor('rstar-bootstrap', {}));

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

	it('loads a model once for searches that ask for it together, and keeps it when they end until closed', async () => {
		const {loaders, loads, disposed} = countingLoaders();
		const cached = cachedModelLoaders(loaders);
		const held = await Promise.all([cached.policy('m.gguf', options), cached.policy('m.gguf', options), cached.ppm('ppm')]);
		expect(loads.map(load => load.modelPath)).toEqual(['m.gguf', 'ppm']);
		await Promise.all(held.map(model => model.dispose()));
		await cached.policy('m.gguf', options);
		expect(loads).toHaveLength(2);
		expect(disposed).toEqual([]);
		await cached.close();
		expect(disposed.sort()).toEqual(['m.gguf', 'ppm']);
	});

	it('with freeIdle, frees a model when the last search holding it gives it back, once however often each does', async () => {
		const {loaders, loads, disposed} = countingLoaders();
		const cached = cachedModelLoaders(loaders, {freeIdle: true});
		const [first, second] = await Promise.all([cached.policy('m.gguf', options), cached.policy('m.gguf', options)]);
		await first!.dispose();
		await first!.dispose();
		expect(disposed).toEqual([]);
		await second!.dispose();
		expect(disposed).toEqual(['m.gguf']);
		const again = await cached.policy('m.gguf', options);
		expect(loads).toHaveLength(2);
		await cached.close();
		await again.dispose();
		expect(disposed).toEqual(['m.gguf', 'm.gguf']);
	});

	it('keeps no model that failed to load: the next search tries again', async () => {
		const {loaders, loads} = countingLoaders();
		let fail = true;
		const cached = cachedModelLoaders({...loaders, policy: async (modelPath, model) => {
			if (fail) {
				fail = false;
				throw new Error('corrupt');
			}
			return loaders.policy(modelPath, model);
		}});
		await expect(cached.policy('m.gguf', options)).rejects.toThrow('corrupt');
		await cached.policy('m.gguf', options);
		expect(loads).toHaveLength(1);
		await cached.close();
	});

	it('loads a model once under two spellings of its path: relative and absolute, or through a symlink', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-test-'));
		try {
			const file = path.join(dir, 'm.gguf');
			fs.writeFileSync(file, '');
			fs.symlinkSync(file, path.join(dir, 'link.gguf'));
			const {loaders, loads} = countingLoaders();
			const cached = cachedModelLoaders(loaders);
			await cached.policy(file, options);
			await cached.policy(path.join(dir, 'link.gguf'), options);
			await cached.policy(path.relative(process.cwd(), file), options);
			expect(loads).toHaveLength(1);
			await cached.close();
		} finally {
			fs.rmSync(dir, {recursive: true, force: true});
		}
	});
});
