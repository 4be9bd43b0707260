import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {sandboxGrader} from '../../../src-main/checker/sandboxGrader.js';
import {defaultPolicyPath} from '../../../src-main/paths.js';
import {LlamaPolicy} from '../../../src-main/policy/LlamaPolicy.js';
import {promptFormatsByName} from '../../../src-main/prompts/promptFormats.js';
import {PyodideExecutorPool} from '../../../src-main/sandbox/PyodideExecutorPool.js';
import {EventBus} from '../../../src-main/services/EventBus.js';
import {cachedModelLoaders, localModelLoaders} from '../../../src-main/services/localModelLoaders.js';
import {OnnxPpmScorer} from '../../../src-main/scorer/OnnxPpmScorer.js';
import type {ApiEventPayload} from '../../../src-main/contract/api.js';
import type {StoredNode} from '../../../src-main/contract/search.js';
import {TreeReplay} from '../../../src-renderer/lib/TreeReplay.js';
import {SearchService, type ModelLoaders} from '../../../src-main/services/SearchService.js';
import {SearchStore} from '../../../src-main/store/SearchStore.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {useTempDir} from '../../support/tempDir.js';
import {writeTinyPpm} from '../../support/tinyPpm.js';

// Real parts: node-llama-cpp on the random tiny GGUF, the Pyodide sandbox, SQLite.
const question = 'Tom has 3 apples and buys 4 more. How many apples does he have now?';
// The app's grader: Math-Verify in a grading sandbox of its own.
const grading = sandboxGrader();
const grader = grading.grader;
const loadPolicy: ModelLoaders = {
	policy: (modelPath, model) => LlamaPolicy.load({
		...model, modelPath, promptFormat: promptFormatsByName[model.promptFormat], gpu: false, contextSize: 2048, threads: 1
	}),
	ppm: bundleDir => OnnxPpmScorer.load(bundleDir, {device: 'cpu'})
};
// Hot sampling: the trained tiny policy is sure of itself, and identical candidates merge (a tree of one path ends
// early). Its vocabulary is characters: a step takes 40–80 tokens.
const settings = {rollouts: 5, candidates: 3, maxStepTokens: 128, seed: 5, reproducible: true, temperature: 1.5};

