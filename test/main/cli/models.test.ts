import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {RegisteredModel} from '../../../src-main/contract/models.js';
import {tinyPolicyPath, shippedPpmPath} from '../../../src-main/paths.js';
import {runCli} from '../../support/runCli.js';
import {useTempDir} from '../../support/tempDir.js';

/** `rstar models …`: the registry headless, on the service the Models page calls. */
describe('rstar models', () => {
	const tempDir = useTempDir();

	it('lists the shipped models, scans a folder with a truncated GGUF, shows, sets runtime settings and removes, never touching the files', () => {
		const dir = tempDir();
		const db = ['--db', path.join(dir, 'w.db')];
		const rstar = <T>(args: string[]) => {
			const result = runCli([...args, ...db]);
			expect(result.status, result.stderr).toBe(0);
			return JSON.parse(result.stdout) as T;
		};
		const shipped = rstar<RegisteredModel[]>(['models', 'list', '--json']);
		// The default policy (a LoRA adapter), its base (installed by npm install), the tiny policy and PPM.
		expect(shipped.map(model => [model.name, model.kind, model.builtin, model.status])).toEqual([
			['rstar-smollm2-135m-r0-lora', 'lora', true, 'ok'], ['Smollm2 135M 8k Lc100K Mix1 Ep2', 'policy', true, 'ok'],
			['rstar-tiny-policy-r0', 'policy', true, 'ok'], ['rstar-tiny-ppm-smoke', 'ppm', true, 'ok']
		]);

		const models = path.join(dir, 'models');
		fs.mkdirSync(path.join(models, 'sub'), {recursive: true});
		fs.copyFileSync(tinyPolicyPath(), path.join(models, 'sub', 'copy.gguf'));
		fs.writeFileSync(path.join(models, 'cut.gguf'), fs.readFileSync(tinyPolicyPath()).subarray(0, 300_000));
		fs.cpSync(shippedPpmPath(), path.join(models, 'bundle'), {recursive: true});
		const scanned = rstar<RegisteredModel[]>(['models', 'scan', models, '--json']);
		expect(scanned.map(model => [path.basename(model.path), model.status])).toEqual([['bundle', 'ok'], ['cut.gguf', 'error'], ['copy.gguf', 'ok']]);

		// The table a person reads: a broken file's row says why.
		const table = runCli(['models', 'list', ...db]);
		expect(table.status).toBe(0);
		expect(table.stdout).toMatch(/^id\s+kind\s+name\s+arch\s+params\s+quant/);
		expect(table.stdout).toMatch(/policy \(built-in\)\s+rstar-tiny-policy-r0\s+llama\s+194k\s+F32\s+4096\s+363/);
		expect(table.stdout).toMatch(/error: truncated: the header says 30 tensors ending at byte \d+, the file ends at byte 300000/);

		const copy = scanned[2]!;
		expect(rstar<RegisteredModel>(['models', 'set', String(copy.id), '--gpu-layers', '0', '--context-size', '2048', '--threads', '1']).runtime)
			.toEqual({gpuLayers: 0, contextSize: 2048, threads: 1});
		expect(rstar<RegisteredModel>(['models', 'show', String(copy.id)])).toMatchObject({id: copy.id, architecture: 'llama', runtime: {contextSize: 2048}});
		const bad = runCli(['models', 'set', String(copy.id), '--context-size', '12', ...db]);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toMatch(/--context-size/);

		expect(rstar(['models', 'remove', String(copy.id)])).toEqual({removed: true});
		expect(fs.existsSync(copy.path)).toBe(true);
		const builtin = runCli(['models', 'remove', String(shipped[0]!.id), ...db]);
		expect(builtin.status).toBe(1);
		expect(builtin.stderr).toMatch(/ships with the app/);
		const missing = runCli(['models', 'add', path.join(dir, 'nowhere.gguf'), ...db]);
		expect(missing.stderr).toMatch(/nothing at .*nowhere\.gguf/);
		expect(rstar<RegisteredModel[]>(['models', 'list', '--json'])).toHaveLength(shipped.length + 2);
	});
});
