import fs from 'node:fs';
import {RstarError} from '../contract/errors.js';
import type {PolicyModelOptions} from '../contract/modelHost.js';
import {settingsFor} from '../contract/presets.js';
import {candidatesPerExpansion, terminalReasons, type SearchEvent, type SearchOutcome, type SearchSettings, type SearchSettingsInput, type SearchSummary, type StoredNode, type TerminalReason} from '../contract/search.js';
import {BeamSearch} from '../engine/BeamSearch.js';
import {MctsSearch} from '../engine/MctsSearch.js';
import type {Executor, Grader, Policy, Scorer} from '../engine/ports.js';
import {SearchTree, q, type TreeNode} from '../engine/SearchTree.js';
import {groupEqual, meanQ, selectAnswer} from '../engine/selectAnswer.js';
import {SearchStore, type BatchSearchOverview, type StoredSearch} from '../store/SearchStore.js';
import type {Workspace} from '../store/Workspace.js';
import type {BatchLink} from './BatchSearch.js';
import type {EventBus} from './EventBus.js';
import {modelFileKey} from './modelFileKey.js';
import {ModelSlots, type ReleaseSlot} from './ModelSlots.js';

/** A loaded model: what the engine calls, the sha256 recorded with the search, and how to free it. */
type Loaded<T> = T & {sha256: string; dispose(): Promise<void>};

/**
 * Loads the models a search names; the CLI and the app pass the real ones (LlamaPolicy, OnnxPpmScorer). The policy
 * gets only what its loading depends on (`policyModelOptions`), so a cache can key on it.
 */
export interface ModelLoaders {
	policy(modelPath: string, options: PolicyModelOptions): Promise<Loaded<Policy>>;
	ppm(bundleDir: string): Promise<Loaded<Scorer>>;
}

/** What a search's settings ask of its policy's loading: a sequence per candidate, and no prefix reuse when reproducible. */
export function policyModelOptions(settings: SearchSettings): PolicyModelOptions {
	return {promptFormat: settings.promptFormat, sequences: candidatesPerExpansion(settings), reusePrefix: !settings.reproducible};
}

export interface SolveRequest {
	question: string;
	goldAnswers: readonly string[];
	settings: SearchSettingsInput;
	policyPath: string;
	/** A PPM bundle folder; required for ppm-augmented searches, recorded (scores) in any search. */
	ppmPath?: string | null;
	problemId?: number | null;
	/** The round or evaluation batch it belongs to (one search per problem of each, a rule of the store). */
	roundId?: number | null;
	evaluationId?: number | null;
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

export interface SearchServiceOptions {
	/**
	 * Searches that may run at once on one policy model file; the others wait, `queued`, first come first served.
	 * Through `cachedModelLoaders` the running ones share one model process (and one per PPM), whose calls queue in
	 * the model; through plain loaders each loads its own. Defaults to 2.
	 */
	searchesPerModel?: number;
	/** How long a search's lease lasts unless renewed; it is renewed at every rollout and every third of this. Defaults to 30 s. */
	leaseMs?: number;
}

type Models = {policy: Loaded<Policy>; scorer: Loaded<Scorer> | null};

/**
 * Runs searches and keeps them: each rollout is committed to the workspace as it completes, so a search killed
 * mid-way loses at most the rollout in flight, and `resume` continues from the last committed one — to the same tree
 * an uninterrupted run builds, since the engine is deterministic under its seed.
 *
 * One process works on a search at a time: it holds the search's lease in the store from the moment it creates or
 * claims it until it records how it ended. Building the service marks `interrupted` the searches whose process died.
 */
export class SearchService {
	private readonly store: SearchStore;
	private readonly slots: ModelSlots;
	private readonly leaseMs: number;
	/** Searches started with `start` (running, or queued for a slot), by id: how to stop each, and its work. */
	private readonly running = new Map<number, {abort: AbortController; done: Promise<unknown>}>();

	public constructor(workspace: Workspace, private readonly loaders: ModelLoaders, private readonly executor: Executor, private readonly grader: Grader, private readonly events?: EventBus, options: SearchServiceOptions = {}) {
		this.leaseMs = options.leaseMs ?? 30_000;
		this.store = new SearchStore(workspace.db, {leaseMs: this.leaseMs});
		this.slots = new ModelSlots(options.searchesPerModel ?? 2);
		const interrupted = this.store.interruptStale();
		if (interrupted.length > 0)
			this.events?.log('warn', `search${interrupted.length === 1 ? '' : 'es'} ${interrupted.join(', ')} lost ${interrupted.length === 1 ? 'its' : 'their'} process and ${interrupted.length === 1 ? 'is' : 'are'} now interrupted: resume to go on`);
	}

