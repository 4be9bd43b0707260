import fs from 'node:fs';
import {RstarError} from '../contract/errors.js';
import {SearchSettings, type SearchSettingsInput} from '../contract/search.js';
import {BeamSearch} from '../engine/BeamSearch.js';
import {MctsSearch} from '../engine/MctsSearch.js';
import type {Executor, Policy, Scorer} from '../engine/ports.js';
import {SearchTree, q} from '../engine/SearchTree.js';
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

	public constructor(workspace: Workspace, private readonly loaders: ModelLoaders, private readonly executor: Executor, private readonly events?: EventBus) {
		this.store = new SearchStore(workspace.db);
	}

	public async solve(request: SolveRequest, signal?: AbortSignal): Promise<SolveReport> {
		const settings = SearchSettings.parse(request.settings);
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
		return this.run(searchId, models, signal);
	}

	public async resume(searchId: number, signal?: AbortSignal): Promise<SolveReport> {
		const search = this.store.get(searchId);
		if (!search)
			throw new RstarError('not-found', `no search ${searchId} in this workspace`);
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
		const search = this.store.get(searchId);
		if (!search)
			throw new RstarError('not-found', `no search ${searchId} in this workspace`);
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
		const engine = new Engine({
			question: search.question, goldAnswers: search.goldAnswers, settings: search.settings, policy: models.policy,
			scorer: models.scorer ?? undefined, executor: this.executor,
			tree: stored.length > 0 ? SearchTree.fromNodes(stored) : undefined,
			completedRollouts: search.completedRollouts,
			onRolloutDone: (rollout, changed, events) => {
				this.store.commitRollout(searchId, rollout + 1, changed, events);
				this.events?.emit('search.progressed', {searchId, completedRollouts: rollout + 1, totalRollouts: search.settings.rollouts, nodes: engine.tree.nodes.length});
			}
		});
		try {
			await engine.run(signal);
			const selected = selectAnswer(engine.tree, search.settings.answerSelection);
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
		}
		return this.report(searchId);
	}
}
