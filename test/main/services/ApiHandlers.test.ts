import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {App} from '../../../src-main/app.js';
import type {SearchSummary} from '../../../src-main/contract/search.js';
import {defaultPolicyPath, resourcesDir} from '../../../src-main/paths.js';
import {dispatch} from '../../../src-main/transport/dispatch.js';
import {useTempDir} from '../../support/tempDir.js';
import {writeTinyPpm} from '../../support/tinyPpm.js';

// The search and pair methods as every transport reaches them (validation, then the services), on a real workspace.
describe('search and pair methods (dispatch)', () => {
	const tempDir = useTempDir();
	let app: App;
	const call = (method: string, params: unknown) => dispatch(app.handlers, method, params);

	beforeEach(async () => {
		app = await App.open({workspacePath: path.join(tempDir(), 'w.db'), host: 'browser', seedBuiltins: false});
	});
	afterEach(() => app.close());

	it('refuses a start without exactly one of problem and question, naming why', async () => {
		for (const params of [{}, {problemId: 1, question: 'What is 2 + 2?'}, {question: '   '}])
			expect(await call('search.start', params)).toMatchObject({ok: false, error: {code: 'invalid-params'}});
		expect(await call('search.start', {problemId: 1, question: 'q'})).toMatchObject({error: {message: expect.stringMatching(/give either problemId or question/)}});
		expect(await call('search.start', {question: 'q', settings: {rollouts: 0}})).toMatchObject({ok: false, error: {code: 'invalid-params'}});
	});

	it('names what is missing: a problem, a model file, a search', async () => {
		expect(await call('search.start', {problemId: 12345})).toMatchObject({ok: false, error: {code: 'not-found', message: 'no problem with id 12345'}});
		expect(await call('search.start', {question: 'q', policyPath: '/nowhere/model.gguf'}))
			.toMatchObject({ok: false, error: {code: 'not-found', message: expect.stringMatching(/^policy: no model file at \/nowhere\/model.gguf/), details: {field: 'policyPath'}}});
		for (const method of ['search.get', 'search.events', 'search.outcome'])
			expect(await call(method, {searchId: 99})).toMatchObject({ok: false, error: {code: 'not-found', message: 'no search 99 in this workspace'}});
		expect(await call('search.stop', {searchId: 99})).toEqual({ok: true, result: {stopped: false}});
		expect(await call('search.list', {})).toEqual({ok: true, result: []});
		expect(await call('pair.create', {searchId: 99, chosenId: 1, rejectedId: 1, author: 'ada'})).toMatchObject({ok: false, error: {code: 'invalid-params'}});
		expect(await call('pair.create', {searchId: 99, chosenId: 1, rejectedId: 2, author: 'ada'})).toMatchObject({ok: false, error: {code: 'not-found'}});
		expect(await call('pair.delete', {pairId: 99})).toMatchObject({ok: false, error: {code: 'not-found', message: 'no preference pair 99 in this workspace'}});
	});

	it('starts a search with the preset\'s value of every setting it does not give', async () => {
		const reply = await call('search.start', {question: 'What is 2 + 3?', answers: ['5'], settings: {preset: 'rstar-bootstrap', rollouts: 1, candidates: 1}});
		expect(reply).toMatchObject({ok: true});
		const {searchId} = (reply as {result: {searchId: number}}).result;
		// The bootstrap preset's few-shot prompt, error threshold and temperature; the two given settings over them.
		expect(app.searches.summary(searchId).settings).toMatchObject({
			preset: 'rstar-bootstrap', promptFormat: 'few-shot', errorThreshold: 2, temperature: 0.7, rollouts: 1, candidates: 1
		});
		app.searches.stop(searchId);
	});

	it('lists the jobs run in the workspace, by the app or the CLI, with their logs', async () => {
		await app.jobs.run({kind: 'test', roundId: null, title: 'a job'}, async job => job.log('info', 'hello'));
		const listed = await call('job.list', {});
		expect(listed).toMatchObject({ok: true, result: [{kind: 'test', title: 'a job', status: 'done'}]});
		const [job] = (listed as {result: {id: number}[]}).result;
		expect(await call('job.log', {jobId: job!.id})).toMatchObject({ok: true, result: [{seq: 1, level: 'info', message: 'hello'}]});
		expect(await call('job.log', {jobId: 99})).toMatchObject({ok: false, error: {code: 'not-found', message: 'no job 99 in this workspace'}});
		expect(await call('job.list', {roundId: 'x'})).toMatchObject({ok: false, error: {code: 'invalid-params'}});
	});

	// Issue 12: search.start with policyPath=/etc/shadow answered with the file's first bytes. Each model file here
	// holds a secret in turn; the answer must say what was expected, and hold none of the secret.
	it('is no oracle for host files: model-file errors hold none of the bytes read', async () => {
		const dir = tempDir();
		const secret = 'Qx7#Vb9!Lm2@Np4%Rt6^Wy8&Kc3*';
		const leaked = (message: string) => Array.from({length: secret.length - 3}, (_, i) => secret.slice(i, i + 4)).filter(gram => message.includes(gram));
		const secretFile = path.join(dir, 'shadow');
		fs.writeFileSync(secretFile, `${secret}\n{"format": "${secret}"}\n`);

		const policy = await call('search.start', {question: 'q', policyPath: secretFile});
		expect(policy).toMatchObject({ok: false, error: {code: 'invalid-params', message: expect.stringMatching(/is not a GGUF model file: a file starting with the bytes "GGUF" was expected/)}});
		const messages = [(policy as {error: {message: string}}).error.message];

		for (const file of ['model.onnx', 'tokenizer.json', 'ppm.json']) {
			const bundle = writeTinyPpm(path.join(dir, `bundle-${file}`));
			fs.copyFileSync(secretFile, path.join(bundle, file));
			const reply = await call('search.start', {question: 'q', policyPath: defaultPolicyPath(), ppmPath: bundle, settings: {qMode: 'ppm-augmented'}});
			expect(reply, file).toMatchObject({ok: false, error: {code: 'invalid-params', message: expect.stringMatching(/was expected/)}});
			messages.push((reply as {error: {message: string}}).error.message);
		}
		// A file that is JSON, of the wrong shape: zod's issues name fields and types, never values.
		const shaped = writeTinyPpm(path.join(dir, 'bundle-shaped'));
		fs.writeFileSync(path.join(shaped, 'ppm.json'), JSON.stringify({format: secret, version: secret, padTokenId: secret}));
		const reply = await call('search.start', {question: 'q', policyPath: defaultPolicyPath(), ppmPath: shaped, settings: {qMode: 'ppm-augmented'}});
		expect(reply).toMatchObject({ok: false, error: {code: 'invalid-params', message: expect.stringMatching(/ppm\.json is invalid: format/)}});
		messages.push((reply as {error: {message: string}}).error.message);

		for (const message of messages)
			expect(leaked(message), message).toEqual([]);
	}, 60_000);
});

