import {z} from 'zod';
import {
	DatasetDeleteParams, DatasetDeleteResult, DatasetExport, DatasetExportParams, DatasetImportParams, DatasetRenameParams, DatasetSummary,
	ImportReport, Problem, ProblemPage, ProblemQuery
} from './datasets.js';
import {
	AgreementNext, AgreementNextParams, AgreementReport, AgreementSample, AgreementStartParams, CurationExport, Guidelines, GuidelinesSetParams,
	PairBulkParams, PairDetail, PairExportParams, PairGetParams, PairImportParams, PairImportResult, PairLabelParams, PairLabelResult, PairNext,
	PairNextParams, PairPage, PairQuery, PairUndoParams, PairUndoResult, PairViewSaveParams, ProblemFlagParams, SavedPairView, StepLabelParams,
	StepwiseExportParams, TrajectoryFinishParams, TrajectoryLabels, TrajectoryLabelSummary, TrajectoryRef
} from './curation.js';
import {EvaluationReport, EvaluationStartParams, EvaluationSummary, StepDistributions} from './evaluations.js';
import {JobLogLine, JobMetricPoint, JobSummary} from './jobs.js';
import {ModelAddParams, ModelRuntime, ModelRuntimeParams, RegisteredModel} from './models.js';
import {RoundConfig, RoundCreateParams, RoundProblem, RoundReport, roundStages, RoundView} from './rounds.js';
import {SettingsUpdate, WorkbenchSettings} from './settings.js';
import {PairCreateParams, PreferencePair, SearchEvent, SearchOutcome, SearchStartParams, SearchSummary, StoredNode} from './search.js';

/** What a log line is about: the UI links it (a search opens on the Search page). */
export const LogRef = z.object({kind: z.literal('search'), id: z.number().int()});
export type LogRef = z.infer<typeof LogRef>;

const searchId = z.object({searchId: z.number().int()});
const roundId = z.object({roundId: z.number().int()});
const modelId = z.object({id: z.number().int()});

/**
 * The one API contract: every method the UI can call, with the schema of its params and of its result.
 * Both transports (Electron IPC, loopback HTTP) validate params against this table before a service sees them,
 * and the renderer's client is typed from it. Methods are `noun.verb`.
 */
