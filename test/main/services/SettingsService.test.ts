import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {App} from '../../../src-main/app.js';
import type {ApiEventMessage} from '../../../src-main/contract/api.js';
import {EventBus} from '../../../src-main/services/EventBus.js';
import {SettingsService} from '../../../src-main/services/SettingsService.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {dispatch} from '../../../src-main/transport/dispatch.js';
import {useTempDir} from '../../support/tempDir.js';

describe('SettingsService (real SQLite)', () => {
	const tempDir = useTempDir();

	function open(file: string) {
		const workspace = Workspace.open(file);
		const events = new EventBus();
		const seen: ApiEventMessage[] = [];
		events.subscribe(message => seen.push(message));
		return {workspace, settings: new SettingsService(workspace, events), seen};
	}

	it('starts from the defaults, stores only what was set, and keeps it across reopen', () => {
		const file = path.join(tempDir(), 'w.db');
		const first = open(file);
		expect(first.settings.get()).toEqual({
			userName: '', sandbox: {workers: 2, memoryMb: 1024, maxOutputBytes: 65_536}, searchDefaults: {}, modelsDir: null, dataDir: null
		});
		first.settings.set({userName: 'ada', sandbox: {workers: 3}, searchDefaults: {preset: 'rstar-bootstrap', rollouts: 4}});
		// The sandbox merges field by field; the search defaults are replaced whole.
		first.settings.set({sandbox: {memoryMb: 512}, searchDefaults: {execTimeoutMs: 30_000}});
		expect(first.workspace.db.prepare('SELECT key, value FROM settings ORDER BY key').all()).toEqual([
			{key: 'sandbox', value: '{"workers":3,"memoryMb":512}'},
			{key: 'searchDefaults', value: '{"execTimeoutMs":30000}'},
			{key: 'userName', value: '"ada"'}
		]);
		first.workspace.close();

		const second = open(file);
		expect(second.settings.get()).toEqual({
			userName: 'ada', sandbox: {workers: 3, memoryMb: 512, maxOutputBytes: 65_536}, searchDefaults: {execTimeoutMs: 30_000}, modelsDir: null, dataDir: null
		});
		second.workspace.close();
	});

	it('pushes settings.changed and tells its listeners with the settings before', () => {
		const {workspace, settings, seen} = open(path.join(tempDir(), 'w.db'));
		const changes: [number, number][] = [];
		settings.onChange((next, previous) => changes.push([previous.sandbox.workers, next.sandbox.workers]));
		settings.set({sandbox: {workers: 1}});
		expect(changes).toEqual([[2, 1]]);
		expect(seen).toEqual([{event: 'settings.changed', payload: {settings: expect.objectContaining({sandbox: {workers: 1, memoryMb: 1024, maxOutputBytes: 65_536}})}}]);
		workspace.close();
	});

	it('picks up a change another process made when it next reads the settings', () => {
		const file = path.join(tempDir(), 'w.db');
		const app = open(file);
		const cli = open(file);
		const changes: string[] = [];
		app.settings.onChange(next => changes.push(next.userName));
		cli.settings.set({userName: 'grace'});
		expect(app.settings.get().userName).toBe('grace');
		expect(changes).toEqual(['grace']);
		expect(app.seen.map(message => message.event)).toEqual(['settings.changed']);
		app.workspace.close();
		cli.workspace.close();
	});

	it('uses the default for a stored value that no longer passes its schema, and says so', () => {
		const file = path.join(tempDir(), 'w.db');
		const workspace = Workspace.open(file);
		const insert = workspace.db.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, '')");
		insert.run('sandbox', '{"workers":0,"memoryMb":2048}');
		insert.run('userName', '"ada"');
		insert.run('retired', 'true');
		insert.run('dataDir', 'not json');
		workspace.close();

		const {settings, seen, workspace: reopened} = open(file);
		expect(settings.get()).toMatchObject({userName: 'ada', sandbox: {workers: 2, memoryMb: 1024}, dataDir: null});
		settings.set({userName: 'grace'});
		expect(seen.filter(message => message.event === 'log.written').map(message => message.payload)).toEqual([
			expect.objectContaining({level: 'warn', message: expect.stringMatching(/setting "sandbox" is not valid \(.+\): its default is used/)}),
			expect.objectContaining({level: 'warn', message: 'the workspace\'s setting "retired" is unknown to this build: it is ignored'})
		]);
		reopened.close();
	});

	it('refuses an invalid change over the API, naming the field, and stores nothing', async () => {
		const app = await App.open({workspacePath: path.join(tempDir(), 'w.db'), host: 'browser', seedBuiltins: false});
		try {
			const reply = await dispatch(app.handlers, 'settings.set', {sandbox: {workers: 0}, modelsDir: 'relative/models'});
			expect(reply).toMatchObject({ok: false, error: {code: 'invalid-params', details: {issues: [
				expect.objectContaining({path: ['sandbox', 'workers']}),
				expect.objectContaining({path: ['modelsDir'], message: 'give an absolute path'})
			]}}});
			expect(await dispatch(app.handlers, 'settings.get', {})).toMatchObject({ok: true, result: {sandbox: {workers: 2}, modelsDir: null}});
		} finally {
			await app.close();
		}
	});
});