	/** Runs a search to its end here (after the searches already waiting for its model). */
	public async solve(request: SolveRequest, signal?: AbortSignal): Promise<SolveReport> {
		const settings = this.check(request);
		const slot = await this.slots.acquire(modelFileKey(request.policyPath), signal);
		return this.work(this.create(request, settings, 'running'), signal, {slot});
	}

	/**
	 * Starts a search in the background and returns its id: once its models are loaded when its policy model has a
	 * free slot (a model that cannot be loaded is refused here, the search kept as `failed`), at once otherwise — the
	 * search is then `queued` and starts when a slot frees, after those queued before it (a model that cannot be
	 * loaded then fails the search). Its events are pushed live (`search.evented`) and its end too
	 * (`search.finished`). `stop` ends it, queued or running.
	 */
	public async start(request: SolveRequest): Promise<number> {
		const settings = this.check(request);
		const abort = new AbortController();
		const key = modelFileKey(request.policyPath);
		const slot = this.slots.tryAcquire(key) ?? undefined;
		const searchId = this.create(request, settings, slot ? 'running' : 'queued');
		let loaded: Promise<void> = Promise.resolve();
		let done: Promise<SolveReport>;
		if (slot)
			loaded = new Promise((resolve, reject) => {
				done = this.work(searchId, abort.signal, {slot, onLoaded: error => error ? reject(error) : resolve()});
			});
		else {
			this.events?.log('info', `search ${searchId} is queued behind ${this.slots.waiters(key)} other(s): ${request.policyPath} already runs ${this.slots.perModel} searches, its limit`);
			done = this.work(searchId, abort.signal);
		}
		const ref = {kind: 'search', id: searchId} as const;
		this.events?.log('info', `search ${searchId} started: ${excerpt(request.question)}`, ref);
		this.running.set(searchId, {abort, done: done!.then(
			report => this.events?.log('info', `search ${searchId} ${endedAs(report)}`, ref),
			(error: Error) => this.events?.log('error', `search ${searchId} failed: ${error.message}`, ref)
		)});
		await loaded;
		return searchId;
	}

	/** Stops a search started with `start`, queued or after the step in flight; false when it is not running here. */
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

	/** The searches of a round's or an evaluation's batch, in creation order. */
	public linked(link: BatchLink): StoredSearch[] {
		return this.store.linked(link);
	}

	/** Per search of a round's batch: its status, nodes, and whether it reached a right answer (SearchStore.batchOverview). */
	public batchOverview(roundId: number): BatchSearchOverview[] {
		return this.store.batchOverview(roundId);
	}

	/** The search of one problem of a batch, if it has one yet. */
	public linkedSearch(link: BatchLink, problemId: number): StoredSearch | null {
		return this.store.linkedSearch(link, problemId);
	}

	/** The stored tree of a search, as committed. */
	public storedNodes(searchId: number): TreeNode[] {
		return this.store.nodes(searchId);
	}

	/** See SearchStore.canWrite. */
	public canWrite(): boolean {
		return this.store.canWrite();
	}

	public eventLog(searchId: number): SearchEvent[] {
		this.stored(searchId);
		return this.store.events(searchId);
	}