describe('dataset.delete (dispatch)', () => {
	const tempDir = useTempDir();

	it('refuses to delete a built-in dataset, naming why, and deletes an imported one', async () => {
		// One small built-in (AIME 2024's 30 problems) instead of all of them: the rule is the same.
		const resources = tempDir();
		fs.mkdirSync(path.join(resources, 'datasets'));
		fs.copyFileSync(path.join(resourcesDir(), 'datasets', 'aime2024_test.json'), path.join(resources, 'datasets', 'aime.json'));
		fs.writeFileSync(path.join(resources, 'datasets', 'manifest.json'), JSON.stringify({note: 'test', datasets: [{name: 'AIME 2024', file: 'aime.json', source: 'test'}]}));
		const app = await App.open({workspacePath: path.join(tempDir(), 'w.db'), host: 'browser', resourcesDir: resources});
		try {
			const call = (method: string, params: unknown) => dispatch(app.handlers, method, params);
			const builtin = (await call('dataset.list', {}) as {result: {id: number; name: string; builtin: boolean}[]}).result;
			expect(builtin).toMatchObject([{name: 'AIME 2024', builtin: true}]);

			expect(await call('dataset.delete', {id: builtin[0]!.id})).toEqual({ok: false, error: {
				code: 'dataset.builtin',
				message: '"AIME 2024" is a built-in dataset and cannot be deleted: searches and evaluations refer to its problems, and every start would restore it — import its file as a dataset of your own for a copy you can change or delete',
				details: {datasetId: builtin[0]!.id, name: 'AIME 2024'}
			}});
			expect(await call('dataset.list', {})).toMatchObject({ok: true, result: [{name: 'AIME 2024', problemCount: 30}]});

			const contentBase64 = fs.readFileSync(path.join(resources, 'datasets', 'aime.json')).toString('base64');
			const imported = await call('dataset.import', {name: 'my AIME', fileName: 'aime.json', contentBase64}) as {result: {dataset: {id: number}}};
			expect(await call('dataset.delete', {id: imported.result.dataset.id})).toEqual({ok: true, result: {deleted: true, searchesKept: 0, searchesRemoved: 0}});
			expect(await call('dataset.list', {})).toMatchObject({ok: true, result: [{name: 'AIME 2024'}]});
		} finally {
			await app.close();
		}
	});
});

