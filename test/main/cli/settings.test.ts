import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {WorkbenchSettings} from '../../../src-main/contract/settings.js';
import {runCli} from '../../support/runCli.js';
import {useTempDir} from '../../support/tempDir.js';

describe('rstar settings', () => {
	const tempDir = useTempDir();

	it('sets settings from flags derived from the schemas, merges the search defaults flag by flag, and prints them all', () => {
		const dir = tempDir();
		const db = ['--db', path.join(dir, 'w.db')];
		const settings = (args: string[]) => {
			const result = runCli(['settings', ...args, ...db]);
			expect(result.status, result.stderr).toBe(0);
			return JSON.parse(result.stdout) as WorkbenchSettings;
		};

		expect(settings(['set', '--user-name', 'ada', '--sandbox-workers', '3', '--search-preset', 'rstar-round', '--search-rollouts', '4', '--data-dir', path.join(dir, 'data')]))
			.toEqual({userName: 'ada', sandbox: {workers: 3, memoryMb: 1024, maxOutputBytes: 65_536}, searchDefaults: {preset: 'rstar-round', rollouts: 4}, modelsDir: null, dataDir: path.join(dir, 'data')});
		expect(settings(['set', '--search-exec-timeout-ms', '30000', '--sandbox-memory-mb', '512', '--data-dir', 'none']))
			.toMatchObject({sandbox: {workers: 3, memoryMb: 512}, searchDefaults: {preset: 'rstar-round', rollouts: 4, execTimeoutMs: 30_000}, dataDir: null});
		expect(settings(['set', '--search-clear', '--search-use-ground-truth']).searchDefaults).toEqual({useGroundTruth: true});
		expect(settings(['get'])).toMatchObject({userName: 'ada', sandbox: {workers: 3, memoryMb: 512}, searchDefaults: {useGroundTruth: true}});
	});

	it('refuses a bad value naming its flag, and a set with nothing to set', () => {
		const db = ['--db', path.join(tempDir(), 'w.db')];
		const bad = runCli(['settings', 'set', '--sandbox-workers', '0', '--models-dir', 'models', ...db]);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toMatch(/--models-dir: give an absolute path/);
		const workers = runCli(['settings', 'set', '--sandbox-workers', '0', ...db]);
		expect(workers.status).toBe(2);
		expect(workers.stderr).toMatch(/--sandbox-workers: Too small/);
		expect(runCli(['settings', 'set', ...db])).toMatchObject({status: 2, stderr: expect.stringMatching(/give at least one setting to change/)});
		expect(JSON.parse(runCli(['settings', 'get', ...db]).stdout)).toMatchObject({sandbox: {workers: 2}, modelsDir: null});
	});
});