	/** What a search came to, from its stored tree (as committed: a running search's so far). See SearchOutcome. */
	public async outcome(searchId: number): Promise<SearchOutcome> {
		const search = this.stored(searchId);
		const nodes = this.store.nodes(searchId);
		const byReason = Object.fromEntries(terminalReasons.map(reason => [reason, 0])) as Record<TerminalReason, number>;
		for (const node of nodes)
			if (node.reason !== null)
				byReason[node.reason]++;
		const answers = nodes.filter(node => node.reason === 'answer' && node.finalAnswer !== null);
		const groups = (await groupEqual(answers, this.grader))
			.map(group => ({group, meanQ: meanQ(group)}))
			.sort((a, b) => b.group.length - a.group.length || b.meanQ - a.meanQ);
		const {generation, execution, scoring} = search.stageMs;
		return {
			searchId,
			votes: groups.map(({group, meanQ: mean}) => ({
				answer: group[0]!.finalAnswer!, count: group.length, meanQ: mean, correct: group[0]!.correct,
				chosen: search.answer !== null && group.some(node => node.finalAnswer === search.answer)
			})),
			nodes: {total: nodes.length, open: nodes.filter(node => node.reason === null).length, byReason},
			counts: {
				correct: answers.filter(node => node.correct === true).length,
				wrong: answers.filter(node => node.correct === false).length,
				unjudged: answers.filter(node => node.correct === null).length,
				pruned: byReason['code-error'] + byReason.depth + byReason.unparsable + byReason['too-long']
			},
			generatedTokens: search.generatedTokens,
			timeMs: {generation, execution, scoring, total: search.workMs}
		};
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

	private check(request: SolveRequest): SearchSettings {
		const settings = settingsFor(request.settings.preset, request.settings);
		if (!fs.existsSync(request.policyPath))
			throw new RstarError('not-found', `policy: no model file at ${request.policyPath} — pick a GGUF file (the CLI's --policy)`, {field: 'policyPath'});
		if ((settings.qMode === 'ppm-augmented' || settings.mode === 'beam') && !request.ppmPath)
			throw new RstarError('invalid-params', `PPM: ${settings.mode === 'beam' ? 'beam search ranks steps with' : 'a ppm-augmented search needs'} a PPM — pick a PPM bundle folder (the CLI's --ppm), or ${settings.mode === 'beam' ? 'MCTS' : 'terminal-guided Q'}`, {field: 'ppmPath'});
		return settings;
	}

	/** Stores a new search, leased to this process; its models' sha256 are recorded when they load. */
	private create(request: SolveRequest, settings: SearchSettings, status: 'running' | 'queued'): number {
		return this.store.create({
			problemId: request.problemId ?? null, question: request.question, goldAnswers: request.goldAnswers, settings,
			policyPath: request.policyPath, policySha256: null, ppmPath: request.ppmPath ?? null, ppmSha256: null,
			roundId: request.roundId ?? null, evaluationId: request.evaluationId ?? null
		}, status);
	}

	/**
	 * Continues a search that is not done (stopped, failed, interrupted) from its last committed rollout. Refused with
	 * `search.busy` while another process (or this one) holds it: two runs of one search would log every rollout twice.
	 * `reclaimOwn` takes it back from this service's own lease, for a caller that knows its run of it has ended (a batch
	 * whose search stopped on a full disk could not write that it ended).
	 */
	public async resume(searchId: number, signal?: AbortSignal, options: {reclaimOwn?: boolean} = {}): Promise<SolveReport> {
		if (this.stored(searchId).status === 'done')
			return this.report(searchId);
		this.store.claim(searchId, 'queued', options);
		return this.work(searchId, signal);
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

	/**
	 * Works on a search this process holds the lease of, to its end: keeps the lease alive, waits for a slot on its
	 * policy model (unless given one), loads its models (`onLoaded` hears how that went), runs it, records how it
	 * ended and frees the slot.
	 */
	private async work(searchId: number, signal: AbortSignal | undefined, options: {slot?: ReleaseSlot; onLoaded?(error?: Error): void} = {}): Promise<SolveReport> {
		// Renewed on a timer as well as at each rollout: one rollout of a large model can outlast a lease.
		const heartbeat = setInterval(() => this.store.renewLease(searchId), this.leaseMs / 3);
		heartbeat.unref();
		let slot = options.slot;
		try {
			const search = this.stored(searchId);
			if (!slot) {
				try {
					slot = await this.slots.acquire(modelFileKey(search.policyPath), signal);
				} catch (error) {
					// Only an abort ends the wait: the search was stopped while queued.
					this.store.finish(searchId, {status: 'stopped', error: (error as Error).message});
					return this.report(searchId);
				}
				this.store.markRunning(searchId);
			}
			let models: Models;
			try {
				models = await this.loadRecorded(search);
			} catch (error) {
				options.onLoaded?.(error as Error);
				throw error;
			}
			options.onLoaded?.();
			await this.run(searchId, models, signal);
			return this.report(searchId);
		} finally {
			clearInterval(heartbeat);
			slot?.();
			this.running.delete(searchId);
			this.events?.emit('search.finished', {search: this.summary(searchId)});
		}
	}

	/**
	 * Loads a stored search's models and records their sha256 the first time; a model that changed since the search
	 * first ran fails it (it cannot be resumed faithfully), as does one that cannot be loaded, and a question whose
	 * prompt does not fit the policy's context.
	 */
	private async loadRecorded(search: StoredSearch): Promise<Models> {
		let models: Models | null = null;
		try {
			models = await this.loadModels(search.policyPath, search.ppmPath, search.settings);
			// A prompt over the context would take minutes to evaluate before failing: refused before any work.
			const fit = await models.policy.fit(search.question);
			if (fit.promptTokens >= fit.contextTokens)
				throw new RstarError('invalid-params', `question: its prompt takes ${fit.promptTokens.toLocaleString('en')} tokens, and the policy's context holds ${fit.contextTokens.toLocaleString('en')} (question and steps together) — shorten the question`, {field: 'question', ...fit});
			// A search queued before its first load has nothing recorded yet: these models are the ones it runs on.
			const changed = search.policySha256 !== null && models.policy.sha256 !== search.policySha256 ? search.policyPath
				: search.policySha256 !== null && (models.scorer?.sha256 ?? null) !== search.ppmSha256 ? search.ppmPath : null;
			if (changed)
				throw new RstarError('invalid-params', `${changed} changed since search ${search.id} started (sha256 differs): it cannot be resumed faithfully`);
			this.store.recordModels(search.id, {policySha256: models.policy.sha256, ppmSha256: models.scorer?.sha256 ?? null});
			return models;
		} catch (error) {
			if (models)
				await this.dispose(models);
			this.store.finish(search.id, {status: 'failed', error: (error as Error).message});
			throw error;
		}
	}

	private async loadModels(policyPath: string, ppmPath: string | null, settings: SearchSettings): Promise<Models> {
		const scorer = ppmPath ? await this.loaders.ppm(ppmPath) : null;
		try {
			return {policy: await this.loaders.policy(policyPath, policyModelOptions(settings)), scorer};
		} catch (error) {
			await scorer?.dispose();
			throw error;
		}
	}

	private async dispose(models: Models): Promise<void> {
		await models.policy.dispose();
		await models.scorer?.dispose();
	}

	private async run(searchId: number, models: Models, signal?: AbortSignal): Promise<void> {
		const search = this.store.get(searchId)!;
		const stored = this.store.nodes(searchId);
		const Engine = search.settings.mode === 'beam' ? BeamSearch : MctsSearch;
		// Live events are numbered after the committed log; a rollout cut short is never committed, nor replayed.
		let seq = this.store.eventCount(searchId);
		// What the engine had spent at the last commit: each commit adds what its rollout cost.
		let committed = {generatedTokens: 0, generationMs: 0, executionMs: 0, scoringMs: 0};
		const engine: MctsSearch | BeamSearch = new Engine({
			question: search.question, goldAnswers: search.goldAnswers, settings: search.settings, policy: models.policy,
			scorer: models.scorer ?? undefined, executor: this.executor, grader: this.grader,
			tree: stored.length > 0 ? SearchTree.fromNodes(stored) : undefined,
			completedRollouts: search.completedRollouts,
			onEvent: event => this.events?.emit('search.evented', {
				searchId, seq: seq++, event, nodes: namedNodes(event).map(id => toStoredNode(engine.tree.node(id)))
			}),
			onRolloutDone: (rollout, changed, events) => {
				const {generatedTokens, generationMs, executionMs, scoringMs} = engine.timings;
				this.store.commitRollout(searchId, rollout + 1, changed, events, {
					generatedTokens: generatedTokens - committed.generatedTokens,
					stageMs: {generation: generationMs - committed.generationMs, execution: executionMs - committed.executionMs, scoring: scoringMs - committed.scoringMs}
				});
				committed = {generatedTokens, generationMs, executionMs, scoringMs};
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
			// Writes nothing when the lease was lost: the search is another process's now.
			this.store.finish(searchId, {status: stopped ? 'stopped' : 'failed', error: (error as Error).message});
			if (!stopped)
				throw error;
		} finally {
			await this.dispose(models);
		}
	}
}

/** The first line of a question, cut to fit a log line. */
function excerpt(question: string): string {
	const line = question.split('\n')[0]!.trim();
	return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** How a search ended, for the log: its answer and whether it is right, or why it stopped. */
function endedAs(report: SolveReport): string {
	if (report.status !== 'done')
		return `${report.status} after ${report.rollouts} rollouts`;
	const verdict = report.correct === null ? '' : report.correct ? ' (right)' : ' (wrong)';
	return `finished after ${report.rollouts} rollouts: ${report.answer === null ? 'no answer' : `answer ${report.answer}${verdict}`}`;
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

function toSummary({policySha256: _policy, ppmSha256: _ppm, roundId: _round, evaluationId: _evaluation, generatedTokens: _tokens, workMs: _ms, stageMs: _stages, ...search}: StoredSearch & {nodeCount: number}): SearchSummary {
	return search;
}
