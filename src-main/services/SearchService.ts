import fs from 'node:fs';
import {RstarError} from '../contract/errors.js';
import {SearchSettings, type SearchSettingsInput} from '../contract/search.js';
import {MctsSearch} from '../engine/MctsSearch.js';
import type {Executor, Policy} from '../engine/ports.js';
import {SearchTree, q} from '../engine/SearchTree.js';
import {selectAnswer} from '../engine/selectAnswer.js';
import {SearchStore, type StoredSearch} from '../store/SearchStore.js';
import type {Workspace} from '../store/Workspace.js';
import type {EventBus} from './EventBus.js';

/** Loads the policy a search names; the CLI and the app pass the real one (LlamaPolicy.load). */
export type PolicyLoader = (modelPath: string, settings: SearchSettings) => Promise<Policy & {sha256: string; dispose(): Promise<void>}>;

export interface SolveRequest {
	question: string;
	goldAnswers: readonly string[];
	settings: SearchSettingsInput;
	policyPath: string;
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

	public constructor(workspace: Workspace, private readonly loadPolicy: PolicyLoader, private readonly executor: Executor, private readonly events?: EventBus) {
		this.store = new SearchStore(workspace.db);
	}

	public async solve(request: SolveRequest, signal?: AbortSignal): Promise<SolveReport> {
		const settings = SearchSettings.parse(request.settings);
		if (!fs.existsSync(request.policyPath))
			throw new RstarError('not-found', `no policy model at ${request.policyPath} — pass --policy FILE.gguf`);
		const policy = await this.loadPolicy(request.policyPath, settings);
		const searchId = this.store.create({
			problemId: request.problemId ?? null, question: request.question, goldAnswers: request.goldAnswers, settings,
			policyPath: request.policyPath, policySha256: policy.sha256
		});
		return this.run(searchId, policy, signal);
	}

	public async resume(searchId: number, signal?: AbortSignal): Promise<SolveReport> {
		const search = this.store.get(searchId);
		if (!search)
			throw new RstarError('not-found', `no search ${searchId} in this workspace`);
		if (search.status === 'done')
			return this.report(searchId);
		const policy = await this.loadPolicy(search.policyPath, search.settings);
		if (policy.sha256 !== search.policySha256) {
			await policy.dispose();
			throw new RstarError('invalid-params', `the policy at ${search.policyPath} changed since search ${searchId} started (sha256 differs): it cannot be resumed faithfully`);
		}
		this.store.markRunning(searchId);
		return this.run(searchId, policy, signal);
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

	private async run(searchId: number, policy: Policy & {dispose(): Promise<void>}, signal?: AbortSignal): Promise<SolveReport> {
		const search = this.store.get(searchId)!;
		const stored = this.store.nodes(searchId);
		const mcts = new MctsSearch({
			question: search.question, goldAnswers: search.goldAnswers, settings: search.settings, policy, executor: this.executor,
			tree: stored.length > 0 ? SearchTree.fromNodes(stored) : undefined,
			completedRollouts: search.completedRollouts,
			onRolloutDone: (rollout, changed, events) => {
				this.store.commitRollout(searchId, rollout + 1, changed, events);
				this.events?.emit('search.progressed', {searchId, completedRollouts: rollout + 1, totalRollouts: search.settings.rollouts, nodes: mcts.tree.nodes.length});
			}
		});
		try {
			await mcts.run(signal);
			const selected = selectAnswer(mcts.tree, search.settings.answerSelection);
			const correct = selected.answer === null || search.goldAnswers.length === 0 ? null
				: mcts.tree.node(selected.nodeId!).correct;
			this.store.finish(searchId, {status: 'done', answer: selected.answer, correct});
		} catch (error) {
			const stopped = signal?.aborted ?? false;
			this.store.finish(searchId, {status: stopped ? 'stopped' : 'failed', error: (error as Error).message});
			if (!stopped)
				throw error;
		} finally {
			await policy.dispose();
		}
		return this.report(searchId);
	}
}
