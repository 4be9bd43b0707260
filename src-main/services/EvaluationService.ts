import {RstarError} from '../contract/errors.js';
import type {ProblemSummary} from '../contract/datasets.js';
import {settingsFor} from '../contract/presets.js';
import type {SearchSettings, SearchSettingsInput} from '../contract/search.js';
import type {Executor, Grader} from '../engine/ports.js';
import {DatasetStore} from '../store/DatasetStore.js';
import type {Workspace} from '../store/Workspace.js';
import {cachedModelLoaders} from './localModelLoaders.js';
import {SearchService, type ModelLoaders} from './SearchService.js';

export interface EvaluationRequest {
	datasetId: number;
	/** Only problems of this level ("Level 1"). */
	level?: string;
	/** The first N problems (of the level). */
	limit?: number;
	settings: SearchSettingsInput;
	policyPath: string;
	ppmPath?: string | null;
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
	dataset: string;
	settings: SearchSettings;
	policyPath: string;
	ppmPath: string | null;
	overall: LevelScore;
	/** Per level, "(none)" for problems without one. */
	byLevel: Record<string, LevelScore>;
	/** One stored search per problem, in order. */
	searchIds: number[];
	seconds: number;
}

/**
 * Solves every problem of a dataset (or of one level of it) with the same models and settings and scores the
 * answers against the ground truth. Each problem is an ordinary stored search, so any of them opens in the viewer;
 * the models load once for the whole run.
 */
export class EvaluationService {
	public constructor(private readonly workspace: Workspace, private readonly loaders: ModelLoaders, private readonly executor: Executor, private readonly grader: Grader) {}

	public async evaluate(request: EvaluationRequest, onProblem?: (done: number, total: number, correct: boolean | null) => void, signal?: AbortSignal): Promise<EvaluationReport> {
		const started = performance.now();
		const settings = settingsFor(request.settings.preset, request.settings);
		const datasets = new DatasetStore(this.workspace.db);
		const dataset = datasets.getDataset(request.datasetId);
		if (!dataset)
			throw new RstarError('not-found', `no dataset ${request.datasetId} in this workspace`);
		const problems = this.problems(datasets, request);
		if (problems.length === 0)
			throw new RstarError('not-found', `dataset ${dataset.name} has no problems with an answer${request.level ? ` at level "${request.level}" (its levels: ${dataset.levels.join(', ') || 'none'})` : ''}`);

		const loaders = cachedModelLoaders(this.loaders);
		const searches = new SearchService(this.workspace, loaders, this.executor, this.grader);
		const byLevel: Record<string, LevelScore> = {};
		const overall: LevelScore = {problems: 0, solved: 0, rate: 0, found: 0, foundRate: 0};
		const searchIds: number[] = [];
		try {
			for (const problem of problems) {
				signal?.throwIfAborted();
				const report = await searches.solve({
					question: problem.question, goldAnswers: problem.answers, settings, policyPath: request.policyPath,
					ppmPath: request.ppmPath ?? null, problemId: problem.id
				}, signal);
				signal?.throwIfAborted();
				searchIds.push(report.searchId);
				const found = report.nodes.some(node => node.reason === 'answer' && node.correct === true);
				const level = byLevel[problem.level ?? '(none)'] ??= {problems: 0, solved: 0, rate: 0, found: 0, foundRate: 0};
				for (const score of [level, overall]) {
					score.problems++;
					score.solved += report.correct === true ? 1 : 0;
					score.rate = score.solved / score.problems;
					score.found += found ? 1 : 0;
					score.foundRate = score.found / score.problems;
				}
				onProblem?.(searchIds.length, problems.length, report.correct);
			}
		} finally {
			await loaders.close();
		}
		return {
			dataset: dataset.name, settings, policyPath: request.policyPath, ppmPath: request.ppmPath ?? null, overall, byLevel, searchIds,
			seconds: (performance.now() - started) / 1000
		};
	}

	private problems(datasets: DatasetStore, request: EvaluationRequest): ProblemSummary[] {
		const problems: ProblemSummary[] = [];
		const wanted = request.limit ?? Number.POSITIVE_INFINITY;
		for (let offset = 0; problems.length < wanted; offset += 500) {
			const page = datasets.queryProblems({datasetId: request.datasetId, level: request.level, hasAnswer: true, offset, limit: 500});
			problems.push(...page.rows.slice(0, wanted - problems.length));
			if (offset + 500 >= page.total)
				break;
		}
		return problems;
	}
}
