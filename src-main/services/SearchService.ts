import fs from 'node:fs';
import {RstarError} from '../contract/errors.js';
import {settingsFor} from '../contract/presets.js';
import type {SearchEvent, SearchSettings, SearchSettingsInput, SearchSummary, StoredNode} from '../contract/search.js';
import {BeamSearch} from '../engine/BeamSearch.js';
import {MctsSearch} from '../engine/MctsSearch.js';
import type {Executor, Grader, Policy, Scorer} from '../engine/ports.js';
import {SearchTree, q, type TreeNode} from '../engine/SearchTree.js';
import {selectAnswer} from '../engine/selectAnswer.js';
import {SearchStore, type StoredSearch} from '../store/SearchStore.js';
import type {Workspace} from '../store/Workspace.js';
import type {EventBus} from './EventBus.js';

/** A loaded model: what the engine calls, the sha256 recorded with the search, and how to free it. */
type Loaded<T> = T & {sha256: string; dispose(): Promise<void>};

/** Loads the models a search names; the CLI and the app pass the real ones (LlamaPolicy, OnnxPpmScorer). */
export interface ModelLoaders {
	policy(modelPath: string, settings: SearchSettings): Promise<Loaded<Policy>>;
	ppm(bundleDir: string): Promise<Loaded<Scorer>>;
}

export interface SolveRequest {
	question: string;
	goldAnswers: readonly string[];
	settings: SearchSettingsInput;
	policyPath: string;
	/** A PPM bundle folder; required for ppm-augmented searches, recorded (scores) in any search. */
	ppmPath?: string | null;
	problemId?: number | null;
}

/** A finished (or stopped) search, as `rstar solve --json` prints it. */
export interface SolveReport {
	searchId: number;
	status: StoredSearch['status'];
	answer: string | null;
	correct: boolean | null;
	rollouts: number;
	nodes: {
		id: number; parentId: number | null; depth: number; visits: number; q: number; ppm: number | null; terminal: boolean;
		reason: string | null; correct: boolean | null; finalAnswer: string | null; text: string; code: string; output: string | null;
	}[];
}

/**
 * Runs searches and keeps them: each rollout is committed to the workspace as it completes, so a search killed
 * mid-way loses at most the rollout in flight, and `resume` continues from the last committed one — to the same tree
 * an uninterrupted run builds, since the engine is deterministic under its seed.
 */
export class SearchService {
	private readonly store: SearchStore;
	/** Searches started with `start`, by id: how to stop each, and its run. */
	private readonly running = new Map<number, {abort: AbortController; done: Promise<unknown>}>();

	public constructor(workspace: Workspace, private readonly loaders: ModelLoaders, private readonly executor: Executor, private readonly grader: Grader, private readonly events?: EventBus) {
		this.store = new SearchStore(workspace.db);
	}

	public async solve(request: SolveRequest, signal?: AbortSignal): Promise<SolveReport> {
		const {searchId, models} = await this.begin(request);
		return this.run(searchId, models, signal);
	}

	/**
	 * Starts a search in the background and returns its id as soon as its models are loaded; its events are pushed
	 * live (`search.evented`) and its end too (`search.finished`). `stop` ends it.
	 */
	public async start(request: SolveRequest): Promise<number> {
		const {searchId, models} = await this.begin(request);
		const abort = new AbortController();
		const done = this.run(searchId, models, abort.signal)
			.catch((error: Error) => this.events?.log('error', `search ${searchId} failed: ${error.message}`));
		this.running.set(searchId, {abort, done});
		return searchId;
	}

	/** Stops a search started with `start` after the step in flight; false when it is not running here. */
	public stop(searchId: number): boolean {
		const run = this.running.get(searchId);
		run?.abort.abort(new Error('stopped by the user'));
		return run !== undefined;
	}

	/** Stops every running search and waits for each to record how it ended. */
	public async close(): Promise<void> {
		const runs = [...this.running.values()];
		for (const run of runs)
			run.abort.abort(new Error('the app is closing'));
		await Promise.all(runs.map(run => run.done));
	}

	public list(filter: {problemId?: number; question?: string}): SearchSummary[] {
		return this.store.list(filter).map(toSummary);
	}

	/** The search and its tree as committed; before its first rollout commits, the tree is its root alone. */
	public get(searchId: number): {search: SearchSummary; nodes: StoredNode[]} {
		const search = this.summary(searchId);
		const stored = this.store.nodes(searchId);
		return {search, nodes: (stored.length > 0 ? stored : new SearchTree(search.question).nodes).map(toStoredNode)};
	}

	public eventLog(searchId: number): SearchEvent[] {
		this.stored(searchId);
		return this.store.events(searchId);
	}

	public summary(searchId: number): SearchSummary {
		return toSummary({...this.stored(searchId), nodeCount: this.store.nodeCount(searchId)});
	}

	private stored(searchId: number): StoredSearch {
		const search = this.store.get(searchId);
		if (!search)
			throw new RstarError('not-found', `no search ${searchId} in this workspace`);
		return search;
	}

