import {RstarError} from '../contract/errors.js';
import type {JobLogLine, JobSummary} from '../contract/jobs.js';
import {isDiskFull} from '../store/isDiskFull.js';
import {JobStore} from '../store/JobStore.js';
import type {Workspace} from '../store/Workspace.js';
import type {EventBus} from './EventBus.js';

/** What a job's work is handed: its stop signal, and how it reports. */
export interface JobContext {
	readonly jobId: number;
	readonly signal: AbortSignal;
	progress(done: number, total: number): void;
	log(level: JobLogLine['level'], message: string): void;
	/** Shows the job paused, with why (a full disk, say), until `resumed`. */
	paused(reason: string): void;
	resumed(): void;
}

/** What a job is: its kind ('evaluation', a round's stage), the round it belongs to if any, and a title to show. */
export interface JobSpec {
	kind: string;
	roundId: number | null;
	title: string;
}

/**
 * Runs long work as persisted jobs: each run is a row with its progress, log and outcome, pushed live as
 * `job.updated`, so the app shows jobs started from the CLI and jobs that outlived the window that started them.
 * A job whose process died is marked `interrupted` when the next runner is built. Work is made resumable by the
 * services that run it (a round's stages, an evaluation); re-running it is a new job of the same kind.
 */
export class JobRunner {
	private readonly store: JobStore;

	public constructor(workspace: Workspace, private readonly events?: EventBus, private readonly onUpdate?: (job: JobSummary) => void) {
		this.store = new JobStore(workspace.db);
		const interrupted = this.store.interruptStale();
		if (interrupted.length > 0)
			this.events?.log('warn', `job${interrupted.length === 1 ? '' : 's'} ${interrupted.join(', ')} lost ${interrupted.length === 1 ? 'its' : 'their'} process and ${interrupted.length === 1 ? 'is' : 'are'} now interrupted`);
	}

	/** Runs `work` as a job and settles as it does (the job records the outcome either way). */
	public run<T>(job: JobSpec, work: (context: JobContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
		return this.start(job, work, signal).done;
	}

	/**
	 * Starts `work` as a job: the job's row exists when this returns, so its id can be handed out before the work ends
	 * (work started in the background). `done` settles as the work does; its failure is recorded in the job, and a
	 * caller that does not wait for it must still handle its rejection.
	 */
	public start<T>(job: JobSpec, work: (context: JobContext) => Promise<T>, signal?: AbortSignal): {jobId: number; done: Promise<T>} {
		const jobId = this.store.create(job);
		return {jobId, done: this.execute(jobId, work, signal)};
	}

	private async execute<T>(jobId: number, work: (context: JobContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
		const abort = new AbortController();
		const forward = () => abort.abort(signal!.reason);
		signal?.addEventListener('abort', forward, {once: true});
		if (signal?.aborted)
			forward();
		const updated = () => {
			const summary = this.store.get(jobId)!;
			this.events?.emit('job.updated', {job: summary});
			this.onUpdate?.(summary);
		};
		// A job's bookkeeping must not fail its work: on a full disk the work pauses itself, and its progress and log
		// lines are what can wait (the events still go out).
		// A log line changes nothing the summary shows: only the others push `job.updated`.
		const record = (write: () => void, push = true) => {
			try {
				write();
			} catch (error) {
				if (!isDiskFull(error))
					throw error;
			}
			if (push)
				updated();
		};
		const context: JobContext = {
			jobId,
			signal: abort.signal,
			progress: (done, total) => record(() => this.store.progress(jobId, done, total)),
			log: (level, message) => record(() => this.store.log(jobId, level, message), false),
			paused: reason => record(() => {
				this.store.setStatus(jobId, 'paused', reason);
				this.store.log(jobId, 'warn', `paused: ${reason}`);
			}),
			resumed: () => record(() => {
				this.store.setStatus(jobId, 'running');
				this.store.log(jobId, 'info', 'resumed');
			})
		};
		updated();
		try {
			const result = await work(context);
			this.store.finish(jobId, 'done');
			return result;
		} catch (error) {
			const stopped = abort.signal.aborted;
			this.store.finish(jobId, stopped ? 'stopped' : 'failed', (error as Error).message);
			this.store.log(jobId, 'error', stopped ? `stopped: ${(error as Error).message}` : (error as Error).message);
			throw error;
		} finally {
			signal?.removeEventListener('abort', forward);
			updated();
		}
	}

	public list(filter: {roundId?: number} = {}): JobSummary[] {
		return this.store.list(filter);
	}

	public get(jobId: number): JobSummary {
		const job = this.store.get(jobId);
		if (!job)
			throw new RstarError('not-found', `no job ${jobId} in this workspace`);
		return job;
	}

	public log(jobId: number, afterSeq = 0): JobLogLine[] {
		this.get(jobId);
		return this.store.logLines(jobId, afterSeq);
	}
}
