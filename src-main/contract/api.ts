import {z} from 'zod';
import {
	DatasetImportParams, DatasetSummary, ImportReport, Problem, ProblemPage, ProblemQuery
} from './datasets.js';
import {JobLogLine, JobSummary} from './jobs.js';
import {PairCreateParams, PreferencePair, SearchEvent, SearchStartParams, SearchSummary, StoredNode} from './search.js';

const searchId = z.object({searchId: z.number().int()});

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
			workspacePath: z.string()
		})
	},
	'dataset.list': {
		params: z.object({}),
		result: z.array(DatasetSummary)
	},
	'dataset.import': {
		params: DatasetImportParams,
		result: ImportReport
	},
	'dataset.delete': {
		params: z.object({id: z.number().int()}),
		result: z.object({deleted: z.boolean()})
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
	/** Long work (rounds' stages, evaluations), started here or by the CLI, oldest first; of one round, or all. */
	'job.list': {
		params: z.object({roundId: z.number().int().optional()}),
		result: z.array(JobSummary)
	},
	/** A job's log lines after `afterSeq` (0: all). */
	'job.log': {
		params: z.object({jobId: z.number().int(), afterSeq: z.number().int().min(0).default(0)}),
		result: z.array(JobLogLine)
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
	'log.written': z.object({level: z.enum(['info', 'warn', 'error']), message: z.string(), at: z.string()})
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