/** The model processes (dist/main/model-host.js) this test process has started and that are still alive. */
function modelProcesses(): number[] {
	return fs.readdirSync('/proc').filter(entry => /^\d+$/.test(entry)).filter(pid => {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			// Field 4 is the parent pid; the command (field 2) is in parentheses and may hold spaces.
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			return parent === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('model-host.js');
		} catch {
			return false;
		}
	}).map(Number);
}

// Real parts: the App as `rstar serve` builds it, its model processes on the embedded tiny policy, the sandbox, SQLite.
describe.runIf(process.platform === 'linux')('search.start with a cap of searches per model', () => {
	const tempDir = useTempDir();

	it('runs at most two searches per model at once, queues the rest first come first served, and stops a queued one', async () => {
		const app = await App.open({workspacePath: path.join(tempDir(), 'w.db'), host: 'browser', seedBuiltins: false, searchesPerModel: 2});
		const call = (method: string, params: unknown) => dispatch(app.handlers, method, params);
		const finished = new Map<number, SearchSummary>();
		app.events.subscribe(message => {
			if (message.event === 'search.finished')
				finished.set(message.payload.search.id, message.payload.search);
		});
		let mostProcesses = 0;
		const orderBroken: string[] = [];
		let stoppedId = -1;
		const watch = setInterval(() => {
			mostProcesses = Math.max(mostProcesses, modelProcesses().length);
			// FIFO: whenever a search has left the queue, every search started before it has too.
			const statuses = app.searches.list({}).filter(search => search.id !== stoppedId).sort((a, b) => a.id - b.id).map(search => search.status);
			const firstQueued = statuses.indexOf('queued');
			if (firstQueued >= 0 && statuses.slice(firstQueued).some(status => status !== 'queued'))
				orderBroken.push(statuses.join(' '));
		}, 20);
		try {
			// Six calls at once, as a client that does not wait; the first two share one model process, the rest queue at once.
			const ids = (await Promise.all(Array.from({length: 6}, (_, i) => call('search.start', {
				question: `Tom has ${i + 3} apples and buys 4 more. How many apples does he have now?`, answers: [String(i + 7)],
				settings: {rollouts: 4, candidates: 2, maxStepTokens: 96, seed: i, temperature: 1}
			})))).map(started => (started as {ok: true; result: {searchId: number}}).result.searchId);
			expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
			// The last waits behind four others: it is still queued.
			stoppedId = ids[5]!;
			expect(app.searches.summary(stoppedId).status).toBe('queued');
			expect(await call('search.stop', {searchId: stoppedId})).toEqual({ok: true, result: {stopped: true}});

			await expect.poll(() => finished.size, {timeout: 180_000, interval: 100}).toBe(6);
			expect(mostProcesses).toBe(1);
			expect(orderBroken).toEqual([]);
			expect(finished.get(stoppedId)).toMatchObject({status: 'stopped', completedRollouts: 0, error: 'stopped by the user'});
			for (const id of ids.filter(id => id !== stoppedId))
				expect(finished.get(id)).toMatchObject({status: 'done', completedRollouts: expect.any(Number)});
			expect(modelProcesses()).toEqual([]);
		} finally {
			clearInterval(watch);
			await app.close();
		}
	}, 240_000);
});