export const apiMethods = {
	'app.info': {
		params: z.object({}),
		result: z.object({
			version: z.string(),
			/** How the UI is hosted: the Electron window, or a browser talking to `rstar serve`. */
			host: z.enum(['electron', 'browser']),
			workspacePath: z.string(),
			/** The workspace the next start opens when no `--db` is given (the one chosen by `workspace.choose`). */
			startupWorkspacePath: z.string(),
			/** The tiny models shipped with the app (resources/models): the embedded default policy and the smoke PPM. */
			shippedModels: z.object({policyPath: z.string(), ppmPath: z.string()})
		})
	},
	/**
	 * Makes `path` (an existing workspace, or a new file to create) the workspace the app and the CLI open from their
	 * next start when no `--db` is given. The running app keeps its workspace: see SettingsService for why.
	 */
	'workspace.choose': {
		params: z.object({path: z.string().trim().min(1).max(4096)}),
		result: z.object({workspacePath: z.string(), startupWorkspacePath: z.string()})
	},
	'dataset.list': {
		params: z.object({}),
		result: z.array(DatasetSummary)
	},
	'dataset.import': {
		params: DatasetImportParams,
		result: ImportReport
	},
	/** Deletes an imported dataset (built-ins are refused), keeping or removing the searches of its problems. */
	'dataset.delete': {
		params: DatasetDeleteParams,
		result: DatasetDeleteResult
	},
	/** Renames an imported dataset (built-ins are refused: every start finds them by name). */
	'dataset.rename': {
		params: DatasetRenameParams,
		result: DatasetSummary
	},
	/** A dataset's problems as a file that `dataset.import` reads back. */
	'dataset.export': {
		params: DatasetExportParams,
		result: DatasetExport
	},
	'problem.list': {
		params: ProblemQuery,
		result: ProblemPage
	},
	'problem.get': {
		params: z.object({id: z.number().int()}),
		result: Problem
	},
	/** Starts a search in the background; its events are pushed as `search.evented`, its end as `search.finished`. */
	'search.start': {
		params: SearchStartParams,
		result: z.object({searchId: z.number().int()})
	},
	/** Stops a running search after its current step; it keeps every committed rollout and can be resumed. */
	'search.stop': {
		params: searchId,
		result: z.object({stopped: z.boolean()})
	},
	/** Past searches, newest first: of one problem, or of one typed question, or all. */
	'search.list': {
		params: z.object({problemId: z.number().int().optional(), question: z.string().max(100_000).optional()}),
		result: z.array(SearchSummary)
	},
	/** A search with its tree as of its last committed rollout. */
	'search.get': {
		params: searchId,
		result: z.object({search: SearchSummary, nodes: z.array(StoredNode)})
	},
	/** What a search came to, from its stored tree: vote split, nodes by kind, right / wrong / pruned, tokens, time by stage. */
	'search.outcome': {
		params: searchId,
		result: SearchOutcome
	},
	/** The persisted event log of a search, in order: the replay. */
	'search.events': {
		params: searchId,
		result: z.array(SearchEvent)
	},
	'pair.create': {
		params: PairCreateParams,
		result: PreferencePair
	},
	'pair.list': {
		params: searchId,
		result: z.array(PreferencePair)
	},
	/** Deletes a hand-made pair (undo); `not-found` when it is gone already. */
	'pair.delete': {
		params: z.object({pairId: z.number().int()}),
		result: z.object({deleted: z.literal(true)})
	},
	/** Long work (rounds' stages, evaluations), started here or by the CLI, oldest first; of one round, or all. */
	'job.list': {
		params: z.object({roundId: z.number().int().optional()}),
		result: z.array(JobSummary)
	},
	/** A job's log lines after `afterSeq` (0: all). */
	'job.log': {
		params: z.object({jobId: z.number().int(), afterSeq: z.number().int().min(0).default(0)}),
		result: z.array(JobLogLine)
	},
	/**
	 * Pauses a job this app runs at its next safe point (a batch between problems, a trainer at once); resume goes on;
	 * stop ends it, keeping what it committed (run it again to go on). A job of another process is refused, naming it.
	 */
	'job.pause': {
		params: z.object({jobId: z.number().int()}),
		result: JobSummary
	},
	'job.resume': {
		params: z.object({jobId: z.number().int()}),
		result: JobSummary
	},
	'job.stop': {
		params: z.object({jobId: z.number().int()}),
		result: JobSummary
	},
	/** A job's numbers by step (a training's losses, held-out metrics, tokens/s), in step order. */
	'job.metrics': {
		params: z.object({jobId: z.number().int()}),
		result: z.array(JobMetricPoint)
	},
	/** Rounds of one evolution (or all), by evolution then number. */
	'round.list': {
		params: z.object({evolution: z.string().optional()}),
		result: z.array(RoundView)
	},
	'round.get': {
		params: roundId,
		result: RoundView
	},
	/** What `round.create` would store, without storing it: the schedule's models and preset, inherited settings. */
	'round.preview': {
		params: RoundCreateParams,
		result: RoundConfig
	},
	'round.create': {
		params: RoundCreateParams,
		result: RoundView
	},
	/** Runs the round's stages not done yet (or those of `only`) in the background; `job.updated` reports them. */
	'round.run': {
		params: z.object({roundId: z.number().int(), only: z.array(z.enum(roundStages)).optional()}),
		result: RoundView
	},
	/** Pauses the running stage at its next safe point (between problems; the trainer between steps). */
	'round.pause': {
		params: roundId,
		result: RoundView
	},
	'round.resume': {
		params: roundId,
		result: RoundView
	},
	/** Stops the running stage; what it committed stays, and `round.run` goes on from there. */
	'round.stop': {
		params: roundId,
		result: RoundView
	},
	/** The pool's problems with their searches, for the search stage's live table. */
	'round.problems': {
		params: roundId,
		result: z.array(RoundProblem)
	},
	'round.report': {
		params: z.object({evolution: z.string()}),
		result: RoundReport
	},
	/** Evaluations, newest first: of one round, or all. */
	'evaluation.list': {
		params: z.object({roundId: z.number().int().optional()}),
		result: z.array(EvaluationSummary)
	},
	/** An evaluation with its report (null until it is done). */
	'evaluation.get': {
		params: z.object({evaluationId: z.number().int()}),
		result: z.object({evaluation: EvaluationSummary, report: EvaluationReport.nullable()})
	},
	/** Starts an evaluation as a job in the background. */
	'evaluation.start': {
		params: EvaluationStartParams,
		result: z.object({jobId: z.number().int()})
	},
	/** Q and PPM scores of the steps on right vs wrong answer trajectories: of a round's search, or of an evaluation. */
	'evaluation.stepDistributions': {
		params: z.object({roundId: z.number().int().optional(), evaluationId: z.number().int().optional(), bins: z.number().int().min(2).max(200).default(20)})
			.refine(params => (params.roundId === undefined) !== (params.evaluationId === undefined), {message: 'give either roundId or evaluationId'}),
		result: StepDistributions
	},
	/** The curation queue: a filtered, sorted page of pairs with counts by status, overall and by round. */
	'pair.queue': {
		params: PairQuery,
		result: PairPage
	},
	/** One pair as the focus view shows it (blind: without the suggestion and earlier decisions). */
	'pair.get': {
		params: PairGetParams,
		result: PairDetail
	},
	/** The next pending pair of a view, in its order. */
	'pair.next': {
		params: PairNextParams,
		result: PairNext
	},
	/** Records a decision on a pair; returned once committed to disk (full sync). */
	'pair.label': {
		params: PairLabelParams,
		result: PairLabelResult
	},
	/** Takes back the labeller's latest decision; the pair returns to the state before it. */
	'pair.undo': {
		params: PairUndoParams,
		result: PairUndoResult
	},
	/** One verdict on every pair a filter matches (accept all with margin ≥ x, reset, reject); one decision each. */
	'pair.bulk': {
		params: PairBulkParams,
		result: z.object({changed: z.number().int()})
	},
	/** The curated pairs a filter matches as JSONL, in the reference's layout or TRL's, with a manifest. */
	'pair.export': {
		params: PairExportParams,
		result: CurationExport
	},
	/** Reads pairs from JSONL (the reference's layout or TRL's) into the queue as `imported`, pending. */
	'pair.import': {
		params: PairImportParams,
		result: PairImportResult
	},
	/** Flags (or clears) a pair's problem as bad: its pairs leave every export. */
	'pair.flagProblem': {
		params: ProblemFlagParams,
		result: z.object({flagged: z.boolean(), pairs: z.number().int()})
	},
	'pairView.list': {
		params: z.object({}),
		result: z.array(SavedPairView)
	},
	/** Saves a named view of the queue (replacing one of the same name). */
	'pairView.save': {
		params: PairViewSaveParams,
		result: SavedPairView
	},
	'pairView.delete': {
		params: z.object({id: z.number().int()}),
		result: z.object({deleted: z.literal(true)})
	},
	/** A trajectory (root to `leafId`) with one labeller's step ratings. */
	'label.trajectory': {
		params: TrajectoryRef.extend({labeller: z.string().trim().min(1).max(200)}),
		result: TrajectoryLabels
	},
	/** Rates one step of a trajectory −1 / 0 / +1 (replacing the labeller's earlier rating); durable when returned. */
	'label.step': {
		params: StepLabelParams,
		result: TrajectoryLabels
	},
	/** Finishes a trajectory: the first wrong step (if any) and why the labeller stopped. */
	'label.finish': {
		params: TrajectoryFinishParams,
		result: TrajectoryLabels
	},
	'label.list': {
		params: z.object({searchId: z.number().int().optional()}),
		result: z.array(TrajectoryLabelSummary)
	},
	/** Finished step labels as TRL's stepwise layout `{prompt, completions, labels}`, with a manifest. */
	'label.export': {
		params: StepwiseExportParams,
		result: CurationExport
	},
	'guidelines.get': {
		params: z.object({}),
		result: Guidelines
	},
	/** Saves the guidelines as a new version; decisions and labels record the version they were taken under. */
	'guidelines.set': {
		params: GuidelinesSetParams,
		result: Guidelines
	},
	/** Draws a seeded sample of pairs to re-label blind, each item handed to k of the labellers. */
	'agreement.start': {
		params: AgreementStartParams,
		result: AgreementSample
	},
	'agreement.list': {
		params: z.object({}),
		result: z.array(AgreementSample)
	},
	/** The labeller's next unlabelled item of a sample. */
	'agreement.next': {
		params: AgreementNextParams,
		result: AgreementNext
	},
	/** Self-agreement, agreement with the PPM and between labellers (raw % and Cohen's κ), per round and overall. */
	'agreement.report': {
		params: z.object({sampleId: z.number().int()}),
		result: AgreementReport
	},
	/** The model registry, after registering the models rounds trained since the last call. */
	'model.list': {
		params: z.object({}),
		result: z.array(RegisteredModel)
	},
	'model.get': {
		params: modelId,
		result: RegisteredModel
	},
	/** Registers a .gguf file or a PPM bundle folder by its path (never copied); another folder is scanned. Read again when registered already. */
	'model.add': {
		params: ModelAddParams,
		result: z.array(RegisteredModel)
	},
	/** Registers every .gguf file and PPM bundle below a folder, recursively. */
	'model.scan': {
		params: ModelAddParams,
		result: z.array(RegisteredModel)
	},
	/** Unregisters a model; its files stay. Built-in models are refused. */
	'model.remove': {
		params: modelId,
		result: z.object({removed: z.literal(true)})
	},
	/** Replaces a policy's runtime settings (GPU layers, context size, sequences, threads), used from its next load. */
	'model.setRuntime': {
		params: ModelRuntimeParams,
		result: RegisteredModel
	},
	/** Loads a model and holds it (searches on it share the process) until `model.unload`. */
	'model.load': {
		params: modelId,
		result: RegisteredModel
	},
	'model.unload': {
		params: modelId,
		result: RegisteredModel
	},
	/** The backends, memory and cores models can run on here, and the models held loaded. */
	'model.runtime': {
		params: z.object({}),
		result: ModelRuntime
	},
	'settings.get': {
		params: z.object({}),
		result: WorkbenchSettings
	},
	/** Changes the settings given (see SettingsUpdate), in effect from the next run or search; returns them all. */
	'settings.set': {
		params: SettingsUpdate,
		result: WorkbenchSettings
	}
} as const satisfies Record<string, {params: z.ZodType; result: z.ZodType}>;

