import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {JobSummary} from '../../../src-main/contract/jobs.js';
import {EventBus} from '../../../src-main/services/EventBus.js';
import {JobRunner} from '../../../src-main/services/JobRunner.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {useTempDir} from '../../support/tempDir.js';

describe('JobRunner', () => {
	const tempDir = useTempDir();

	it('persists a job\'s progress, log and outcome, pushes every update, and estimates what is left from this run\'s rate', async () => {
		const workspace = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			const events = new EventBus();
			const pushed: JobSummary[] = [];
			events.subscribe(message => message.event === 'job.updated' && pushed.push(message.payload.job));
			const runner = new JobRunner(workspace, events);
			const result = await runner.run({kind: 'test', roundId: null, title: 'counting'}, async job => {
				job.progress(0, 4);
				await new Promise(resolve => setTimeout(resolve, 50));
				job.progress(2, 4);
				const mid = runner.get(job.jobId);
				// Two of four done in ~50 ms: about 50 ms left.
				expect(mid.status).toBe('running');
				expect(mid.etaSeconds).not.toBeNull();
				expect(mid.etaSeconds!).toBeLessThan(5);
				job.log('info', 'half way');
				job.paused('waiting for room');
				expect(runner.get(job.jobId)).toMatchObject({status: 'paused', error: 'waiting for room'});
				job.resumed();
				job.progress(4, 4);
				return 42;
			});
			expect(result).toBe(42);
			const [job] = runner.list();
			expect(job).toMatchObject({kind: 'test', title: 'counting', status: 'done', done: 4, total: 4, error: null, pid: null});
			expect(runner.log(job!.id).map(line => line.message)).toEqual(['half way', 'paused: waiting for room', 'resumed']);
			expect(pushed.map(update => update.status)).toEqual(expect.arrayContaining(['running', 'paused', 'done']));
			expect(pushed.at(-1)).toMatchObject({status: 'done'});
		} finally {
			workspace.close();
		}
	});

	it('records a failure and a stop as such, with the reason', async () => {
		const workspace = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			const runner = new JobRunner(workspace);
			await expect(runner.run({kind: 'test', roundId: null, title: 'bad'}, () => Promise.reject(new Error('it broke')))).rejects.toThrow('it broke');
			const abort = new AbortController();
			const stopped = runner.run({kind: 'test', roundId: null, title: 'long'}, job => new Promise((_, reject) => job.signal.addEventListener('abort', () => reject(job.signal.reason as Error))), abort.signal);
			abort.abort(new Error('stopped by the user'));
			await expect(stopped).rejects.toThrow('stopped by the user');
			expect(runner.list().map(job => [job.status, job.error])).toEqual([['failed', 'it broke'], ['stopped', 'stopped by the user']]);
		} finally {
			workspace.close();
		}
	});

	it('marks interrupted, when the next runner opens the workspace, a job whose process is gone', () => {
		const file = path.join(tempDir(), 'w.db');
		const workspace = Workspace.open(file);
		try {
			const now = new Date().toISOString();
			// A job a dead process left running (pid 2^22 + 1 is above Linux's pid limit: no such process).
			workspace.db.prepare(`INSERT INTO jobs (kind, title, status, pid, host, created_at, updated_at) VALUES ('test', 'orphan', 'running', ?, ?, ?, ?)`)
				.run(4_194_305, os.hostname(), now, now);
			const runner = new JobRunner(workspace);
			expect(runner.list()).toMatchObject([{title: 'orphan', status: 'interrupted', error: expect.stringMatching(/^its process \(pid 4194305 on .*\) ended while it ran$/)}]);
		} finally {
			workspace.close();
		}
	});

	it('pauses a job at its checkpoints and resumes it, stops it, and keeps its metrics by step, merged and pushed', async () => {
		const workspace = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			const events = new EventBus();
			const metrics: unknown[] = [];
			events.subscribe(message => message.event === 'job.metric' && metrics.push(message.payload.point));
			const runner = new JobRunner(workspace, events);
			const passed: number[] = [];
			const heard: boolean[] = [];
			let release!: () => void;
			const gate = new Promise<void>(resolve => release = resolve);
			const {jobId, done} = runner.start({kind: 'test', roundId: null, title: 'stepping'}, async job => {
				job.onPauseChange(paused => heard.push(paused));
				for (let step = 1; step <= 3; step++) {
					await job.checkpoint();
					passed.push(step);
					job.metric(step, {loss: 1 / step});
					if (step === 1)
						await gate;
				}
				job.metric(3, {heldout_loss: 0.5});
			});
			expect(runner.isLive(jobId)).toBe(true);
			await expect.poll(() => passed).toEqual([1]);
			expect(runner.pause(jobId)).toMatchObject({status: 'paused', error: 'paused by the user'});
			release();
			// Paused at the checkpoint: step 2 does not start.
			await new Promise(resolve => setTimeout(resolve, 100));
			expect(passed).toEqual([1]);
			expect(runner.resume(jobId).status).toBe('running');
			await done;
			expect(passed).toEqual([1, 2, 3]);
			expect(heard).toEqual([true, false]);
			expect(runner.metrics(jobId)).toEqual([{step: 1, values: {loss: 1}}, {step: 2, values: {loss: 0.5}}, {step: 3, values: {loss: 1 / 3, heldout_loss: 0.5}}]);
			expect(metrics).toHaveLength(4);
			expect(runner.log(jobId).map(line => line.message)).toEqual([
				'paused by the user: work in flight finishes, nothing new starts until resumed', 'resumed by the user'
			]);
			expect(() => runner.pause(jobId)).toThrow(/is done: there is nothing to pause/);

			// Stopped while paused: the checkpoint rejects with the stop, and the job says it was stopped.
			const second = runner.start({kind: 'test', roundId: null, title: 'stopped'}, async job => {
				runner.pause(job.jobId);
				await job.checkpoint();
			});
			runner.stop(second.jobId);
			await expect(second.done).rejects.toThrow('stopped by the user');
			expect(runner.get(second.jobId)).toMatchObject({status: 'stopped', error: 'stopped by the user'});
		} finally {
			workspace.close();
		}
	});
});
