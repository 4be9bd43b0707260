import fs from 'node:fs';
import type {ProblemSummary} from '../contract/datasets.js';
import {RstarError} from '../contract/errors.js';
import {
	EvaluationReport, type EvaluationStartParams, type EvaluationSummary, type Histogram, type LevelScore, type SelectionScores,
	type StepDistributions
} from '../contract/evaluations.js';
import {settingsFor} from '../contract/presets.js';
import {answerSelections, pathTo, reachedRightAnswer, type AnswerSelection, type SearchSettings, type SearchSettingsInput} from '../contract/search.js';
import {SearchTree} from '../engine/SearchTree.js';
import {selectAnswer} from '../engine/selectAnswer.js';
import type {Grader} from '../engine/ports.js';
import {defaultPolicyPath} from '../paths.js';
import {accuracyVsN, type AccuracyVsNOptions, type ProblemTrajectories} from '../rounds/accuracyVsN.js';
import {trajectoriesOf} from '../rounds/trajectoriesOf.js';
import {DatasetStore} from '../store/DatasetStore.js';
import {RoundStore} from '../store/RoundStore.js';
import type {Workspace} from '../store/Workspace.js';
import {runBatch, type BatchLink} from './BatchSearch.js';
import type {JobContext, JobRunner} from './JobRunner.js';
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
	/** Evaluations started in the background (`start`), by job id: how to stop each, and its end. */
	private readonly running = new Map<number, {abort: AbortController; done: Promise<unknown>}>();

	public constructor(workspace: Workspace, private readonly searches: SearchService, private readonly grader: Grader, private readonly jobs: JobRunner) {
		this.datasets = new DatasetStore(workspace.db);
		this.rounds = new RoundStore(workspace.db);
	}

	/** Evaluations, newest first: of one round, or all. */
	public list(filter: {roundId?: number} = {}): EvaluationSummary[] {
		return this.rounds.evaluationSummaries(filter);
	}

	/** An evaluation with its report, null until it is done. */
	public get(evaluationId: number): {evaluation: EvaluationSummary; report: EvaluationReport | null} {
		const evaluation = this.rounds.evaluationSummaries({evaluationId})[0];
		if (!evaluation)
			throw new RstarError('not-found', `no evaluation ${evaluationId} in this workspace`);
		const stored = this.rounds.evaluation(evaluationId)!;
		return {evaluation, report: evaluation.status === 'done' ? EvaluationReport.parse(stored.report) : null};
	}

	/**
	 * Starts an evaluation as a job in the background and returns the job's id at once; `job.updated` reports it, and
	 * how it ended (a failure too) is recorded in the job. What can be checked before any search runs is, naming the
	 * field at fault in the error's details.
	 */
	public start(params: EvaluationStartParams): {jobId: number} {
		const dataset = this.datasets.getDataset(params.datasetId);
		if (!dataset)
			throw new RstarError('not-found', `no dataset ${params.datasetId} in this workspace`, {field: 'datasetId'});
		if (params.level !== undefined && !dataset.levels.includes(params.level))
			throw new RstarError('invalid-params', `dataset ${dataset.name} has no level "${params.level}" (its levels: ${dataset.levels.join(', ') || 'none'})`, {field: 'level'});
		const policyPath = params.policyPath ?? defaultPolicyPath();
		if (!fs.existsSync(policyPath))
			throw new RstarError('invalid-params', `no policy model at ${policyPath} — give the path of a .gguf file`, {field: 'policyPath'});
		if (params.ppmPath !== undefined && !fs.existsSync(params.ppmPath))
			throw new RstarError('invalid-params', `no PPM bundle at ${params.ppmPath} — give a folder holding model.onnx, tokenizer.json and ppm.json`, {field: 'ppmPath'});

		const abort = new AbortController();
		const {jobId, done} = this.jobs.start({kind: 'evaluation', roundId: null, title: `eval ${dataset.name} ${params.kind}`}, job => this.evaluate({
			datasetId: params.datasetId, level: params.level, perLevel: params.perLevel, limit: params.limit, settings: params.settings,
			policyPath, ppmPath: params.ppmPath ?? null, kind: params.kind, concurrency: params.concurrency,
			accuracyVsN: {ns: params.ns, resamples: params.resamples}
		}, job), abort.signal);
		// Nobody awaits a background job: its failure is in its row and its log, not an unhandled rejection.
		const ended = done.then(() => undefined, () => undefined).finally(() => this.running.delete(jobId));
		this.running.set(jobId, {abort, done: ended});
		return {jobId};
	}

	/** Stops the evaluations started in the background and waits for them to record how they ended. */
	public async close(): Promise<void> {
		const running = [...this.running.values()];
		for (const {abort} of running)
			abort.abort(new RstarError('stopped', 'the app closed while the evaluation ran: start it again to go on where it stopped'));
		await Promise.all(running.map(({done}) => done));
	}

	/**
	 * Q and PPM scores of the steps of answer trajectories, split by whether the answer is right: the trees of a
	 * round's search stage, or of an evaluation, each read once. Every answer leaf whose answer was judged makes a
	 * trajectory, and every step on its path (the root, the question, excluded) counts once for it: a step that
	 * several trajectories share counts for each. Q is valueSum / visits (0 unvisited); both Q and the PPM's scores
	 * lie in [−1, 1] (rewards are ±1, and the shipped PPMs squash their reward with tanh), and the histograms span it,
	 * widened to take in any score outside it (a PPM whose manifest says `identity`).
	 */
	public stepDistributions(params: {roundId?: number; evaluationId?: number; bins: number}): StepDistributions {
		let link: BatchLink;
		if (params.roundId !== undefined) {
			if (!this.rounds.get(params.roundId))
				throw new RstarError('not-found', `no round ${params.roundId} in this workspace`);
			link = {roundId: params.roundId};
		} else {
			if (params.evaluationId === undefined || !this.rounds.evaluation(params.evaluationId))
				throw new RstarError('not-found', `no evaluation ${params.evaluationId} in this workspace`);
			link = {evaluationId: params.evaluationId};
		}
		const q = {correct: [] as number[], wrong: [] as number[]};
		const ppm = {correct: [] as number[], wrong: [] as number[]};
		const trajectories = {correct: 0, wrong: 0};
		for (const search of this.searches.linked(link)) {
			const nodes = this.searches.storedNodes(search.id);
			for (const leaf of nodes) {
				if (leaf.reason !== 'answer' || leaf.correct === null)
					continue;
				const side = leaf.correct ? 'correct' : 'wrong';
				trajectories[side]++;
				for (const step of pathTo(nodes, leaf.id).slice(1)) {
					q[side].push(step.visits === 0 ? 0 : step.valueSum / step.visits);
					if (step.ppm !== null)
						ppm[side].push(step.ppm);
				}
			}
		}
		const pair = (values: {correct: number[]; wrong: number[]}) => {
			const all = [...values.correct, ...values.wrong];
			const min = all.reduce((low, value) => Math.min(low, value), -1);
			const max = all.reduce((high, value) => Math.max(high, value), 1);
			return {correct: histogram(values.correct, min, max, params.bins), wrong: histogram(values.wrong, min, max, params.bins)};
		};
		return {
			trajectories,
			steps: {correct: q.correct.length, wrong: q.wrong.length},
			q: pair(q),
			ppm: ppm.correct.length + ppm.wrong.length === 0 ? null : pair(ppm)
		};
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
		// Scoring can fail too (the grader): the evaluation is not left `running` either way.
		try {
			await runBatch(this.searches, {
				link: {evaluationId}, problems, settings, policyPath: request.policyPath, ppmPath: request.ppmPath ?? null,
				concurrency: request.concurrency ?? 2
			}, job);
			const {trajectories, ...scores} = await this.score(evaluationId, request.kind, settings, problems, job);
			const report: EvaluationReport = {
				evaluationId, dataset: dataset.name, kind: request.kind, settings, policyPath: request.policyPath, ppmPath: request.ppmPath ?? null,
				...scores, accuracyVsN: trajectories && accuracyVsN(trajectories, {seed: settings.seed, ...request.accuracyVsN}),
				seconds: (performance.now() - started) / 1000
			};
			this.rounds.finishEvaluation(evaluationId, 'done', report);
			return report;
		} catch (error) {
			this.rounds.finishEvaluation(evaluationId, job.signal.aborted ? 'stopped' : 'failed', null);
			throw error;
		}
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

/** Counts of `values` in `bins` bins of equal width over [min, max]; the last bin holds max. */
function histogram(values: readonly number[], min: number, max: number, bins: number): Histogram {
	const counts = new Array<number>(bins).fill(0);
	const width = (max - min) / bins;
	for (const value of values)
		counts[Math.min(bins - 1, Math.max(0, Math.floor((value - min) / width)))]!++;
	return {min, max, counts};
}
