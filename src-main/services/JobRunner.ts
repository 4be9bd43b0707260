import {RstarError} from '../contract/errors.js';
import type {JobLogLine, JobMetricPoint, JobSummary} from '../contract/jobs.js';
import {isDiskFull} from '../store/isDiskFull.js';
import {JobStore} from '../store/JobStore.js';
import type {Workspace} from '../store/Workspace.js';
import type {EventBus} from './EventBus.js';

/** What a job's work is handed: its stop signal, how it reports, and where it may be paused. */
export interface JobContext {
	readonly jobId: number;
	readonly signal: AbortSignal;
	progress(done: number, total: number): void;
	log(level: JobLogLine['level'], message: string): void;
	/** Records the job's numbers at a step (merged with any already there) and pushes them as `job.metric`. */
	metric(step: number, values: Record<string, number>): void;
	/** Shows the job paused, with why (a full disk, say), until `resumed`. */
	paused(reason: string): void;
	resumed(): void;
	/** A safe point: returns at once unless the user paused the job, else when it is resumed (rejects if stopped). */
	checkpoint(): Promise<void>;
	/** Calls `listener` when the user pauses or resumes the job (work that cannot wait at a checkpoint suspends
	 * itself: a trainer process is stopped and continued); returns the unsubscribe. */
	onPauseChange(listener: (paused: boolean) => void): () => void;
}

/** A job running in this process, which the user can pause, resume and stop. */
interface LiveJob {
	abort: AbortController;
	paused: boolean;
	listeners: Set<(paused: boolean) => void>;
}

/**
 * Runs long work as persisted jobs: each run is a row with its progress, log, numbers and outcome, pushed live as
 * `job.updated` (`job.metric`), so the app shows jobs started from the CLI and jobs that outlived the window that
 * started them. A job whose process died is marked `interrupted` when the next runner is built. Work is made
 * resumable by the services that run it (a round's stages, an evaluation); re-running it is a new job of the same kind.
 */
export class JobRunner {
	private readonly store: JobStore;
	private readonly live = new Map<number, LiveJob>();

	public constructor(workspace: Workspace, private readonly events?: EventBus, private readonly onUpdate?: (job: JobSummary) => void) {
		this.store = new JobStore(workspace.db);
		const interrupted = this.store.interruptStale();
		if (interrupted.length > 0)
			this.events?.log('warn', `job${interrupted.length === 1 ? '' : 's'} ${interrupted.join(', ')} lost ${interrupted.length === 1 ? 'its' : 'their'} process and ${interrupted.length === 1 ? 'is' : 'are'} now interrupted`);
	}

	public async run<T>(job: {kind: string; roundId: number | null; title: string}, work: (context: JobContext) => Promise<T>, signal?: AbortSignal): Promise<T> {
		return this.start(job, work, signal).done;
	}

	/** Starts a job and returns its id at once, with the promise of its end. */
	public start<T>(job: {kind: string; roundId: number | null; title: string}, work: (context: JobContext) => Promise<T>, signal?: AbortSignal): {jobId: number; done: Promise<T>} {
		const jobId = this.store.create(job);
		const live: LiveJob = {abort: new AbortController(), paused: false, listeners: new Set()};
		this.live.set(jobId, live);
		const {abort} = live;
		const forward = () => abort.abort(signal!.reason);
		signal?.addEventListener('abort', forward, {once: true});
		if (signal?.aborted)
			forward();
		const updated = () => this.pushUpdate(jobId);
		// A job's bookkeeping must not fail its work: on a full disk the work pauses itself, and its progress and log
		// lines are what can wait (the events still go out).
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
			// A log line changes nothing the summary shows: only the others push `job.updated`.
			log: (level, message) => record(() => this.store.log(jobId, level, message), false),
			metric: (step, values) => {
				let point: JobMetricPoint = {step, values};
				record(() => {
					point = this.store.metric(jobId, step, values);
				}, false);
				this.events?.emit('job.metric', {jobId, roundId: job.roundId, point});
			},
			paused: reason => record(() => {
				this.store.setStatus(jobId, 'paused', reason);
				this.store.log(jobId, 'warn', `paused: ${reason}`);
			}),
			resumed: () => record(() => {
				this.store.setStatus(jobId, 'running');
				this.store.log(jobId, 'info', 'resumed');
			}),
			checkpoint: () => live.paused ? new Promise<void>((resolve, reject) => {
				const onAbort = () => {
					live.listeners.delete(onChange);
					reject(abort.signal.reason as Error);
				};
				const onChange = (paused: boolean) => {
					if (paused)
						return;
					live.listeners.delete(onChange);
					abort.signal.removeEventListener('abort', onAbort);
					resolve();
				};
				live.listeners.add(onChange);
				abort.signal.addEventListener('abort', onAbort, {once: true});
			}) : Promise.resolve(),
			onPauseChange: listener => {
				live.listeners.add(listener);
				return () => live.listeners.delete(listener);
			}
		};
		updated();
		const done = (async () => {
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
				this.live.delete(jobId);
				signal?.removeEventListener('abort', forward);
				updated();
			}
		})();
		return {jobId, done};
	}

	/**
	 * Pauses a job of this process at its next checkpoint (a batch between problems; a trainer is suspended at once).
	 * Work already in flight at the checkpoint (the searches of a batch) finishes first.
	 */
	public pause(jobId: number): JobSummary {
		return this.setPaused(jobId, true);
	}

	public resume(jobId: number): JobSummary {
		return this.setPaused(jobId, false);
	}

	private setPaused(jobId: number, paused: boolean): JobSummary {
		const live = this.liveJob(jobId, paused ? 'pause' : 'resume');
		if (live.paused !== paused) {
			live.paused = paused;
			this.store.setStatus(jobId, paused ? 'paused' : 'running', paused ? 'paused by the user' : null);
			if (paused)
				this.store.log(jobId, 'warn', 'paused by the user: work in flight finishes, nothing new starts until resumed');
			else {
				// The pause's length says nothing of the work's pace.
				this.store.restartRate(jobId);
				this.store.log(jobId, 'info', 'resumed by the user');
			}
			for (const listener of [...live.listeners])
				listener(paused);
			this.pushUpdate(jobId);
		}
		return this.get(jobId);
	}

	/** Stops a job of this process: its work sees the abort at its next step and records how far it got. */
	public stop(jobId: number): JobSummary {
		this.liveJob(jobId, 'stop').abort.abort(new RstarError('stopped', 'stopped by the user'));
		return this.get(jobId);
	}

	/** Whether the job runs in this process (and so can be paused, resumed and stopped here). */
	public isLive(jobId: number): boolean {
		return this.live.has(jobId);
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

	public metrics(jobId: number): JobMetricPoint[] {
		this.get(jobId);
		return this.store.metrics(jobId);
	}

	private liveJob(jobId: number, verb: string): LiveJob {
		const live = this.live.get(jobId);
		if (live)
			return live;
		const job = this.get(jobId);
		throw new RstarError('invalid-params', job.status === 'running' || job.status === 'paused'
			? `job ${jobId} (${job.title}) runs in another process (pid ${job.pid}): ${verb} it there`
			: `job ${jobId} (${job.title}) is ${job.status}: there is nothing to ${verb}`);
	}

	private pushUpdate(jobId: number): void {
		const summary = this.store.get(jobId)!;
		this.events?.emit('job.updated', {job: summary});
		this.onUpdate?.(summary);
	}
}
