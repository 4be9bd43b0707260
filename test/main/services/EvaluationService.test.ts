import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {EvaluationStartParams} from '../../../src-main/contract/evaluations.js';
import {RstarError} from '../../../src-main/contract/errors.js';
import {settingsFor} from '../../../src-main/contract/presets.js';
import {importDataset} from '../../../src-main/datasets/importDataset.js';
import {defaultPolicyPath} from '../../../src-main/paths.js';
import {runBatch} from '../../../src-main/services/BatchSearch.js';
import {EvaluationService} from '../../../src-main/services/EvaluationService.js';
import {JobRunner} from '../../../src-main/services/JobRunner.js';
import {RoundService} from '../../../src-main/services/RoundService.js';
import {SearchService, type ModelLoaders} from '../../../src-main/services/SearchService.js';
import {DatasetStore} from '../../../src-main/store/DatasetStore.js';
import {JobStore} from '../../../src-main/store/JobStore.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {CheckerGrader} from '../../support/checkerGrader.js';
import {FixedPolicy, ScriptedExecutor, ScriptedScorer} from '../../support/scriptedPolicy.js';
import {useTempDir} from '../../support/tempDir.js';

// Every problem gets the same two steps, whose answer is 2: right where the gold answer is 2, wrong elsewhere.
const firstStep = '<code>\n# two\nx = 1 + 1\n<end_of_step>';
const answerStep = 'print(x)\n# prints: 2\n<end_of_code>\n<output>2\n<end_of_output>\n<answer>\\boxed{2}<end_of_answer>';
const policy = new FixedPolicy(steps => steps.length === 0 ? [firstStep] : [answerStep]);
// The PPM scores every step it is asked about 0.5 (a terminal answer is judged, not scored).
const scorer = new ScriptedScorer(() => 0.5);

function loaders(failing = false): ModelLoaders {
	return {
		policy: async () => failing
			? Promise.reject(new Error('the policy would not load'))
			: Object.assign(Object.create(policy) as FixedPolicy, {sha256: 'fixed', dispose: async () => {}}),
		ppm: async () => Object.assign(Object.create(scorer) as ScriptedScorer, {sha256: 'scripted', dispose: async () => {}})
	};
}

