import fs from 'node:fs';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {apiMethods} from '../../../src-main/contract/api.js';
import type {PolicyModelOptions} from '../../../src-main/contract/modelHost.js';
import {settingsFor} from '../../../src-main/contract/presets.js';
import {tinyPolicyPath, shippedPpmPath} from '../../../src-main/paths.js';
import {ModelRegistryService} from '../../../src-main/services/ModelRegistryService.js';
import type {ModelLoaders} from '../../../src-main/services/SearchService.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {useTempDir} from '../../support/tempDir.js';

/** Loaders that record what they were asked for; a loaded model says it runs on the CPU. */
function recordingLoaders() {
	const calls: {kind: 'policy' | 'ppm'; path: string; options?: PolicyModelOptions}[] = [];
	let disposed = 0;
	const loaded = () => ({sha256: 'x', device: 'cpu', dispose: async () => void disposed++});
	const loaders = {
		policy: async (modelPath: string, options: PolicyModelOptions) => {
			calls.push({kind: 'policy', path: modelPath, options});
			return loaded();
		},
		ppm: async (bundleDir: string) => {
			calls.push({kind: 'ppm', path: bundleDir});
			return loaded();
		}
	} as unknown as ModelLoaders;
	return {loaders, calls, disposed: () => disposed};
}

/**
 * The model registry on a real workspace and the shipped tiny models: metadata read with node-llama-cpp's GGUF
 * reader, a truncated copy and a broken bundle reported with their reasons, scans, built-ins, lineage of a round's
 * model, runtime settings and load / unload.
 */