export type ApiMethod = keyof typeof apiMethods;
/** What a caller passes (defaults may be omitted). */
export type ApiParams<M extends ApiMethod> = z.input<(typeof apiMethods)[M]['params']>;
/** What a handler receives after validation (defaults filled in). */
export type ApiParsedParams<M extends ApiMethod> = z.output<(typeof apiMethods)[M]['params']>;
export type ApiResult<M extends ApiMethod> = z.output<(typeof apiMethods)[M]['result']>;

/** Events pushed from the main side to every connected UI. Named in the past tense, or as a stream of facts. */
export const apiEvents = {
	'dataset.importProgressed': z.object({name: z.string(), rows: z.number().int(), bytes: z.number(), totalBytes: z.number()}),
	'dataset.imported': z.object({dataset: DatasetSummary}),
	'dataset.deleted': z.object({id: z.number().int()}),
	'dataset.renamed': z.object({dataset: DatasetSummary}),
	/** A rollout of a search was completed and committed. */
	'search.progressed': z.object({searchId: z.number().int(), completedRollouts: z.number().int(), totalRollouts: z.number().int(), nodes: z.number().int()}),
	/**
	 * One engine event of a running search, live, with a snapshot of the nodes it names (new children, executed or
	 * terminal steps). `seq` is its place in the search's event log.
	 */
	'search.evented': z.object({searchId: z.number().int(), seq: z.number().int(), event: SearchEvent, nodes: z.array(StoredNode)}),
	'search.finished': z.object({search: SearchSummary}),
	/** A job (a round's stage, an evaluation) counted progress, paused, resumed or ended. */
	'job.updated': z.object({job: JobSummary}),
	/** A job's numbers at a step (a training's loss, held-out loss, tokens/s), live. */
	'job.metric': z.object({jobId: z.number().int(), roundId: z.number().int().nullable(), point: JobMetricPoint}),
	'settings.changed': z.object({settings: WorkbenchSettings}),
	/** Models were registered, read again, removed, loaded or unloaded, or their runtime settings changed: lists refresh. */
	'models.changed': z.object({}),
	/** Pairs were created, decided, undone, imported or flagged: queues refresh. */
	'pairs.changed': z.object({pairIds: z.array(z.number().int()).nullable()}),
	/** A line of the main side's log; `ref` names what it is about, for the UI to link to. */
	'log.written': z.object({level: z.enum(['info', 'warn', 'error']), message: z.string(), at: z.string(), ref: LogRef.optional()})
} as const satisfies Record<string, z.ZodType>;

export type ApiEvent = keyof typeof apiEvents;
export type ApiEventPayload<E extends ApiEvent> = z.output<(typeof apiEvents)[E]>;
export type ApiEventMessage = {[E in ApiEvent]: {event: E; payload: ApiEventPayload<E>}}[ApiEvent];

export function isApiMethod(name: string): name is ApiMethod {
	return Object.hasOwn(apiMethods, name);
}

/** The envelope every transport returns for a call. */
export type ApiResponse<M extends ApiMethod> =
	| {ok: true; result: ApiResult<M>}
	| {ok: false; error: {code: string; message: string; details?: unknown}};

/** The request envelope both transports accept: a method name and its params. */
export const ApiRequest = z.object({
	method: z.string().max(100),
	params: z.unknown()
});
