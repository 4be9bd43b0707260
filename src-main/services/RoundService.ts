import fs from 'node:fs';
import path from 'node:path';
import {RstarError} from '../contract/errors.js';
import {settingsFor} from '../contract/presets.js';
import {
	RoundConfig, RoundEvaluationConfig, roundStages, type LevelSolveRate, type RoundConfigInput, type RoundSearchResult, type RoundStage
} from '../contract/rounds.js';
import {reachedRightAnswer, type SearchSettings} from '../contract/search.js';
import type {WorkbenchSettings} from '../contract/settings.js';
import type {TrainerLine, TrainerSummary} from '../contract/trainer.js';
import {defaultPolicyPath} from '../paths.js';
import {scheduledSearch} from '../rounds/roundSchedule.js';
import {writeRoundData} from '../rounds/writeRoundData.js';
import {sha256File} from '../sha256File.js';
import {DatasetStore} from '../store/DatasetStore.js';
import {PreferencePairStore} from '../store/PreferencePairStore.js';
import {RoundStore, type StoredRound} from '../store/RoundStore.js';
import type {Workspace} from '../store/Workspace.js';
import {writeFileWhole} from '../writeFileWhole.js';
import {runTrainer, type TrainerRequest} from '../trainer/runTrainer.js';
import {runBatch} from './BatchSearch.js';
import type {EvaluationReport, EvaluationService} from './EvaluationService.js';
import type {EventBus} from './EventBus.js';
import type {JobContext, JobRunner} from './JobRunner.js';
import type {SearchService} from './SearchService.js';

/** Where rounds write their files; null: the default place. */
export type RoundLocations = Pick<WorkbenchSettings, 'dataDir' | 'modelsDir'>;

/** What `round create` takes: everything optional but the evolution and the pool of round 1. */
export interface RoundCreateRequest {
	evolution: string;
	/** Defaults to the next number of the evolution. */
	number?: number;
	/** The pool's dataset; defaults to the previous round's. */
	poolDatasetId?: number;
	perLevel?: number;
	levels?: string[];
	/** Defaults to the schedule's (the embedded policy in round 1, the previous round's after). */
	policyPath?: string;
	ppmPath?: string | null;
	/** Search settings over the schedule's preset; inherited from the previous round where not given. */
	overrides?: Partial<SearchSettings>;
	concurrency?: number;
	sftPerProblem?: number;
	pairs?: RoundConfigInput['pairs'];
	replay?: RoundConfigInput['replay'];
	policyTraining?: RoundConfigInput['policyTraining'];
	ppmTraining?: RoundConfigInput['ppmTraining'];
	evaluation?: RoundConfigInput['evaluation'];
}

/**
 * Self-evolution rounds (rStar-Math §3.3): each searches a problem pool with the models of the round before, extracts
 * SFT rows and PPM pairs by the reference's rules, trains the next policy and PPM, and scores them. Every stage is a
 * job, and resumable: a round run again (after a crash, a stop, a failed training) starts at its first stage not done,
 * and the search stage itself resumes problem by problem.
 */
export class RoundService {
	private readonly store: RoundStore;
	private readonly datasets: DatasetStore;

	/**
	 * `locations`: where rounds write, read when a stage writes (the workbench's settings: a change applies from the next
	 * stage on; files already written stay where the round recorded them). Defaults to beside the workspace.
	 */
	public constructor(private readonly workspace: Workspace, private readonly searches: SearchService, private readonly evaluations: EvaluationService, private readonly jobs: JobRunner, events?: EventBus,
		private readonly locations: () => RoundLocations = () => ({dataDir: null, modelsDir: null})) {
		this.store = new RoundStore(workspace.db);
		this.datasets = new DatasetStore(workspace.db);
		const interrupted = this.store.interruptOrphans();
		if (interrupted.length > 0)
			events?.log('warn', `round${interrupted.length === 1 ? '' : 's'} ${interrupted.join(', ')} lost ${interrupted.length === 1 ? 'its' : 'their'} process: run again to go on`);
	}

