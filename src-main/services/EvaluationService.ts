import {RstarError} from '../contract/errors.js';
import type {ProblemSummary} from '../contract/datasets.js';
import {settingsFor} from '../contract/presets.js';
import {answerSelections, reachedRightAnswer, type AnswerSelection, type SearchSettings, type SearchSettingsInput} from '../contract/search.js';
import {SearchTree} from '../engine/SearchTree.js';
import {selectAnswer} from '../engine/selectAnswer.js';
import type {Grader} from '../engine/ports.js';
import {accuracyVsN, type AccuracyVsN, type AccuracyVsNOptions, type ProblemTrajectories} from '../rounds/accuracyVsN.js';
import {trajectoriesOf} from '../rounds/trajectoriesOf.js';
import {DatasetStore} from '../store/DatasetStore.js';
import {RoundStore} from '../store/RoundStore.js';
import type {Workspace} from '../store/Workspace.js';
import {runBatch} from './BatchSearch.js';
import type {JobContext} from './JobRunner.js';
import type {SearchService} from './SearchService.js';

export interface EvaluationRequest {
	datasetId: number;
	/** Only problems of this level ("Level 1"). */
	level?: string;
	/** The first N problems (of the level). */
	limit?: number;
	/** At most N problems of each level, the first ones. */
	perLevel?: number;
	settings: SearchSettingsInput;
	policyPath: string;
	ppmPath?: string | null;
	/** 'greedy' is the policy's pass@1; 'search' any other search. Recorded with the evaluation. */
	kind: 'greedy' | 'search';
	/** The round whose models it scores, if any. */
	roundId?: number | null;
	/** Searches at once (they share the model processes). Defaults to 2. */
	concurrency?: number;
	/** For a search: accuracy against N of its answers, by subsampling (the Ns and resamples; defaults as accuracyVsN's). */
	accuracyVsN?: AccuracyVsNOptions;
}

export interface LevelScore {
	problems: number;
	/** Problems whose selected answer is right (pass@1 for a greedy run). */
	solved: number;
	/** solved / problems. */
	rate: number;
	/**
	 * Problems where the search reached at least one right answer — what a self-evolution round can turn into
	 * training data (the terminal-guided search's "solve rate" in rStar-Math's data synthesis).
	 */
	found: number;
	/** found / problems. */
	foundRate: number;
}

export interface EvaluationReport {
	evaluationId: number;
	dataset: string;
	kind: 'greedy' | 'search';
	settings: SearchSettings;
	policyPath: string;
	ppmPath: string | null;
	overall: LevelScore;
	/** Per level, "(none)" for problems without one. */
	byLevel: Record<string, LevelScore>;
	/** One stored search per problem, in the dataset's order. */
	searchIds: number[];
	/** A search's accuracy against N of its answer trajectories (pass@N, majority, best-PPM, weighted vote); null for greedy. */
	accuracyVsN: AccuracyVsN | null;
	/** A search's accuracy had it picked its answer by each of the answer-selection modes; null for greedy. */
	byAnswerSelection: Record<AnswerSelection, SelectionScores> | null;
	seconds: number;
}

/** How often a way of picking the answer picks a right one, overall and per level. */
export interface SelectionScores {
	overall: {problems: number; solved: number; rate: number};
	byLevel: Record<string, {problems: number; solved: number; rate: number}>;
}

function emptyScores(): SelectionScores {
	return {overall: {problems: 0, solved: 0, rate: 0}, byLevel: {}};
}

function count(scores: SelectionScores, level: string, right: boolean): void {
	for (const score of [scores.byLevel[level] ??= {problems: 0, solved: 0, rate: 0}, scores.overall]) {
		score.problems++;
		score.solved += right ? 1 : 0;
		score.rate = score.solved / score.problems;
	}
}

/** Greedy pass@1: one rollout of one candidate at temperature 0 is the policy's single most likely trajectory. */
export const greedySettings: SearchSettingsInput = {rollouts: 1, candidates: 1, temperature: 0};

/**
 * Scores a policy (and PPM) on a dataset: every problem is an ordinary stored search linked to the evaluation, so any
 * of them opens in the viewer, and an evaluation cut short resumes where it stopped (an open evaluation of the same
 * round, dataset and kind is continued, not started again).
 */
export class EvaluationService {
	private readonly datasets: DatasetStore;
	private readonly rounds: RoundStore;

	public constructor(workspace: Workspace, private readonly searches: SearchService, private readonly grader: Grader) {
		this.datasets = new DatasetStore(workspace.db);
		this.rounds = new RoundStore(workspace.db);
	}