	private async begin(request: SolveRequest): Promise<{searchId: number; models: {policy: Loaded<Policy>; scorer: Loaded<Scorer> | null}}> {
		const settings = settingsFor(request.settings.preset, request.settings);
		if (!fs.existsSync(request.policyPath))
			throw new RstarError('not-found', `no policy model at ${request.policyPath} — pass --policy FILE.gguf`);
		if ((settings.qMode === 'ppm-augmented' || settings.mode === 'beam') && !request.ppmPath)
			throw new RstarError('invalid-params', `${settings.mode === 'beam' ? 'beam search ranks steps with' : 'a ppm-augmented search needs'} a PPM — pass --ppm BUNDLE_DIR`);
		const models = await this.loadModels(request.policyPath, request.ppmPath ?? null, settings);
		const searchId = this.store.create({
			problemId: request.problemId ?? null, question: request.question, goldAnswers: request.goldAnswers, settings,
			policyPath: request.policyPath, policySha256: models.policy.sha256,
			ppmPath: request.ppmPath ?? null, ppmSha256: models.scorer?.sha256 ?? null
		});
		return {searchId, models};
	}

	public async resume(searchId: number, signal?: AbortSignal): Promise<SolveReport> {
		const search = this.stored(searchId);
		if (search.status === 'done')
			return this.report(searchId);
		const models = await this.loadModels(search.policyPath, search.ppmPath, search.settings);
		const changed = models.policy.sha256 !== search.policySha256 ? search.policyPath
			: (models.scorer?.sha256 ?? null) !== search.ppmSha256 ? search.ppmPath : null;
		if (changed) {
			await this.dispose(models);
			throw new RstarError('invalid-params', `${changed} changed since search ${searchId} started (sha256 differs): it cannot be resumed faithfully`);
		}
		this.store.markRunning(searchId);
		return this.run(searchId, models, signal);
	}

	public report(searchId: number): SolveReport {
		const search = this.stored(searchId);
		return {
			searchId, status: search.status, answer: search.answer, correct: search.correct, rollouts: search.completedRollouts,
			nodes: this.store.nodes(searchId).map(node => ({
				id: node.id, parentId: node.parentId, depth: node.depth, visits: node.visits, q: q(node), ppm: node.ppm,
				terminal: node.terminal, reason: node.reason, correct: node.correct, finalAnswer: node.finalAnswer, text: node.text,
				code: node.code, output: node.error ?? node.output
			}))
		};
	}

	private async loadModels(policyPath: string, ppmPath: string | null, settings: SearchSettings): Promise<{policy: Loaded<Policy>; scorer: Loaded<Scorer> | null}> {
		const scorer = ppmPath ? await this.loaders.ppm(ppmPath) : null;
		try {
			return {policy: await this.loaders.policy(policyPath, settings), scorer};
		} catch (error) {
			await scorer?.dispose();
			throw error;
		}
	}

	private async dispose(models: {policy: Loaded<Policy>; scorer: Loaded<Scorer> | null}): Promise<void> {
		await models.policy.dispose();
		await models.scorer?.dispose();
	}

	private async run(searchId: number, models: {policy: Loaded<Policy>; scorer: Loaded<Scorer> | null}, signal?: AbortSignal): Promise<SolveReport> {
		const search = this.store.get(searchId)!;
		const stored = this.store.nodes(searchId);
		const Engine = search.settings.mode === 'beam' ? BeamSearch : MctsSearch;
		// Live events are numbered after the committed log; a rollout cut short is never committed, nor replayed.
		let seq = this.store.eventCount(searchId);
		const engine: MctsSearch | BeamSearch = new Engine({
			question: search.question, goldAnswers: search.goldAnswers, settings: search.settings, policy: models.policy,
			scorer: models.scorer ?? undefined, executor: this.executor, grader: this.grader,
			tree: stored.length > 0 ? SearchTree.fromNodes(stored) : undefined,
			completedRollouts: search.completedRollouts,
			onEvent: event => this.events?.emit('search.evented', {
				searchId, seq: seq++, event, nodes: namedNodes(event).map(id => toStoredNode(engine.tree.node(id)))
			}),
			onRolloutDone: (rollout, changed, events) => {
				this.store.commitRollout(searchId, rollout + 1, changed, events);
				this.events?.emit('search.progressed', {searchId, completedRollouts: rollout + 1, totalRollouts: search.settings.rollouts, nodes: engine.tree.nodes.length});
			}
		});
		try {
			await engine.run(signal);
			const selected = await selectAnswer(engine.tree, search.settings, this.grader);
			const correct = selected.answer === null || search.goldAnswers.length === 0 ? null
				: engine.tree.node(selected.nodeId!).correct;
			this.store.finish(searchId, {status: 'done', answer: selected.answer, correct});
		} catch (error) {
			const stopped = signal?.aborted ?? false;
			this.store.finish(searchId, {status: stopped ? 'stopped' : 'failed', error: (error as Error).message});
			if (!stopped)
				throw error;
		} finally {
			await this.dispose(models);
			this.running.delete(searchId);
			this.events?.emit('search.finished', {search: this.summary(searchId)});
		}
		return this.report(searchId);
	}
}

/** The nodes whose stored fields an event changes beyond what replay derives: new children, executed and terminal steps. */
function namedNodes(event: SearchEvent): number[] {
	switch (event.kind) {
		case 'expand': return event.children;
		case 'execute':
		case 'terminal': return [event.nodeId];
		default: return [];
	}
}

export function toStoredNode({children: _children, reward: _reward, ...node}: TreeNode): StoredNode {
	return node;
}

function toSummary({policySha256: _policy, ppmSha256: _ppm, ...search}: StoredSearch & {nodeCount: number}): SearchSummary {
	return search;
}