// The round methods as the Rounds page reaches them: validation naming the field, then the services.
describe('round methods (dispatch)', () => {
	const tempDir = useTempDir();

	it('previews, creates, lists and reports rounds; names bad fields and rounds that are not running', async () => {
		const app = await App.open({workspacePath: path.join(tempDir(), 'w.db'), host: 'browser'});
		try {
			const call = (method: string, params: unknown) => dispatch(app.handlers, method, params);
			const pool = app.datasets.list().find(dataset => dataset.name === 'tiny-curriculum-train')!;
			expect(await call('round.preview', {evolution: 'bad name!', poolDatasetId: pool.id}))
				.toMatchObject({ok: false, error: {code: 'invalid-params', message: expect.stringMatching(/evolution/)}});
			expect(await call('round.create', {evolution: 'e', poolDatasetId: pool.id, overrides: {rollouts: 0}}))
				.toMatchObject({ok: false, error: {code: 'invalid-params', message: expect.stringMatching(/overrides\.rollouts/)}});
			const preview = await call('round.preview', {evolution: 'e', poolDatasetId: pool.id, levels: ['Level 1'], sample: 2});
			expect(preview).toMatchObject({ok: true, result: {number: 1, policyPath: defaultPolicyPath(), ppmPath: null, pool: {sample: 2}, settings: {preset: 'rstar-bootstrap'}}});
			expect(await call('round.list', {})).toEqual({ok: true, result: []});

			const created = await call('round.create', {evolution: 'e', poolDatasetId: pool.id, levels: ['Level 1'], sample: 2});
			expect(created).toMatchObject({ok: true, result: {evolution: 'e', number: 1, status: 'created', stages: [
				{stage: 'search', status: 'pending', job: null}, {stage: 'extract'}, {stage: 'train-policy'}, {stage: 'train-ppm'}, {stage: 'evaluate'}
			]}});
			const roundId = (created as {result: {id: number}}).result.id;
			expect(await call('round.get', {roundId})).toEqual(created);
			expect(await call('round.list', {evolution: 'e'})).toEqual({ok: true, result: [(created as {result: unknown}).result]});
			const problems = await call('round.problems', {roundId});
			expect(problems).toMatchObject({ok: true, result: [{level: 'Level 1', status: 'pending', searchId: null}, {level: 'Level 1', status: 'pending'}]});
			expect(await call('round.pause', {roundId})).toMatchObject({ok: false, error: {code: 'invalid-params', message: 'e round 1 is not running: there is nothing to pause'}});
			expect(await call('round.report', {evolution: 'e'})).toMatchObject({ok: true, result: {evolution: 'e', rounds: [{number: 1, search: null, policy: null}]}});
			expect(await call('round.report', {evolution: 'none'})).toMatchObject({ok: false, error: {code: 'not-found'}});
			expect(await call('round.get', {roundId: 999})).toMatchObject({ok: false, error: {code: 'not-found'}});
			expect(await call('job.metrics', {jobId: 999})).toMatchObject({ok: false, error: {code: 'not-found', message: 'no job 999 in this workspace'}});
		} finally {
			await app.close();
		}
	}, 60_000);
});