	public create(request: RoundCreateRequest): StoredRound {
		const rounds = this.store.list(request.evolution);
		const number = request.number ?? (rounds.at(-1)?.number ?? 0) + 1;
		if (rounds.some(round => round.number === number))
			throw new RstarError('invalid-params', `${request.evolution} already has a round ${number}`);
		const previous = rounds.find(round => round.number === number - 1) ?? null;
		if (number > 1 && !previous && (request.policyPath === undefined || request.poolDatasetId === undefined))
			throw new RstarError('invalid-params', `${request.evolution} has no round ${number - 1}: create it first, or give this round its policy and pool`);
		const inherited = previous?.config;
		const schedule = scheduledSearch(number, request.policyPath ?? defaultPolicyPath(), previous && {
			policyPath: previous.policyModelId === null ? null : this.store.model(previous.policyModelId)!.path,
			ppmPath: previous.ppmModelId === null ? null : this.store.model(previous.ppmModelId)!.path
		});
		const policyPath = path.resolve(request.policyPath ?? schedule.policyPath);
		const ppmPath = request.ppmPath === undefined ? schedule.ppmPath : request.ppmPath;
		const overrides = {...inherited?.overrides, ...request.overrides};
		const settings = settingsFor(overrides.preset ?? schedule.preset, {...schedule.settings, ...overrides});
		const datasetId = request.poolDatasetId ?? inherited?.pool.datasetId;
		if (datasetId === undefined)
			throw new RstarError('invalid-params', 'round 1 needs a problem pool: pass --pool DATASET');
		if (!this.datasets.getDataset(datasetId))
			throw new RstarError('not-found', `no dataset ${datasetId} in this workspace`);
		if (!fs.existsSync(policyPath))
			throw new RstarError('not-found', `no policy model at ${policyPath}`);
		if (settings.qMode === 'ppm-augmented' && !ppmPath)
			throw new RstarError('invalid-params', 'a PPM-augmented round needs a PPM: pass --ppm, or --q-mode terminal-guided');

		const parsed = RoundConfig.safeParse({
			evolution: request.evolution, number,
			pool: {datasetId, perLevel: request.perLevel ?? inherited?.pool.perLevel, levels: request.levels ?? inherited?.pool.levels},
			policyPath, ppmPath: ppmPath === null ? null : path.resolve(ppmPath), settings, overrides,
			concurrency: request.concurrency ?? inherited?.concurrency,
			sftPerProblem: request.sftPerProblem ?? inherited?.sftPerProblem,
			pairs: {...inherited?.pairs, ...request.pairs},
			replay: {
				...inherited?.replay, ...request.replay,
				// Relative to where the round is created, not to wherever it is later run.
				...request.replay?.sft && {sft: path.resolve(request.replay.sft)},
				...request.replay?.pairs && {pairs: path.resolve(request.replay.pairs)}
			},
			policyTraining: {...inherited?.policyTraining, ...request.policyTraining},
			ppmTraining: {...inherited?.ppmTraining, ...request.ppmTraining},
			evaluation: {
				...inherited?.evaluation, ...request.evaluation,
				// Settings given for the evaluation's search go over the ones it had (the reference's beam search at first).
				search: {...inherited?.evaluation.search ?? RoundEvaluationConfig.shape.search.parse(undefined), ...request.evaluation?.search}
			}
		} satisfies RoundConfigInput);
		if (!parsed.success)
			throw new RstarError('invalid-params', `round settings: ${parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
		return this.store.get(this.store.create(parsed.data))!;
	}

	public get(roundId: number): StoredRound {
		const round = this.store.get(roundId);
		if (!round)
			throw new RstarError('not-found', `no round ${roundId} in this workspace`);
		return round;
	}

	/** A round by id, or by `evolution/number`. */
	public find(ref: string): StoredRound {
		const match = /^(.+)\/(\d+)$/.exec(ref);
		const round = match ? this.store.find(match[1]!, Number(match[2])) : /^\d+$/.test(ref) ? this.store.get(Number(ref)) : null;
		if (!round)
			throw new RstarError('not-found', `no round "${ref}" in this workspace (name one by id, or as EVOLUTION/NUMBER)`);
		return round;
	}

	public list(evolution?: string): StoredRound[] {
		return this.store.list(evolution);
	}

	/** The stages not done yet, in order (or those of `only` not done), each as a job; returns the round as it ended. */
	public async run(roundId: number, options: {only?: readonly RoundStage[]} = {}, signal?: AbortSignal): Promise<StoredRound> {
		const round = this.get(roundId);
		const pending = roundStages.filter(stage => !this.stageDone(round, stage) && (!options.only || options.only.includes(stage)));
		for (const stage of pending) {
			const before = roundStages.slice(0, roundStages.indexOf(stage)).find(earlier => !this.stageDone(round, earlier) && !pending.includes(earlier));
			if (before)
				throw new RstarError('invalid-params', `${round.evolution} round ${round.number}: ${stage} comes after ${before}, which is not done`);
		}
		if (pending.length === 0)
			return round;
		// Jobs whose process died were marked interrupted when this workspace was opened: a live one is another run's.
		const live = this.jobs.list({roundId}).find(job => job.status === 'running' || job.status === 'paused');
		if (live)
			throw new RstarError('round.busy', `${round.evolution} round ${round.number} is running in process ${live.pid} (job ${live.id}, ${live.title}): wait for it, or stop it there`);
		this.store.setStatus(roundId, 'running');
		try {
			for (const stage of pending)
				await this.jobs.run({kind: `round.${stage}`, roundId, title: `${round.evolution} round ${round.number}: ${stage}`},
					job => this.runStage(this.get(roundId), stage, job), signal);
			const after = this.get(roundId);
			this.store.setStatus(roundId, roundStages.every(stage => this.stageDone(after, stage)) ? 'done' : 'created');
		} catch (error) {
			this.store.setStatus(roundId, signal?.aborted ? 'stopped' : 'failed', (error as Error).message);
			throw error;
		}
		return this.get(roundId);
	}

	/**
	 * Per round of an evolution: the search's solve rate per level (rStar-Math Table 2), what it cost, the data it gave,
	 * and the new models' scores per evaluated dataset and level — greedy pass@1 and PPM-guided search, with accuracy
	 * against N (Tables 3, 4, 6 and Figure 3, at this scale).
	 */
	public report(evolution: string): RoundReport {
		const rounds = this.store.list(evolution);
		if (rounds.length === 0)
			throw new RstarError('not-found', `no rounds of "${evolution}" in this workspace`);
		const evaluationOf = (id: number | null) => {
			const stored = id === null ? null : this.store.evaluation(id);
			return stored?.status === 'done' ? stored.report as EvaluationReport : null;
		};
		return {
			evolution,
			rounds: rounds.map(round => {
				const policy = round.policyModelId === null ? null : this.store.model(round.policyModelId);
				const ppm = round.ppmModelId === null ? null : this.store.model(round.ppmModelId);
				return {
					id: round.id, number: round.number, status: round.status, error: round.error,
					searchedWith: {policyPath: round.config.policyPath, ppmPath: round.config.ppmPath, preset: round.config.settings.preset, qMode: round.config.settings.qMode},
					search: round.searchResult && {...round.searchResult, searchIds: undefined},
					extraction: round.extraction && {sftRows: round.extraction.sftRows, pairRows: round.extraction.pairRows, handPairs: round.extraction.handPairs},
					policy: policy && {path: policy.path, steps: policy.training.steps as number, finalLoss: policy.training.final_loss as number | undefined},
					ppm: ppm && {path: ppm.path, steps: ppm.training.steps as number, heldOutPairwiseAccuracy: ppm.training.heldout_pairwise_accuracy as number | undefined},
					evaluation: (round.evaluation?.datasets ?? []).map(entry => {
						const greedy = evaluationOf(entry.greedyEvaluationId);
						const search = evaluationOf(entry.searchEvaluationId);
						return {
							dataset: greedy?.dataset ?? this.datasets.getDataset(entry.datasetId)?.name ?? String(entry.datasetId),
							greedy: greedy && scores(greedy),
							search: search && {
								...scores(search), preset: search.settings.preset, answerSelection: search.settings.answerSelection,
								byAnswerSelection: search.byAnswerSelection && Object.fromEntries(Object.entries(search.byAnswerSelection).map(([mode, score]) => [mode, score.overall.rate])),
								accuracyVsN: search.accuracyVsN
							}
						};
					})
				};
			})
		};
	}

	private stageDone(round: StoredRound, stage: RoundStage): boolean {
		switch (stage) {
			case 'search': return round.searchResult !== null;
			case 'extract': return round.extraction !== null;
			case 'train-policy': return round.policyModelId !== null;
			case 'train-ppm': return round.ppmModelId !== null;
			case 'evaluate': return round.evaluation !== null;
		}
	}

	private async runStage(round: StoredRound, stage: RoundStage, job: JobContext): Promise<void> {
		switch (stage) {
			case 'search': return this.search(round, job);
			case 'extract': return this.extract(round, job);
			case 'train-policy': return this.trainPolicy(round, job);
			case 'train-ppm': return this.trainPpm(round, job);
			case 'evaluate': return this.evaluate(round, job);
		}
	}

	/** Where a round's data files go: `<dataDir>/<evolution>/round-<n>/`, by default beside the workspace (`<workspace>-rounds/`). */
	public directory(round: StoredRound): string {
		const base = this.locations().dataDir ?? `${this.workspace.path.replace(/\.[^./\\]+$/, '')}-rounds`;
		return path.join(base, round.evolution, `round-${round.number}`);
	}

	/** Where a round's trained models go: `<modelsDir>/<evolution>/round-<n>/`, by default with its data. */
	public modelDirectory(round: StoredRound): string {
		const {modelsDir} = this.locations();
		return modelsDir === null ? this.directory(round) : path.join(modelsDir, round.evolution, `round-${round.number}`);
	}

	private poolProblems(round: StoredRound) {
		return this.datasets.selectProblems({datasetId: round.config.pool.datasetId, perLevel: round.config.pool.perLevel, levels: round.config.pool.levels, withoutAnswers: true});
	}

	private async search(round: StoredRound, job: JobContext): Promise<void> {
		const started = performance.now();
		const {config} = round;
		const problems = this.poolProblems(round);
		if (problems.length === 0)
			throw new RstarError('not-found', `the pool (dataset ${config.pool.datasetId}) has no problems${config.pool.levels ? ` at levels ${config.pool.levels.join(', ')}` : ''}`);
		job.log('info', `searching ${problems.length} problems with ${config.policyPath}${config.ppmPath ? ` and ${config.ppmPath}` : ''}, ${config.settings.preset ?? 'custom'} (${config.settings.qMode}), ${config.concurrency} at a time`);
		await runBatch(this.searches, {
			link: {roundId: round.id}, problems, settings: config.settings, policyPath: config.policyPath, ppmPath: config.ppmPath,
			concurrency: config.concurrency
		}, job);

		const levelOf = new Map(problems.map(problem => [problem.id, {level: problem.level ?? '(none)', graded: problem.answers.length > 0}]));
		const byLevel: Record<string, LevelSolveRate> = {};
		const overall: LevelSolveRate = {problems: 0, found: 0, rate: 0};
		let nodes = 0;
		let generatedTokens = 0;
		let executionErrors = 0;
		let timeouts = 0;
		let workMs = 0;
		const searches = this.searches.linked({roundId: round.id});
		for (const search of searches) {
			const tree = this.searches.storedNodes(search.id);
			nodes += tree.length;
			generatedTokens += search.generatedTokens;
			workMs += search.workMs;
			executionErrors += tree.filter(node => node.error !== null).length;
			timeouts += tree.filter(node => node.error?.startsWith('TimeoutError') ?? false).length;
			const problem = levelOf.get(search.problemId!);
			if (!problem?.graded)
				continue;
			const found = reachedRightAnswer(tree);
			for (const rate of [byLevel[problem.level] ??= {problems: 0, found: 0, rate: 0}, overall]) {
				rate.problems++;
				rate.found += found ? 1 : 0;
				rate.rate = rate.found / rate.problems;
			}
		}
		const result: RoundSearchResult = {
			problems: searches.length, byLevel, overall, nodes, generatedTokens, executionErrors, timeouts,
			seconds: (performance.now() - started) / 1000,
			secondsPerSolved: overall.found === 0 ? null : workMs / 1000 / overall.found,
			searchIds: searches.map(search => search.id)
		};
		this.store.recordSearch(round.id, result);
		job.log('info', `a right answer found in ${overall.found} of ${overall.problems} problems (${(overall.rate * 100).toFixed(1)} %)`);
	}

	private async extract(round: StoredRound, job: JobContext): Promise<void> {
		const searches = this.searches.linked({roundId: round.id}).filter(search => search.status === 'done');
		const pairs = new PreferencePairStore(this.workspace.db);
		job.progress(0, searches.length);
		const extraction = writeRoundData({
			directory: this.directory(round),
			sftPerProblem: round.config.sftPerProblem,
			pairs: round.config.pairs,
			trees: searches.map(search => ({search, nodes: this.searches.storedNodes(search.id), handPairs: pairs.listForSearch(search.id)})),
			round: {id: round.id, evolution: round.evolution, number: round.number}
		});
		job.progress(searches.length, searches.length);
		this.store.recordExtraction(round.id, extraction);
		job.log('info', `${extraction.sftRows} SFT rows, ${extraction.pairRows} PPM pairs (${extraction.handPairs} made by hand) in ${extraction.directory}`);
	}

	private async trainPolicy(round: StoredRound, job: JobContext): Promise<void> {
		const data = this.trainingData(round, 'sft');
		if (data.rows === 0)
			throw new RstarError('invalid-params', `${round.evolution} round ${round.number} extracted no SFT rows (no problem of its pool has a right trajectory) and replays none: there is nothing to train the policy on`);
		const {continueFrom, ...options} = round.config.policyTraining;
		const out = path.join(this.modelDirectory(round), 'policy.gguf');
		fs.mkdirSync(path.dirname(out), {recursive: true});
		const init = continueFrom === 'searched-policy' ? round.config.policyPath : undefined;
		const {summary, losses} = await this.train({task: 'sft', options: {...options, data: data.file, out, init, name: `${round.evolution}-r${round.number}-policy`}}, job);
		this.store.recordModel(round.id, {
			kind: 'policy', path: out, sha256: await sha256File(out), initPath: init ?? null, data: {...data, roundId: round.id}, training: {...summary, losses}
		});
	}

	private async trainPpm(round: StoredRound, job: JobContext): Promise<void> {
		const data = this.trainingData(round, 'pairs');
		if (data.rows === 0) {
			// A policy that solves every problem of its pool leaves no step with both a right and a wrong continuation.
			// The PPM it has is then the best there is: the round keeps it (its lineage names the round that trained it).
			const kept = this.store.list(round.evolution).filter(earlier => earlier.number < round.number && earlier.ppmModelId !== null).at(-1);
			if (!kept)
				throw new RstarError('invalid-params', `${round.evolution} round ${round.number} extracted no PPM pairs (no step had both a right and a wrong continuation), replays none, and no earlier round trained a PPM: there is nothing to train one on`);
			this.store.keepModel(round.id, kept.ppmModelId!);
			job.log('warn', `no PPM pairs in this round (no step had both a right and a wrong continuation): it keeps the PPM of round ${kept.number}`);
			return;
		}
		// rStar-Math starts each round's PPM from that round's fine-tuned policy.
		const init = this.store.model(round.policyModelId!)!.path;
		const out = path.join(this.modelDirectory(round), 'ppm');
		const {summary, losses} = await this.train({task: 'ppm', options: {...round.config.ppmTraining, pairs: data.file, out, init, name: `${round.evolution}-r${round.number}-ppm`}}, job);
		this.store.recordModel(round.id, {
			kind: 'ppm', path: out, sha256: await sha256File(path.join(out, 'model.onnx')), initPath: init, data: {...data, roundId: round.id}, training: {...summary, losses}
		});
	}

	/**
	 * The file a round's policy (`sft`) or PPM (`pairs`) trains on: its own extraction, then — as the round's `replay`
	 * says — every earlier round's, then the replay file; one file when it is the extraction alone, else their lines
	 * joined into `<kind>-training.jsonl` in the round's folder. Returns it with its sources and row counts (lineage).
	 */
	private trainingData(round: StoredRound, kind: 'sft' | 'pairs'): {file: string; rows: number; sources: {file: string; rows: number}[]} {
		const {replay} = round.config;
		const earlier = replay.earlierRounds ? this.store.list(round.evolution).filter(other => other.number < round.number && other.extraction !== null) : [];
		const files = [round.extraction!.files[kind]!, ...earlier.map(other => other.extraction!.files[kind]!), ...replay[kind] ? [path.resolve(replay[kind])] : []];
		const sources = files.map(file => {
			if (!fs.existsSync(file))
				throw new RstarError('not-found', `${round.evolution} round ${round.number} trains on ${file}, which is gone`);
			const text = fs.readFileSync(file, 'utf8');
			return {file, rows: text.split('\n').filter(line => line.trim() !== '').length, text};
		});
		const rows = sources.reduce((sum, source) => sum + source.rows, 0);
		if (sources.length === 1)
			return {file: files[0]!, rows, sources: sources.map(({file, rows}) => ({file, rows}))};
		const file = path.join(this.directory(round), `${kind}-training.jsonl`);
		writeFileWhole(file, sources.map(source => source.text.endsWith('\n') || source.text === '' ? source.text : `${source.text}\n`).join(''));
		return {file, rows, sources: sources.map(({file, rows}) => ({file, rows}))};
	}

	/** Runs the trainer as the job's work: its steps are the job's progress, its losses kept for the loss curve. */
	private async train(request: TrainerRequest, job: JobContext): Promise<{summary: TrainerSummary; losses: [number, number][]}> {
		const losses: [number, number][] = [];
		const result = await runTrainer(request, (line: TrainerLine) => {
			if (line.event === 'progress') {
				job.progress(line.step, line.total);
				if (line.loss !== undefined)
					losses.push([line.step, line.loss]);
			} else if (line.event === 'metric')
				job.log('info', `step ${line.step}: ${line.name} ${line.value}`);
			else if (line.event === 'phase')
				job.log('info', line.phase);
		}, job.signal);
		if (result.status === 'cancelled')
			throw new RstarError('stopped', 'training was stopped');
		job.log('info', `trained ${result.summary.out}: ${result.summary.steps} steps`);
		return {summary: result.summary, losses};
	}

	private async evaluate(round: StoredRound, job: JobContext): Promise<void> {
		const policyPath = this.store.model(round.policyModelId!)!.path;
		const ppmPath = round.ppmModelId === null ? null : this.store.model(round.ppmModelId)!.path;
		const {evaluation, concurrency} = round.config;
		const datasets = [];
		for (const datasetId of evaluation.datasetIds) {
			const greedy = await this.evaluations.evaluate({
				datasetId, perLevel: evaluation.perLevel, settings: {promptFormat: round.config.settings.promptFormat}, policyPath, kind: 'greedy',
				roundId: round.id, concurrency
			}, job);
			const search = ppmPath === null ? null : await this.evaluations.evaluate({
				datasetId, perLevel: evaluation.perLevel, settings: {promptFormat: round.config.settings.promptFormat, ...evaluation.search},
				policyPath, ppmPath, kind: 'search', roundId: round.id, concurrency, accuracyVsN: {ns: evaluation.ns, resamples: evaluation.resamples}
			}, job);
			job.log('info', `dataset ${datasetId}: greedy ${(greedy.overall.rate * 100).toFixed(1)} %${search ? `, with the PPM ${(search.overall.rate * 100).toFixed(1)} %` : ''}`);
			datasets.push({datasetId, greedyEvaluationId: greedy.evaluationId, searchEvaluationId: search?.evaluationId ?? null});
		}
		this.store.recordEvaluation(round.id, {datasets});
	}
}

/** An evaluation's rates, overall and per level. */
function scores(report: EvaluationReport): {overall: number; byLevel: Record<string, number>; problems: number} {
	return {
		overall: report.overall.rate, problems: report.overall.problems,
		byLevel: Object.fromEntries(Object.entries(report.byLevel).map(([level, score]) => [level, score.rate]))
	};
}

export interface RoundReport {
	evolution: string;
	rounds: {
		id: number;
		number: number;
		status: StoredRound['status'];
		error: string | null;
		searchedWith: {policyPath: string; ppmPath: string | null; preset: string | null; qMode: string};
		search: (Omit<RoundSearchResult, 'searchIds'> & {searchIds: undefined}) | null;
		extraction: {sftRows: number; pairRows: number; handPairs: number} | null;
		policy: {path: string; steps: number; finalLoss: number | undefined} | null;
		ppm: {path: string; steps: number; heldOutPairwiseAccuracy: number | undefined} | null;
		evaluation: {
			dataset: string;
			greedy: ReturnType<typeof scores> | null;
			search: (ReturnType<typeof scores> & {
				preset: string | null; answerSelection: string; byAnswerSelection: Record<string, number> | null; accuracyVsN: EvaluationReport['accuracyVsN'];
			}) | null;
		}[];
	}[];
}
