import os from 'node:os';
import type Database from 'better-sqlite3';
import type {JobLogLine, JobMetricPoint, JobStatus, JobSummary} from '../contract/jobs.js';
import {leaseIsStale} from './SearchLease.js';

interface JobRow {
	id: number; kind: string; round_id: number | null; title: string; status: JobStatus; done: number; total: number;
	progress_since: number | null; progress_since_done: number | null; error: string | null; pid: number | null; host: string | null;
	created_at: string; updated_at: string; finished_at: string | null;
}

/** All SQL about jobs and their logs. */
export class JobStore {
	public constructor(private readonly db: Database.Database) {}

	public create(job: {kind: string; roundId: number | null; title: string}): number {
		const now = new Date().toISOString();
		return Number(this.db.prepare(`INSERT INTO jobs (kind, round_id, title, status, pid, host, created_at, updated_at)
			VALUES (?, ?, ?, 'running', ?, ?, ?, ?)`).run(job.kind, job.roundId, job.title, process.pid, os.hostname(), now, now).lastInsertRowid);
	}

	/**
	 * Counts progress. The ETA's origin is the first count of this process's run, so the minutes a previous run took
	 * (or the time the job sat interrupted) do not skew the rate.
	 */
	public progress(jobId: number, done: number, total: number): void {
		this.db.prepare(`UPDATE jobs SET done = ?, total = ?, updated_at = ?,
			progress_since = COALESCE(progress_since, ?), progress_since_done = COALESCE(progress_since_done, ?) WHERE id = ?`)
			.run(done, total, new Date().toISOString(), Date.now(), done, jobId);
	}

	public setStatus(jobId: number, status: 'running' | 'paused', error: string | null = null): void {
		this.db.prepare('UPDATE jobs SET status = ?, error = ?, updated_at = ? WHERE id = ?').run(status, error, new Date().toISOString(), jobId);
	}

	/** Starts the ETA's rate again from the next count (after a pause, whose length says nothing of the work's pace). */
	public restartRate(jobId: number): void {
		this.db.prepare('UPDATE jobs SET progress_since = NULL, progress_since_done = NULL WHERE id = ?').run(jobId);
	}

	/** Merges `values` into the job's numbers at `step`; returns the step's values as they now stand. */
	public metric(jobId: number, step: number, values: Record<string, number>): JobMetricPoint {
		const merged = this.db.prepare(`INSERT INTO job_metrics (job_id, step, "values") VALUES (?, ?, json(?))
			ON CONFLICT (job_id, step) DO UPDATE SET "values" = json_patch("values", excluded."values") RETURNING "values"`)
			.pluck().get(jobId, step, JSON.stringify(values)) as string;
		return {step, values: JSON.parse(merged) as Record<string, number>};
	}

	public metrics(jobId: number): JobMetricPoint[] {
		return (this.db.prepare('SELECT step, "values" FROM job_metrics WHERE job_id = ? ORDER BY step').all(jobId) as {step: number; values: string}[])
			.map(row => ({step: row.step, values: JSON.parse(row.values) as Record<string, number>}));
	}

	public finish(jobId: number, status: Exclude<JobStatus, 'running' | 'paused'>, error: string | null = null): void {
		const now = new Date().toISOString();
		this.db.prepare('UPDATE jobs SET status = ?, error = ?, updated_at = ?, finished_at = ?, pid = NULL, host = NULL WHERE id = ?')
			.run(status, error, now, now, jobId);
	}

	public log(jobId: number, level: JobLogLine['level'], message: string): void {
		this.db.prepare(`INSERT INTO job_log (job_id, seq, at, level, message)
			VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM job_log WHERE job_id = ?), ?, ?, ?)`)
			.run(jobId, jobId, new Date().toISOString(), level, message);
	}

	public get(jobId: number): JobSummary | null {
		const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(jobId) as JobRow | undefined;
		return row ? toSummary(row) : null;
	}

	public list(filter: {roundId?: number} = {}): JobSummary[] {
		const rows = filter.roundId === undefined
			? this.db.prepare('SELECT * FROM jobs ORDER BY id').all() as JobRow[]
			: this.db.prepare('SELECT * FROM jobs WHERE round_id = ? ORDER BY id').all(filter.roundId) as JobRow[];
		return rows.map(toSummary);
	}

	public logLines(jobId: number, afterSeq = 0): JobLogLine[] {
		return this.db.prepare('SELECT seq, at, level, message FROM job_log WHERE job_id = ? AND seq > ? ORDER BY seq').all(jobId, afterSeq) as JobLogLine[];
	}

	/** Marks `interrupted` the running or paused jobs whose process is gone; returns their ids. */
	public interruptStale(): number[] {
		return this.db.transaction(() => {
			const rows = this.db.prepare("SELECT * FROM jobs WHERE status IN ('running', 'paused')").all() as JobRow[];
			// A job has no lease to renew: only a dead process on this host (or none recorded) makes it stale.
			const stale = rows.filter(row => row.pid === null || row.host === null || leaseIsStale({pid: row.pid, host: row.host, expiresAt: Number.POSITIVE_INFINITY}, Date.now()));
			for (const row of stale)
				this.finish(row.id, 'interrupted', `its process${row.pid === null ? '' : ` (pid ${row.pid} on ${row.host})`} ended while it ran`);
			return stale.map(row => row.id);
		}).immediate();
	}
}

function toSummary(row: JobRow): JobSummary {
	let etaSeconds: number | null = null;
	if (row.status === 'running' && row.progress_since !== null && row.progress_since_done !== null && row.done > row.progress_since_done && row.total > row.done) {
		const perItem = (Date.parse(row.updated_at) - row.progress_since) / (row.done - row.progress_since_done);
		etaSeconds = Math.round(perItem * (row.total - row.done) / 1000);
	}
	return {
		id: row.id, kind: row.kind, roundId: row.round_id, title: row.title, status: row.status, done: row.done, total: row.total,
		etaSeconds, error: row.error, pid: row.pid, createdAt: row.created_at, updatedAt: row.updated_at, finishedAt: row.finished_at
	};
}
