import fs from 'node:fs';
import path from 'node:path';
import {RstarError} from '../contract/errors.js';
import type {EvaluationReport} from '../contract/evaluations.js';
import {settingsFor} from '../contract/presets.js';
import {
	RoundConfig, RoundEvaluationConfig, roundStages, type LevelSolveRate, type RoundConfigInput, type RoundCreateParams, type RoundProblem,
	type RoundReport, type RoundSearchResult, type RoundStage, type RoundView, type TrainedModel
} from '../contract/rounds.js';
import {deriveSeed, mulberry32, shuffledPrefix} from '../engine/rng.js';
import {reachedRightAnswer, type SearchSettings} from '../contract/search.js';
import type {WorkbenchSettings} from '../contract/settings.js';
import type {TrainerLine, TrainerSummary} from '../contract/trainer.js';
import {defaultPolicyPath} from '../paths.js';
import {scheduledSearch} from '../rounds/roundSchedule.js';
import {writeRoundData} from '../rounds/writeRoundData.js';
import {sha256File} from '../sha256File.js';
import {DatasetStore} from '../store/DatasetStore.js';
import {RoundStore, type StoredRound} from '../store/RoundStore.js';
import type {Workspace} from '../store/Workspace.js';
import {writeFileWhole} from '../writeFileWhole.js';
import {runTrainer, type TrainerRequest} from '../trainer/runTrainer.js';
import {runBatch} from './BatchSearch.js';
import type {EvaluationService} from './EvaluationService.js';
import type {EventBus} from './EventBus.js';
import type {JobContext, JobRunner} from './JobRunner.js';
import {PairService} from './PairService.js';
import type {SearchService} from './SearchService.js';

/** Where rounds write their files; null: the default place. */
export type RoundLocations = Pick<WorkbenchSettings, 'dataDir' | 'modelsDir'>;

/**
 * Self-evolution rounds (rStar-Math §3.3): each searches a problem pool with the models of the round before, extracts
 * SFT rows and PPM pairs by the reference's rules, trains the next policy and PPM, and scores them. Every stage is a
 * job, and resumable: a round run again (after a crash, a stop, a failed training) starts at its first stage not done,
 * and the search stage itself resumes problem by problem.
 */
export class RoundService {
	private readonly store: RoundStore;
	private readonly pairs: PairService;
	private readonly datasets: DatasetStore;
	/** Rounds this process runs in the background (started by `start`), by id: their stop, and their end. */
	private readonly running = new Map<number, {stop: AbortController; ended: Promise<void>}>();

	/**
	 * `locations`: where rounds write, read when a stage writes (the workbench's settings: a change applies from the next
	 * stage on; files already written stay where the round recorded them). Defaults to beside the workspace.
	 */
	public constructor(private readonly workspace: Workspace, private readonly searches: SearchService, private readonly evaluations: EvaluationService, private readonly jobs: JobRunner, private readonly events?: EventBus,
		private readonly locations: () => RoundLocations = () => ({dataDir: null, modelsDir: null}), pairs?: PairService) {
		// The curation queue its extraction fills and its PPM training reads (the app's, or one of its own).
		this.pairs = pairs ?? new PairService(workspace, events);
		this.store = new RoundStore(workspace.db);
		this.datasets = new DatasetStore(workspace.db);
		const interrupted = this.store.interruptOrphans();
		if (interrupted.length > 0)
			events?.log('warn', `round${interrupted.length === 1 ? '' : 's'} ${interrupted.join(', ')} lost ${interrupted.length === 1 ? 'its' : 'their'} process: run again to go on`);
	}

	public create(request: RoundCreateParams): StoredRound {
		return this.store.get(this.store.create(this.preview(request)))!;
	}

	/**
	 * What `create` would store, without storing it: the schedule's models and preset for the round's number, the
	 * previous round's settings where not given — what the Rounds page's "next round" pre-fills.
	 */
	public preview(request: RoundCreateParams): RoundConfig {
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
			pool: {
				datasetId, perLevel: request.perLevel ?? inherited?.pool.perLevel, levels: request.levels ?? inherited?.pool.levels,
				sample: request.sample ?? inherited?.pool.sample
			},
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
		return parsed.data;
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
		const pending = this.pendingStages(roundId, options.only);
		return pending.length === 0 ? this.get(roundId) : this.execute(roundId, pending, signal);
	}