describe('ModelRegistryService', () => {
	const tempDir = useTempDir();
	let space: Workspace;
	let registry: ModelRegistryService;
	let recording: ReturnType<typeof recordingLoaders>;

	beforeEach(() => {
		space = Workspace.open(path.join(tempDir(), 'w.db'));
		recording = recordingLoaders();
		registry = new ModelRegistryService(space, recording.loaders, () => settingsFor('rstar-eval-mcts'));
		return () => space.close();
	});

	it('registers the shipped models as built-in, with the GGUF metadata and the bundle\'s ppm.json', async () => {
		await registry.registerBuiltins(path.dirname(tinyPolicyPath()));
		const models = await registry.list();
		const policy = models.find(model => model.path === fs.realpathSync(tinyPolicyPath()))!;
		expect(policy).toMatchObject({
			kind: 'policy', name: 'rstar-tiny-policy-r0', builtin: true, status: 'ok', error: null, architecture: 'llama', quantization: 'F32',
			contextLength: 4096, vocabularySize: 363, chatTemplate: null, bytes: fs.statSync(tinyPolicyPath()).size, lineage: null, loaded: false
		});
		// The trainer's own count of the tiny policy's parameters (resources/models/tiny-models.json).
		expect(policy.parameters).toBe(194_368);
		expect(policy.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(policy.metadata['llama.block_count']).toBe(3);
		expect(policy.metadata['tokenizer.ggml.tokens']).toBe('[363 items]');
		const ppm = models.find(model => model.kind === 'ppm')!;
		expect(ppm).toMatchObject({name: 'rstar-tiny-ppm-smoke', builtin: true, status: 'ok', architecture: 'onnx', contextLength: 1024, promptFormat: 'rstar-sft'});
		expect(ppm.metadata['model.onnx bytes']).toBe(fs.statSync(path.join(shippedPpmPath(), 'model.onnx')).size);
		expect(ppm.vocabularySize).toBeGreaterThan(0);
		await expect(registry.remove(policy.id)).rejects.toMatchObject({code: 'model.builtin'});
		// A second start reads nothing again and registers nothing twice.
		await registry.registerBuiltins(path.dirname(tinyPolicyPath()));
		expect(await registry.list()).toHaveLength(models.length);
	});

	it('reports a truncated GGUF with where the header says the data ends, and a bundle missing a file, without throwing', async () => {
		const dir = tempDir();
		const whole = fs.readFileSync(tinyPolicyPath());
		fs.writeFileSync(path.join(dir, 'cut-data.gguf'), whole.subarray(0, 400_000));
		fs.writeFileSync(path.join(dir, 'cut-header.gguf'), whole.subarray(0, 100));
		fs.writeFileSync(path.join(dir, 'text.gguf'), 'not a model');
		fs.mkdirSync(path.join(dir, 'half-bundle'));
		fs.copyFileSync(path.join(shippedPpmPath(), 'ppm.json'), path.join(dir, 'half-bundle', 'ppm.json'));

		const models = await registry.scan({path: dir});
		const byFile = Object.fromEntries(models.map(model => [path.basename(model.path), model]));
		expect(Object.keys(byFile).sort()).toEqual(['cut-data.gguf', 'cut-header.gguf', 'half-bundle', 'text.gguf']);
		expect(byFile['cut-data.gguf']).toMatchObject({status: 'error', architecture: 'llama', bytes: 400_000});
		expect(byFile['cut-data.gguf']!.error).toBe(`truncated: the header says 30 tensors ending at byte ${whole.length}, the file ends at byte 400000`);
		expect(byFile['cut-header.gguf']!.error).toMatch(/^truncated: the header \(30 tensors\) ends at byte \d+, the file at byte 100$/);
		expect(byFile['text.gguf']!.error).toMatch(/^not a readable GGUF file: Invalid GGUF magic/);
		expect(byFile['half-bundle']).toMatchObject({kind: 'ppm', status: 'error', error: 'not a PPM bundle: model.onnx, tokenizer.json missing (a bundle holds model.onnx, tokenizer.json, ppm.json)'});
		await expect(registry.load(byFile['cut-data.gguf']!.id)).rejects.toThrow(/cannot be loaded: truncated/);
	});

	it('adds a file, a bundle, or scans a folder by path without copying, and reads a file again when added again', async () => {
		const dir = tempDir();
		const copy = path.join(dir, 'nested', 'deeper', 'copy.gguf');
		fs.mkdirSync(path.dirname(copy), {recursive: true});
		fs.copyFileSync(tinyPolicyPath(), copy);
		fs.cpSync(shippedPpmPath(), path.join(dir, 'bundle'), {recursive: true});

		const [bundle] = await registry.add({path: path.join(dir, 'bundle')});
		expect(bundle).toMatchObject({kind: 'ppm', status: 'ok', builtin: false, path: fs.realpathSync(path.join(dir, 'bundle'))});
		const scanned = await registry.add({path: dir});
		expect(scanned.map(model => path.relative(fs.realpathSync(dir), model.path))).toEqual(['bundle', path.join('nested', 'deeper', 'copy.gguf')]);
		expect(await registry.list()).toHaveLength(2);

		fs.writeFileSync(copy, fs.readFileSync(copy).subarray(0, 50_000));
		const [again] = await registry.add({path: copy});
		expect(again).toMatchObject({id: scanned[1]!.id, status: 'error'});
		await registry.remove(again!.id);
		expect(fs.existsSync(copy)).toBe(true);
		await expect(registry.add({path: path.join(dir, 'nowhere.gguf')})).rejects.toMatchObject({code: 'not-found'});
	});

	it('registers a model a round trained with its lineage: the round and its data files', async () => {
		const dir = tempDir();
		const trained = path.join(dir, 'policy.gguf');
		fs.copyFileSync(tinyPolicyPath(), trained);
		const roundId = Number(space.db.prepare(`INSERT INTO rounds (evolution, number, config, status, created_at) VALUES ('evo', 2, '{}', 'done', '2026-01-01')`).run().lastInsertRowid);
		const data = {file: path.join(dir, 'sft.jsonl'), rows: 40, sources: [{file: path.join(dir, 'sft.jsonl'), rows: 30}, {file: path.join(dir, 'r1.jsonl'), rows: 10}]};
		space.db.prepare(`INSERT INTO models (kind, path, sha256, round_id, init_path, data, training, created_at) VALUES ('policy', ?, 'x', ?, ?, ?, '{}', '2026-01-01')`)
			.run(trained, roundId, tinyPolicyPath(), JSON.stringify(data));

		const [model] = await registry.list();
		expect(model!.lineage).toEqual({roundId, evolution: 'evo', round: 2, initPath: tinyPolicyPath(), data: data.sources});
		expect(await registry.list()).toHaveLength(1);
	});

	it('keeps a policy\'s runtime settings, validated by the contract, and loads and unloads through the loaders', async () => {
		const [policy] = await registry.add({path: tinyPolicyPath()});
		const [ppm] = await registry.add({path: shippedPpmPath()});
		expect(apiMethods['model.setRuntime'].params.safeParse({id: policy!.id, contextSize: 10}).success).toBe(false);
		const set = registry.setRuntime(policy!.id, {gpuLayers: 0, contextSize: 2048, sequences: 4, threads: 1});
		expect(set.runtime).toEqual({gpuLayers: 0, contextSize: 2048, sequences: 4, threads: 1});
		expect(registry.runtimeFor(tinyPolicyPath())).toEqual(set.runtime);
		expect(() => registry.setRuntime(ppm!.id, {threads: 1})).toThrow(/PPM bundle/);

		const loaded = await registry.load(policy!.id);
		expect(loaded).toMatchObject({loaded: true, device: 'cpu'});
		await registry.load(policy!.id);
		// The search defaults' prompt format and sequences: a search on the defaults shares the loaded model.
		expect(recording.calls).toEqual([{kind: 'policy', path: policy!.path, options: {promptFormat: 'rstar-sft', sequences: 32, reusePrefix: true}}]);
		await registry.load(ppm!.id);
		expect((await registry.runtime()).loaded.map(model => model.id)).toEqual([policy!.id, ppm!.id]);
		expect((await registry.runtime()).backends).toContain('cpu');
		expect(await registry.unload(policy!.id)).toMatchObject({loaded: false, device: null});
		await registry.close();
		expect(recording.disposed()).toBe(2);
	});
});