describe('EvaluationService', () => {
	const tempDir = useTempDir();

	/** A workspace with a dataset of three problems: "Level 1" (gold 2, gold 5) and "Level 2" (gold 2). */
	async function open(options: {failing?: boolean} = {}) {
		const dir = tempDir();
		const workspace = Workspace.open(path.join(dir, 'w.db'));
		const file = path.join(dir, 'set.jsonl');
		fs.writeFileSync(file, [
			{question: 'One plus one?', answer: '2', level: 'Level 1'},
			{question: 'Two plus three?', answer: '5', level: 'Level 1'},
			{question: 'Four halved?', answer: '2', level: 'Level 2'}
		].map(row => JSON.stringify(row)).join('\n'));
		const {dataset} = await importDataset(workspace, {name: 'sums', filePath: file});
		const searches = new SearchService(workspace, loaders(options.failing), new ScriptedExecutor(), new CheckerGrader());
		const jobs = new JobRunner(workspace);
		const evaluations = new EvaluationService(workspace, searches, new CheckerGrader(), jobs);
		// A PPM bundle folder needs only to exist: the loader above stands in for onnxruntime.
		const ppmPath = path.join(dir, 'ppm');
		fs.mkdirSync(ppmPath);
		return {workspace, dataset, searches, jobs, evaluations, ppmPath};
	}

	it('starts an evaluation as a job and returns its id at once; lists it newest first, with its report once done', async () => {
		const {workspace, dataset, evaluations, ppmPath} = await open();
		try {
			const jobStore = new JobStore(workspace.db);
			const {jobId} = evaluations.start(EvaluationStartParams.parse({datasetId: dataset.id, kind: 'greedy'}));
			expect(jobStore.get(jobId)).toMatchObject({kind: 'evaluation', roundId: null, title: 'eval sums greedy', status: 'running'});
			await expect.poll(() => jobStore.get(jobId)?.status, {timeout: 20_000, interval: 50}).toBe('done');

			const search = evaluations.start(EvaluationStartParams.parse({
				datasetId: dataset.id, kind: 'search', ppmPath, settings: {rollouts: 2, candidates: 1}, ns: [1, 2], resamples: 10
			}));
			await expect.poll(() => jobStore.get(search.jobId)?.status, {timeout: 20_000, interval: 50}).toBe('done');

			const listed = evaluations.list();
			expect(listed).toMatchObject([
				{kind: 'search', dataset: 'sums', datasetId: dataset.id, round: null, roundId: null, status: 'done', rate: 2 / 3, problems: 3, ppmPath},
				{kind: 'greedy', dataset: 'sums', round: null, status: 'done', rate: 2 / 3, problems: 3, policyPath: defaultPolicyPath(), ppmPath: null}
			]);
			expect(listed[0]!.id).toBeGreaterThan(listed[1]!.id);

			const greedy = evaluations.get(listed[1]!.id);
			expect(greedy.evaluation).toEqual(listed[1]);
			expect(greedy.report).toMatchObject({
				kind: 'greedy', overall: {problems: 3, solved: 2, found: 2}, accuracyVsN: null, byAnswerSelection: null,
				byLevel: {'Level 1': {problems: 2, solved: 1, rate: 0.5}, 'Level 2': {problems: 1, solved: 1, rate: 1}}
			});
			const report = evaluations.get(listed[0]!.id).report!;
			expect(report.accuracyVsN?.points.map(point => point.n)).toEqual([1, 2]);
			for (const point of report.accuracyVsN!.points)
				expect(point.overall.accuracy['pass@N'].mean).toBeCloseTo(2 / 3, 12);
			expect(() => evaluations.get(999)).toThrow(/no evaluation 999 in this workspace/);
		} finally {
			workspace.close();
		}
	}, 60_000);

	it('refuses what it can check before starting, naming the field; a job that fails records its error', async () => {
		const {workspace, dataset, evaluations} = await open({failing: true});
		try {
			const refused = (params: Record<string, unknown>) => {
				try {
					evaluations.start(EvaluationStartParams.parse({datasetId: dataset.id, kind: 'greedy', ...params}));
				} catch (error) {
					return {code: (error as RstarError).code, details: (error as RstarError).details, message: (error as Error).message};
				}
				throw new Error('it started');
			};
			expect(refused({datasetId: 999})).toMatchObject({code: 'not-found', details: {field: 'datasetId'}});
			expect(refused({level: 'Level 9'})).toMatchObject({details: {field: 'level'}, message: 'dataset sums has no level "Level 9" (its levels: Level 1, Level 2)'});
			expect(refused({policyPath: '/nowhere/p.gguf'})).toMatchObject({code: 'invalid-params', details: {field: 'policyPath'}});
			expect(refused({ppmPath: '/nowhere/ppm'})).toMatchObject({code: 'invalid-params', details: {field: 'ppmPath'}});

			const jobStore = new JobStore(workspace.db);
			const {jobId} = evaluations.start(EvaluationStartParams.parse({datasetId: dataset.id, kind: 'greedy'}));
			await expect.poll(() => jobStore.get(jobId)?.status, {timeout: 20_000, interval: 50}).toBe('failed');
			expect(jobStore.get(jobId)?.error).toMatch(/the policy would not load/);
			expect(evaluations.list()).toMatchObject([{status: 'failed', rate: null, problems: null}]);
			expect(evaluations.get(evaluations.list()[0]!.id).report).toBeNull();
		} finally {
			workspace.close();
		}
	}, 60_000);

	it('histograms Q and PPM scores of the steps of right and wrong answer trajectories, of an evaluation or a round', async () => {
		const {workspace, dataset, searches, jobs, evaluations, ppmPath} = await open();
		try {
			const {jobId} = evaluations.start(EvaluationStartParams.parse({datasetId: dataset.id, kind: 'greedy', ppmPath}));
			await expect.poll(() => new JobStore(workspace.db).get(jobId)?.status, {timeout: 20_000, interval: 50}).toBe('done');
			const [evaluation] = evaluations.list();

			// Greedy: one trajectory of two steps per problem, each step visited once with the answer's reward (±1). Two
			// problems are right, one wrong; the PPM scored the first steps 0.5, not the answers. Four bins over [−1, 1].
			const expected = {
				trajectories: {correct: 2, wrong: 1},
				steps: {correct: 4, wrong: 2},
				q: {correct: {min: -1, max: 1, counts: [0, 0, 0, 4]}, wrong: {min: -1, max: 1, counts: [2, 0, 0, 0]}},
				ppm: {correct: {min: -1, max: 1, counts: [0, 0, 0, 2]}, wrong: {min: -1, max: 1, counts: [0, 0, 0, 1]}}
			};
			expect(evaluations.stepDistributions({evaluationId: evaluation!.id, bins: 4})).toEqual(expected);

			// A round's search stage, without a PPM: no PPM histograms.
			const rounds = new RoundService(workspace, searches, evaluations, jobs);
			const round = rounds.create({evolution: 'e', poolDatasetId: dataset.id});
			await jobs.run({kind: 'round.search', roundId: round.id, title: 'search'}, job => runBatch(searches, {
				link: {roundId: round.id}, problems: new DatasetStore(workspace.db).selectProblems({datasetId: dataset.id}),
				settings: settingsFor(null, {rollouts: 1, candidates: 1, temperature: 0}), policyPath: defaultPolicyPath(), ppmPath: null, concurrency: 1
			}, job));
			expect(evaluations.stepDistributions({roundId: round.id, bins: 4})).toEqual({...expected, ppm: null});

			expect(() => evaluations.stepDistributions({roundId: 999, bins: 4})).toThrow(/no round 999/);
			expect(() => evaluations.stepDistributions({evaluationId: 999, bins: 4})).toThrow(/no evaluation 999/);
		} finally {
			workspace.close();
		}
	}, 60_000);
});