	/**
	 * Runs the round's stages not done (or those of `only`) in the background of this process, where the user can pause,
	 * resume and stop them; returns the round as it starts. Its jobs report progress; a failure is the round's error.
	 */
	public start(roundId: number, options: {only?: readonly RoundStage[]} = {}): StoredRound {
		const pending = this.pendingStages(roundId, options.only);
		if (pending.length === 0)
			return this.get(roundId);
		const stop = new AbortController();
		const round = this.get(roundId);
		this.events?.log('info', `${round.evolution} round ${round.number}: running ${pending.join(' → ')}`);
		const ended = this.execute(roundId, pending, stop.signal).then(
			ended => this.events?.log('info', `${ended.evolution} round ${ended.number}: ${pending.join(' → ')} done`),
			(error: Error) => this.events?.log(stop.signal.aborted ? 'warn' : 'error', `${round.evolution} round ${round.number}: ${error.message}`)
		).finally(() => this.running.delete(roundId));
		this.running.set(roundId, {stop, ended});
		return this.get(roundId);
	}

	/** Stops the rounds this process runs (each records how far it got, to go on from there) and waits for them. */
	public async close(): Promise<void> {
		for (const {stop} of this.running.values())
			stop.abort(new RstarError('stopped', 'the app closed while the round ran: run it again to go on'));
		await Promise.all([...this.running.values()].map(running => running.ended));
	}

	/** Pauses the round's running stage at its next safe point (see JobRunner.pause). */
	public pause(roundId: number): StoredRound {
		this.jobs.pause(this.liveJob(roundId, 'pause').id);
		return this.get(roundId);
	}

	public resume(roundId: number): StoredRound {
		this.jobs.resume(this.liveJob(roundId, 'resume').id);
		return this.get(roundId);
	}

	/** Stops the round's run: the running stage records how far it got; `start` (or `run`) goes on from there. */
	public stop(roundId: number): StoredRound {
		const running = this.running.get(roundId);
		if (running)
			running.stop.abort(new RstarError('stopped', 'stopped by the user'));
		else
			this.jobs.stop(this.liveJob(roundId, 'stop').id);
		return this.get(roundId);
	}

	private liveJob(roundId: number, verb: string) {
		const round = this.get(roundId);
		const job = this.jobs.list({roundId}).findLast(candidate => candidate.status === 'running' || candidate.status === 'paused');
		if (!job)
			throw new RstarError('invalid-params', `${round.evolution} round ${round.number} is not running: there is nothing to ${verb}`);
		return job;
	}

	/** The stages a run would run, in order; refuses an order that skips a stage, and a round running elsewhere. */
	private pendingStages(roundId: number, only?: readonly RoundStage[]): RoundStage[] {
		const round = this.get(roundId);
		const pending = roundStages.filter(stage => !this.stageDone(round, stage) && (!only || only.includes(stage)));
		for (const stage of pending) {
			const before = roundStages.slice(0, roundStages.indexOf(stage)).find(earlier => !this.stageDone(round, earlier) && !pending.includes(earlier));
			if (before)
				throw new RstarError('invalid-params', `${round.evolution} round ${round.number}: ${stage} comes after ${before}, which is not done`);
		}
		// Jobs whose process died were marked interrupted when this workspace was opened: a live one is another run's.
		const live = this.jobs.list({roundId}).find(job => job.status === 'running' || job.status === 'paused');
		if (pending.length > 0 && (live || this.running.has(roundId)))
			throw new RstarError('round.busy', `${round.evolution} round ${round.number} is running${live ? ` in process ${live.pid} (job ${live.id}, ${live.title})` : ''}: wait for it, or stop it`);
		return pending;
	}

	private async execute(roundId: number, pending: readonly RoundStage[], signal?: AbortSignal): Promise<StoredRound> {
		const round = this.get(roundId);
		this.store.setStatus(roundId, 'running');
		try {
			for (const stage of pending)
				await this.jobs.run({kind: `round.${stage}`, roundId, title: `${round.evolution} round ${round.number}: ${stage}`},
					job => this.runStage(this.get(roundId), stage, job), signal);
			const after = this.get(roundId);
			this.store.setStatus(roundId, roundStages.every(stage => this.stageDone(after, stage)) ? 'done' : 'created');
		} catch (error) {
			// Stopped: the round's run (its signal), or its stage's job alone (`job.stop`).
			const stopped = signal?.aborted || (error instanceof RstarError && error.code === 'stopped');
			this.store.setStatus(roundId, stopped ? 'stopped' : 'failed', (error as Error).message);
			throw error;
		}
		return this.get(roundId);
	}