	public async evaluate(request: EvaluationRequest, job: JobContext): Promise<EvaluationReport> {
		const started = performance.now();
		const settings = settingsFor(request.settings.preset, {...request.settings, ...request.kind === 'greedy' ? greedySettings : {}});
		const dataset = this.datasets.getDataset(request.datasetId);
		if (!dataset)
			throw new RstarError('not-found', `no dataset ${request.datasetId} in this workspace`);
		const problems = this.datasets.selectProblems(request);
		if (problems.length === 0)
			throw new RstarError('not-found', `dataset ${dataset.name} has no problems with an answer${request.level ? ` at level "${request.level}" (its levels: ${dataset.levels.join(', ') || 'none'})` : ''}`);

		const open = this.rounds.openEvaluation(request.roundId ?? null, request.datasetId, request.kind);
		const reusable = open && open.policyPath === request.policyPath && open.ppmPath === (request.ppmPath ?? null)
			&& JSON.stringify(open.settings) === JSON.stringify(settings);
		const evaluationId = reusable ? open.id : this.rounds.createEvaluation({
			roundId: request.roundId ?? null, datasetId: request.datasetId, kind: request.kind, settings, policyPath: request.policyPath,
			ppmPath: request.ppmPath ?? null
		});
		try {
			await runBatch(this.searches, {
				link: {evaluationId}, problems, settings, policyPath: request.policyPath, ppmPath: request.ppmPath ?? null,
				concurrency: request.concurrency ?? 2
			}, job);
		} catch (error) {
			this.rounds.finishEvaluation(evaluationId, job.signal.aborted ? 'stopped' : 'failed', null);
			throw error;
		}
		const {trajectories, ...scores} = await this.score(evaluationId, request.kind, settings, problems, job);
		const report: EvaluationReport = {
			evaluationId, dataset: dataset.name, kind: request.kind, settings, policyPath: request.policyPath, ppmPath: request.ppmPath ?? null,
			...scores, accuracyVsN: trajectories && accuracyVsN(trajectories, {seed: settings.seed, ...request.accuracyVsN}),
			seconds: (performance.now() - started) / 1000
		};
		this.rounds.finishEvaluation(evaluationId, 'done', report);
		return report;
	}

	/**
	 * Each problem's tree, read once: whether its selected answer is right and whether it reached a right answer, per
	 * level; for a search also the answer each answer-selection mode would have picked, and its answer trajectories
	 * for accuracy against N.
	 */
	private async score(evaluationId: number, kind: EvaluationRequest['kind'], settings: SearchSettings, problems: readonly ProblemSummary[], job: JobContext) {
		const searches = new Map(this.searches.linked({evaluationId}).map(search => [search.problemId, search]));
		const byLevel: Record<string, LevelScore> = {};
		const overall: LevelScore = {problems: 0, solved: 0, rate: 0, found: 0, foundRate: 0};
		const searchIds: number[] = [];
		const bySelection = kind === 'search' ? Object.fromEntries(answerSelections.map(mode => [mode, emptyScores()])) as Record<AnswerSelection, SelectionScores> : null;
		const trajectories: ProblemTrajectories[] | null = kind === 'search' ? [] : null;
		if (kind === 'search')
			job.log('info', 'every answer-selection mode, and accuracy against N: grading the answers of every search');
		for (const [i, problem] of problems.entries()) {
			const search = searches.get(problem.id)!;
			searchIds.push(search.id);
			const nodes = this.searches.storedNodes(search.id);
			const found = reachedRightAnswer(nodes);
			const level = problem.level ?? '(none)';
			for (const score of [byLevel[level] ??= {problems: 0, solved: 0, rate: 0, found: 0, foundRate: 0}, overall]) {
				score.problems++;
				score.solved += search.correct === true ? 1 : 0;
				score.rate = score.solved / score.problems;
				score.found += found ? 1 : 0;
				score.foundRate = score.found / score.problems;
			}
			if (bySelection && trajectories) {
				trajectories.push({problemId: problem.id, level: problem.level, trajectories: await trajectoriesOf(nodes, this.grader, {signal: job.signal})});
				// The same tree under each of the reference's ways to pick the answer (the run used one of them).
				const tree = SearchTree.fromNodes(nodes);
				for (const mode of answerSelections) {
					const selected = await selectAnswer(tree, {answerSelection: mode, voteTopK: settings.voteTopK}, this.grader);
					count(bySelection[mode], level, selected.nodeId !== null && tree.node(selected.nodeId).correct === true);
				}
				job.progress(i + 1, problems.length);
			}
		}
		return {overall, byLevel, searchIds, byAnswerSelection: bySelection, trajectories};
	}
}