describe('settings applied live (App, real Pyodide sandbox)', () => {
	const tempDir = useTempDir();

	it('resizes the sandbox pool and changes the runs\' limits for the next run, without cutting a run in progress', async () => {
		const app = await App.open({workspacePath: path.join(tempDir(), 'w.db'), host: 'browser', seedBuiltins: false});
		try {
			const long = 'import time\nt = time.time()\nwhile time.time() - t < 3: pass\nprint("x" * 1000)';
			const first = await app.executor.run(long, {timeoutMs: 60_000});
			expect(first).toMatchObject({ok: true, truncated: false});
			expect(app.executor.status()).toHaveLength(2);

			// While a run holds one process: the idle one ends at once, the busy one keeps its run and its limits.
			const running = app.executor.run(`${long}\n`, {timeoutMs: 60_000});
			await expect.poll(() => app.executor.status().filter(process => process.busy)).toHaveLength(1);
			app.settings.set({sandbox: {workers: 1, maxOutputBytes: 256}});
			expect(app.executor.status()).toHaveLength(1);
			expect(await running).toMatchObject({ok: true, truncated: false});

			const limited = await app.executor.run(long.replace('< 3', '< 0'), {timeoutMs: 60_000});
			expect(limited).toMatchObject({ok: true, truncated: true});
			expect(limited.stdout).toMatch(/…\[\d+ bytes truncated\]…/);

			app.settings.set({sandbox: {workers: 2}});
			expect(app.executor.status()).toHaveLength(2);
			const both = await Promise.all([app.executor.run('print(1)', {timeoutMs: 60_000}), app.executor.run('print(2)', {timeoutMs: 60_000})]);
			expect(both.map(result => result.stdout)).toEqual(['1\n', '2\n']);
		} finally {
			await app.close();
		}
	}, 180_000);

	it('starts a search from the search defaults where the request does not say, and writes rounds where dataDir and modelsDir say', async () => {
		const dir = tempDir();
		const app = await App.open({workspacePath: path.join(dir, 'w.db'), host: 'browser'});
		try {
			await dispatch(app.handlers, 'settings.set', {searchDefaults: {preset: 'rstar-bootstrap', rollouts: 1, candidates: 1, execTimeoutMs: 20_000}});
			const reply = await dispatch(app.handlers, 'search.start', {question: 'What is 2 + 3?', answers: ['5'], settings: {rollouts: 2}});
			const {searchId} = (reply as {ok: true; result: {searchId: number}}).result;
			expect(app.searches.summary(searchId).settings).toMatchObject({preset: 'rstar-bootstrap', promptFormat: 'few-shot', rollouts: 2, candidates: 1, execTimeoutMs: 20_000});
			app.searches.stop(searchId);

			const round = app.rounds.create({evolution: 'e', poolDatasetId: app.datasets.list().find(dataset => dataset.name === 'tiny-curriculum-train')!.id, perLevel: 1});
			expect(app.rounds.directory(round)).toBe(path.join(dir, 'w-rounds', 'e', 'round-1'));
			expect(app.rounds.modelDirectory(round)).toBe(path.join(dir, 'w-rounds', 'e', 'round-1'));
			app.settings.set({dataDir: path.join(dir, 'data'), modelsDir: path.join(dir, 'models')});
			expect(app.rounds.directory(round)).toBe(path.join(dir, 'data', 'e', 'round-1'));
			expect(app.rounds.modelDirectory(round)).toBe(path.join(dir, 'models', 'e', 'round-1'));
		} finally {
			await app.close();
		}
	}, 120_000);
});