	/** A round as the Rounds page shows it: where each stage stands (its latest job), the models with their lineage. */
	public view(round: StoredRound): RoundView {
		const jobs = this.jobs.list({roundId: round.id});
		const model = (id: number | null): TrainedModel | null => id === null ? null : this.store.model(id);
		return {
			id: round.id, evolution: round.evolution, number: round.number, status: round.status, error: round.error, config: round.config,
			stages: roundStages.map(stage => {
				const job = jobs.findLast(candidate => candidate.kind === `round.${stage}`) ?? null;
				const status = this.stageDone(round, stage) ? 'done' : job === null || job.status === 'done' ? 'pending' : job.status;
				return {stage, status, job};
			}),
			searchResult: round.searchResult, extraction: round.extraction, policyModel: model(round.policyModelId), ppmModel: model(round.ppmModelId),
			evaluations: round.evaluation?.datasets ?? [], createdAt: round.createdAt, finishedAt: round.finishedAt
		};
	}

	/** The pool's problems in search order, each with its search as it stands (one query for the whole batch). */
	public problems(roundId: number): RoundProblem[] {
		const round = this.get(roundId);
		const searches = new Map(this.searches.batchOverview(roundId).map(search => [search.problemId, search]));
		return this.poolProblems(round).map(problem => {
			const search = searches.get(problem.id);
			const graded = problem.answers.length > 0;
			return {
				problemId: problem.id, level: problem.level, question: problem.question.slice(0, 300), searchId: search?.id ?? null,
				status: search?.status ?? 'pending', found: search && graded ? search.found : null, correct: search?.correct ?? null,
				nodes: search?.nodes ?? 0, completedRollouts: search?.completedRollouts ?? 0
			};
		});
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
					search: round.searchResult && withoutSearchIds(round.searchResult),
					extraction: round.extraction && {sftRows: round.extraction.sftRows, pairRows: round.extraction.pairRows, handPairs: round.extraction.handPairs},
					policy: policy && {path: policy.path, steps: policy.training.steps as number, finalLoss: policy.training.final_loss as number | undefined ?? null},
					ppm: ppm && {path: ppm.path, steps: ppm.training.steps as number, heldOutPairwiseAccuracy: ppm.training.heldout_pairwise_accuracy as number | undefined ?? null},
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

	/** The pool, in the dataset's order: its levels, its per-level cap, then its seeded sample. */
	private poolProblems(round: StoredRound) {
		const {pool, settings} = round.config;
		const problems = this.datasets.selectProblems({datasetId: pool.datasetId, perLevel: pool.perLevel, levels: pool.levels, withoutAnswers: true});
		if (pool.sample === undefined || pool.sample >= problems.length)
			return problems;
		// A seeded draw picks the sample; it is searched in the dataset's order.
		return shuffledPrefix(problems.length, pool.sample, mulberry32(deriveSeed(settings.seed, round.number)))
			.sort((a, b) => a - b).map(i => problems[i]!);
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
		job.progress(0, searches.length);
		const {extraction, mined} = writeRoundData({
			directory: this.directory(round),
			sftPerProblem: round.config.sftPerProblem,
			pairs: round.config.pairs,
			trees: searches.map(search => ({search, nodes: this.searches.storedNodes(search.id), handPairs: this.pairs.listForSearch(search.id)})),
			round: {id: round.id, evolution: round.evolution, number: round.number}
		});
		job.progress(searches.length, searches.length);
		this.store.recordExtraction(round.id, extraction);
		const queued = this.pairs.addMined(round.id, mined);
		job.log('info', `${extraction.sftRows} SFT rows, ${extraction.pairRows} PPM pairs (${extraction.handPairs} made by hand) in ${extraction.directory}; ${queued} new pairs in the curation queue`);
	}

	private async trainPolicy(round: StoredRound, job: JobContext): Promise<void> {
		const data = this.trainingData(round, 'sft');
		if (data.rows === 0)
			throw new RstarError('invalid-params', `${round.evolution} round ${round.number} extracted no SFT rows (no problem of its pool has a right trajectory) and replays none: there is nothing to train the policy on`);
		const {continueFrom, ...options} = round.config.policyTraining;
		const out = path.join(this.modelDirectory(round), 'policy.gguf');
		fs.mkdirSync(path.dirname(out), {recursive: true});
		const init = continueFrom === 'searched-policy' ? round.config.policyPath : undefined;
		const {heldOut, ...trainer} = options;
		const split = this.holdOut(round, 'sft', data, heldOut, trainer.seed);
		const {summary, losses} = await this.train({
			task: 'sft', options: {...trainer, data: split.train, evalData: split.heldOut ?? undefined, out, init, name: `${round.evolution}-r${round.number}-policy`}
		}, job);
		this.store.recordModel(round.id, {
			kind: 'policy', path: out, sha256: await sha256File(out), initPath: init ?? null, data: {...data, ...split, roundId: round.id}, training: {...summary, losses}
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
		const {heldOut, ...trainer} = round.config.ppmTraining;
		const split = this.holdOut(round, 'pairs', data, heldOut, trainer.seed);
		const {summary, losses} = await this.train({
			task: 'ppm', options: {...trainer, pairs: split.train, evalPairs: split.heldOut ?? undefined, out, init, name: `${round.evolution}-r${round.number}-ppm`}
		}, job);
		this.store.recordModel(round.id, {
			kind: 'ppm', path: out, sha256: await sha256File(path.join(out, 'model.onnx')), initPath: init, data: {...data, ...split, roundId: round.id}, training: {...summary, losses}
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
		const files = [this.roundFile(round, kind), ...earlier.map(other => this.roundFile(other, kind)), ...replay[kind] ? [path.resolve(replay[kind])] : []];
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

	/**
	 * A round's own training file: its SFT rows as extracted; its PPM pairs in their curated state (curation.ts: edits
	 * applied, swaps swapped, rejected, both-good, both-bad, skipped and flagged problems' pairs left out), written now
	 * to `pairs.curated.jsonl` — or as extracted, for a round whose pairs never entered the queue (extracted before it
	 * existed).
	 */
	private roundFile(round: StoredRound, kind: 'sft' | 'pairs'): string {
		if (kind === 'sft' || !this.pairs.queuesRound(round.id))
			return round.extraction!.files[kind]!;
		const file = path.join(this.directory(round), 'pairs.curated.jsonl');
		writeFileWhole(file, this.pairs.curatedRowsOfRound(round.id).map(row => `${JSON.stringify(row)}\n`).join(''));
		return file;
	}

	/**
	 * Sets `fraction` of a training file's rows aside (a seeded draw, at least one row once there are enough for one) as
	 * the held-out data the trainer scores as it goes — the loss curve's second line. Both parts are written to the
	 * round's folder; with nothing to hold out the file is trained on whole.
	 */
	private holdOut(round: StoredRound, kind: 'sft' | 'pairs', data: {file: string; rows: number}, fraction: number, seed: number): {train: string; heldOut: string | null; heldOutRows: number} {
		const count = Math.floor(data.rows * fraction);
		if (count === 0)
			return {train: data.file, heldOut: null, heldOutRows: 0};
		const lines = fs.readFileSync(data.file, 'utf8').split('\n').filter(line => line.trim() !== '');
		const held = new Set(shuffledPrefix(lines.length, count, mulberry32(deriveSeed(seed, round.number, kind === 'sft' ? 1 : 2))));
		const train = path.join(this.directory(round), `${kind}-train.jsonl`);
		const heldOut = path.join(this.directory(round), `${kind}-heldout.jsonl`);
		writeFileWhole(train, lines.filter((_, i) => !held.has(i)).map(line => `${line}\n`).join(''));
		writeFileWhole(heldOut, lines.filter((_, i) => held.has(i)).map(line => `${line}\n`).join(''));
		return {train, heldOut, heldOutRows: count};
	}

	/**
	 * Runs the trainer as the job's work: its steps are the job's progress, its numbers the job's metrics (the live loss
	 * curve: loss, held-out figures, tokens/s), its losses kept with the model; a paused job suspends the trainer.
	 */
	private async train(request: TrainerRequest, job: JobContext): Promise<{summary: TrainerSummary; losses: [number, number][]}> {
		const losses: [number, number][] = [];
		const result = await runTrainer(request, (line: TrainerLine) => {
			if (line.event === 'progress') {
				job.progress(line.step, line.total);
				if (line.loss !== undefined) {
					losses.push([line.step, line.loss]);
					job.metric(line.step, numbersOf(line, ['loss', 'tokens_per_s', 'lr']));
				}
			} else if (line.event === 'metric') {
				job.log('info', `step ${line.step}: ${line.name} ${line.value}`);
				// The held-out loss line carries its accuracies too: each becomes a series of its own.
				const extras = Object.fromEntries(Object.entries(numbersOf(line, Object.keys(line).filter(key => !['step', 'value', 'elapsed_s'].includes(key))))
					.map(([key, value]) => [`heldout_${key}`, value]));
				job.metric(line.step, {[line.name]: line.value, ...extras});
			} else if (line.event === 'phase')
				job.log('info', line.phase);
		}, job.signal, listener => job.onPauseChange(listener));
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

function withoutSearchIds({searchIds: _, ...result}: RoundSearchResult): Omit<RoundSearchResult, 'searchIds'> {
	return result;
}

/** The fields of a trainer line among `keys` that are numbers. */
function numbersOf(line: Record<string, unknown>, keys: readonly string[]): Record<string, number> {
	return Object.fromEntries(keys.flatMap(key => typeof line[key] === 'number' ? [[key, line[key]]] : []));
}