describe('SearchService', () => {
	const tempDir = useTempDir();
	let executor: PyodideExecutorPool;

	beforeAll(async () => {
		executor = new PyodideExecutorPool({size: 2});
		await executor.ready();
	}, 120_000);
	afterAll(async () => {
		await executor?.close();
		await grading.close();
	});

	const workspace = () => Workspace.open(path.join(tempDir(), 'w.db'));

	it('runs a search and persists every node and event', async () => {
		const space = workspace();
		try {
			const service = new SearchService(space, loadPolicy, executor, grader);
			const report = await service.solve({question, goldAnswers: ['7'], settings, policyPath: defaultPolicyPath()});
			expect(report).toMatchObject({status: 'done', rollouts: 5});
			expect(report.nodes[0]).toMatchObject({id: 0, parentId: null, text: question});
			// Terminal-guided: the root has one visit per judged answer, each backed up as it was created.
			expect(report.nodes[0]!.visits).toBe(report.nodes.filter(node => node.reason === 'answer').length);
			expect(report.nodes.length).toBeGreaterThan(3);
			const store = new SearchStore(space.db);
			expect(store.get(report.searchId)).toMatchObject({status: 'done', completedRollouts: 5, policySha256: expect.stringMatching(/^[0-9a-f]{64}$/)});
			const kinds = new Set(store.events(report.searchId).map(event => event.kind));
			for (const kind of ['select', 'expand', 'execute', 'terminal', 'backup'])
				expect(kinds).toContain(kind);

			// Its outcome, from the stored tree: every answer leaf in one vote group, nodes by kind adding up, time by stage.
			const outcome = await service.outcome(report.searchId);
			const answers = report.nodes.filter(node => node.reason === 'answer');
			expect(outcome.votes.reduce((sum, vote) => sum + vote.count, 0)).toBe(answers.length);
			expect(outcome.votes.filter(vote => vote.chosen).map(vote => vote.answer)).toEqual(report.answer === null ? [] : [report.answer]);
			expect(outcome.counts).toEqual({
				correct: answers.filter(node => node.correct === true).length, wrong: answers.filter(node => node.correct === false).length,
				unjudged: answers.filter(node => node.correct === null).length,
				pruned: report.nodes.filter(node => ['code-error', 'depth', 'unparsable', 'too-long'].includes(node.reason ?? '')).length
			});
			expect(outcome.nodes.open + Object.values(outcome.nodes.byReason).reduce((sum, count) => sum + count, 0)).toBe(report.nodes.length);
			expect(outcome.generatedTokens).toBeGreaterThan(0);
			expect(outcome.timeMs.generation).toBeGreaterThan(0);
			expect(outcome.timeMs.execution).toBeGreaterThan(0);
			expect(outcome.timeMs.scoring).toBe(0);
			expect(outcome.timeMs.total).toBeCloseTo(outcome.timeMs.generation + outcome.timeMs.execution, 6);
		} finally {
			space.close();
		}
	}, 120_000);

	it('runs searches started together on one policy process they share, each to the tree it builds alone', async () => {
		// The app's loaders: the policy in a model process; cached, so searches running at once share it.
		const local = localModelLoaders({gpu: 'cpu', gpuLayers: 0, contextSize: 2048, threads: 1});
		const loads: string[] = [];
		const counting: ModelLoaders = {...local, policy: (modelPath, model) => {
			loads.push(modelPath);
			return local.policy(modelPath, model);
		}};
		const cached = cachedModelLoaders(counting, {freeIdle: true});
		const requests = [
			{question, goldAnswers: ['7'], settings, policyPath: defaultPolicyPath()},
			{question: 'Sara has 9 pencils and gives away 4. How many pencils does she have left?', goldAnswers: ['5'], settings: {...settings, seed: 6}, policyPath: defaultPolicyPath()}
		];
		const shared = workspace();
		const alone = workspace();
		try {
			const events = new EventBus();
			const order: number[] = [];
			events.subscribe(message => {
				if (message.event === 'search.evented')
					order.push(message.payload.searchId);
			});
			const service = new SearchService(shared, cached, executor, grader, events, {searchesPerModel: 2});
			const together = await Promise.all(requests.map(request => service.solve(request)));
			expect(loads).toHaveLength(1);
			expect(together.map(report => report.status)).toEqual(['done', 'done']);
			// They ran at once: each search's events began before the other's ended.
			const [a, b] = together.map(report => report.searchId) as [number, number];
			expect(order.indexOf(a)).toBeLessThan(order.lastIndexOf(b));
			expect(order.indexOf(b)).toBeLessThan(order.lastIndexOf(a));

			// Reproducible: sharing the model changes no search's tree.
			const separately = new SearchService(alone, local, executor, grader);
			for (const [i, request] of requests.entries()) {
				const solo = await separately.solve(request);
				expect({...solo, searchId: 0}).toEqual({...together[i]!, searchId: 0});
			}
		} finally {
			await cached.close();
			shared.close();
			alone.close();
		}
	}, 240_000);

	it('resumes a search stopped mid-way to the tree an uninterrupted search builds', async () => {
		const whole = workspace();
		const broken = workspace();
		try {
			const uninterrupted = await new SearchService(whole, loadPolicy, executor, grader).solve({question, goldAnswers: ['7'], settings, policyPath: defaultPolicyPath()});

			const events = new EventBus();
			const service = new SearchService(broken, loadPolicy, executor, grader, events);
			const abort = new AbortController();
			events.subscribe(message => {
				if (message.event === 'search.progressed' && message.payload.completedRollouts === 2)
					abort.abort(new Error('killed for the test'));
			});
			const stopped = await service.solve({question, goldAnswers: ['7'], settings, policyPath: defaultPolicyPath()}, abort.signal);
			expect(stopped).toMatchObject({status: 'stopped', rollouts: 2});

			const resumed = await service.resume(stopped.searchId);
			expect(resumed).toMatchObject({status: 'done', rollouts: 5});
			const shape = (report: typeof resumed) => report.nodes.map(node => [node.id, node.parentId, node.text, node.visits, node.terminal, node.reason]);
			expect(shape(resumed)).toEqual(shape(uninterrupted));
		} finally {
			whole.close();
			broken.close();
		}
	}, 180_000);

	it('runs a PPM-augmented search: each new open step takes its PPM score as one visit; the PPM\'s sha256 is recorded', async () => {
		const space = workspace();
		try {
			const ppmPath = writeTinyPpm(path.join(tempDir(), 'ppm'), {'<end_of_step>': 0.5, '<end_of_code>': 1});
			const report = await new SearchService(space, loadPolicy, executor, grader).solve({
				question, goldAnswers: ['7'], settings: {...settings, qMode: 'ppm-augmented', answerSelection: 'ppm-weighted-vote'},
				policyPath: defaultPolicyPath(), ppmPath
			});
			expect(report.status).toBe('done');
			// Scored: every new step that no update reached at its creation (judged answers and failed terminals are).
			const scored = report.nodes.filter(node => node.id > 0 && !(node.terminal && node.reason !== 'children-terminal'));
			expect(scored.length).toBeGreaterThan(0);
			expect(scored.every(node => node.ppm !== null && Math.abs(node.ppm) < 1)).toBe(true);
			expect(new SearchStore(space.db).get(report.searchId)!).toMatchObject({ppmPath, ppmSha256: expect.stringMatching(/^[0-9a-f]{64}$/)});
			// A step that is not a judged or failed terminal was first updated with its PPM score, as one visit.
			const stored = new SearchStore(space.db).nodes(report.searchId);
			for (const node of stored.filter(candidate => candidate.id > 0 && !candidate.terminal)) {
				expect(node.visits).toBeGreaterThanOrEqual(1);
				expect(node.value).toBeCloseTo(node.ppm!, 6);
			}
		} finally {
			space.close();
		}
	}, 120_000);

	it('runs a step-level beam search ranked by the PPM', async () => {
		const space = workspace();
		try {
			const ppmPath = writeTinyPpm(path.join(tempDir(), 'ppm'), {'<end_of_step>': 0.5, '<end_of_code>': 1});
			const report = await new SearchService(space, loadPolicy, executor, grader).solve({
				question, goldAnswers: ['7'], settings: {...settings, mode: 'beam', beamWidth: 2, beamCandidates: 3, maxDepth: 4},
				policyPath: defaultPolicyPath(), ppmPath
			});
			expect(report.status).toBe('done');
			expect(report.nodes.filter(node => node.depth === 1).length).toBeLessThanOrEqual(3);
			// Only the kept steps of a depth are expanded: at most B1 parents per depth.
			for (let depth = 1; depth < 4; depth++) {
				const parents = new Set(report.nodes.filter(node => node.depth === depth + 1).map(node => node.parentId));
				expect(parents.size).toBeLessThanOrEqual(2);
			}
			const events = new SearchStore(space.db).events(report.searchId);
			expect(events.some(event => event.kind === 'beam')).toBe(true);
		} finally {
			space.close();
		}
	}, 120_000);

	it('starts a search in the background and pushes each event live, with the nodes it names, as the log stores it', async () => {
		const space = workspace();
		try {
			const events = new EventBus();
			const live: ApiEventPayload<'search.evented'>[] = [];
			const logged: ApiEventPayload<'log.written'>[] = [];
			const finished = new Promise<ApiEventPayload<'search.finished'>>(resolve => events.subscribe(message => {
				if (message.event === 'search.evented')
					live.push(message.payload);
				if (message.event === 'search.finished')
					resolve(message.payload);
				if (message.event === 'log.written')
					logged.push(message.payload);
			}));
			const service = new SearchService(space, loadPolicy, executor, grader, events);
			const searchId = await service.start({question, goldAnswers: ['7'], settings, policyPath: defaultPolicyPath()});
			const {search: ended} = await finished;
			expect(ended).toMatchObject({id: searchId, status: 'done', completedRollouts: 5, question});
			// The log panel hears the search start and end, each line naming the search to link to.
			await expect.poll(() => logged.length).toBe(2);
			expect(logged).toEqual([
				{level: 'info', message: `search ${searchId} started: ${question}`, at: expect.any(String), ref: {kind: 'search', id: searchId}},
				{level: 'info', message: `search ${searchId} finished after 5 rollouts: ${ended.answer === null ? 'no answer' : `answer ${ended.answer} (${ended.correct ? 'right' : 'wrong'})`}`,
					at: expect.any(String), ref: {kind: 'search', id: searchId}}
			]);

			expect(live.map(payload => payload.seq)).toEqual(live.map((_, i) => i));
			expect(live.map(payload => payload.event)).toEqual(service.eventLog(searchId));
			// What a live view holds (the root, then each pushed snapshot) replays to the stored tree.
			const {search, nodes} = service.get(searchId);
			const seen: StoredNode[] = [nodes[0]!];
			for (const payload of live)
				for (const node of payload.nodes)
					seen[node.id] = node;
			expect(seen.length).toBe(nodes.length);
			const replay = new TreeReplay(seen, live.map(payload => payload.event));
			replay.seek(live.length);
			for (const node of nodes) {
				expect(seen[node.id]).toMatchObject({text: node.text, code: node.code, finalAnswer: node.finalAnswer, parentId: node.parentId});
				expect(replay.state(node.id)).toMatchObject({visits: node.visits, valueSum: node.valueSum, terminal: node.terminal});
			}
			expect(service.list({question}).map(listed => listed.id)).toEqual([searchId]);
			expect(service.list({question})[0]!.nodeCount).toBe(nodes.length);
			expect(service.list({problemId: 1})).toEqual([]);
		} finally {
			space.close();
		}
	}, 120_000);

	it('stops a started search, which keeps its committed rollouts', async () => {
		const space = workspace();
		try {
			const events = new EventBus();
			const service = new SearchService(space, loadPolicy, executor, grader, events);
			const logged: string[] = [];
			const finished = new Promise<ApiEventPayload<'search.finished'>>(resolve => events.subscribe(message => {
				if (message.event === 'search.progressed' && message.payload.completedRollouts === 1)
					expect(service.stop(message.payload.searchId)).toBe(true);
				if (message.event === 'search.finished')
					resolve(message.payload);
				if (message.event === 'log.written')
					logged.push(message.payload.message);
			}));
			await service.start({question, goldAnswers: ['7'], settings: {...settings, rollouts: 200}, policyPath: defaultPolicyPath()});
			const {search} = await finished;
			expect(search).toMatchObject({status: 'stopped', error: 'stopped by the user'});
			await expect.poll(() => logged.at(-1)).toBe(`search ${search.id} stopped after ${search.completedRollouts} rollouts`);
			expect(search.completedRollouts).toBeGreaterThanOrEqual(1);
			expect(search.completedRollouts).toBeLessThan(200);
			expect(service.stop(search.id)).toBe(false);
			expect(() => service.get(99)).toThrow(/no search 99/);
		} finally {
			space.close();
		}
	}, 120_000);

	it('logs a started search whose model fails to load as failed, linked to the search', async () => {
		const space = workspace();
		try {
			const events = new EventBus();
			const logged: ApiEventPayload<'log.written'>[] = [];
			events.subscribe(message => {
				if (message.event === 'log.written')
					logged.push(message.payload);
			});
			const broken: ModelLoaders = {...loadPolicy, policy: () => Promise.reject(new Error('not a llama model'))};
			const service = new SearchService(space, broken, executor, grader, events);
			await expect(service.start({question, goldAnswers: ['7'], settings, policyPath: defaultPolicyPath()})).rejects.toThrow(/not a llama model/);
			const [search] = service.list({question});
			await expect.poll(() => logged.length).toBe(2);
			expect(logged.map(({level, message, ref}) => ({level, message, ref}))).toEqual([
				{level: 'info', message: `search ${search!.id} started: ${question}`, ref: {kind: 'search', id: search!.id}},
				{level: 'error', message: expect.stringMatching(new RegExp(`^search ${search!.id} failed: .*not a llama model`)), ref: {kind: 'search', id: search!.id}}
			]);
		} finally {
			space.close();
		}
	});

	it('refuses a missing model file and an unknown search, naming the fix', async () => {
		const space = workspace();
		try {
			const service = new SearchService(space, loadPolicy, executor, grader);
			await expect(service.solve({question, goldAnswers: [], settings, policyPath: '/nonexistent/model.gguf'})).rejects.toThrow(/policy: no model file at .* pick a GGUF file \(the CLI's --policy\)/);
			await expect(service.resume(99)).rejects.toThrow(/no search 99/);
			await expect(service.solve({question, goldAnswers: [], settings: {...settings, qMode: 'ppm-augmented'}, policyPath: defaultPolicyPath()})).rejects.toThrow(/needs a PPM — pick a PPM bundle folder \(the CLI's --ppm\)/);
		} finally {
			space.close();
		}
	});

	it('refuses at start a question whose prompt does not fit the policy\'s context, with both numbers, before any rollout', async () => {
		const space = workspace();
		try {
			const service = new SearchService(space, loadPolicy, executor, grader);
			// The tiny policy's vocabulary is characters: 3,000 of them take more than the 2,048 tokens of its context here.
			const long = `${'Tom has 3 apples. '.repeat(170)}How many apples?`;
			const refused = service.start({question: long, goldAnswers: [], settings, policyPath: defaultPolicyPath()});
			await expect(refused).rejects.toMatchObject({
				code: 'invalid-params', details: {field: 'question', contextTokens: 2048},
				message: expect.stringMatching(/^question: its prompt takes 3,\d{3} tokens, and the policy's context holds 2,048/)
			});
			const [stored] = service.list({question: long});
			expect(stored).toMatchObject({status: 'failed', completedRollouts: 0, nodeCount: 0});
		} finally {
			space.close();
		}
	}, 60_000);
});
