import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import {SandboxMessage, type ExecLimits, type ExecResult} from '../contract/sandbox.js';
import {endChildProcess} from '../nodeProcess.js';
import type {IsolationCommand, SandboxSelfView} from './isolationCommand.js';

export interface SandboxProcessOptions {
	isolation: IsolationCommand;
	/** The bundled entry, dist/sandbox/sandbox-process.mjs. */
	entry: string;
	pyodideDir: string;
	packagesZip: string;
	/** Preload the answer grader (Math-Verify) in the interpreter. */
	grader: boolean;
	/** Told about interpreter replacements inside the process (health probe, crashes, hard kills). */
	onRecycled?: (reason: string, startMs: number) => void;
}

/** Beyond the run's own timeout and the in-process grace, how long the parent waits before killing the process. */
const processGraceMs = 5000;
/**
 * How long a run may wait for its interpreter (a replaced one loads from a snapshot: ~2.5 s, several times that on a
 * loaded machine) before the process counts as broken. The run's own time starts only when it reaches the interpreter.
 */
const startTimeoutMs = 120_000;
/** Resident memory over the run's limit by this much makes the parent kill the whole process. */
const processMemorySlackMb = 512;

/**
 * One sandbox process, seen from the parent: it spawns it isolated, sends runs one at a time, and is the last line
 * of defence — a process that stops answering, or grows past its memory limit, is killed with SIGKILL.
 */
export class SandboxProcess {
	public readonly ready: Promise<number>;
	public startMs = 0;
	/** What the process saw of itself when it became ready; null before. */
	public seen: SandboxSelfView | null = null;
	private readonly child: ChildProcess;
	private nextId = 1;
	private waiting: {id: number; resolve(result: ExecResult): void; started(): void; timeoutMs: number; overTime: boolean} | null = null;
	private exited = false;
	private stderrTail = '';
	private readonly exitListeners = new Set<(reason: string) => void>();

	public constructor(private readonly options: SandboxProcessOptions) {
		const {isolation} = options;
		const config = JSON.stringify({pyodideDir: options.pyodideDir, packagesZip: options.packagesZip, grader: options.grader});
		this.child = spawn(isolation.command, [...isolation.prefix, ...isolation.nodeOptions, options.entry, config], {
			env: isolation.env,
			// A session and process group of its own (setsid): kill(0) or kill(-pgid) from inside reaches only the
			// sandbox, never the app's group. It still ends with the app: it exits when the IPC channel closes.
			detached: true,
			stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
			serialization: 'json'
		});
		this.child.stderr!.on('data', (chunk: Buffer) => {
			this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
		});

		this.ready = new Promise((resolve, reject) => {
			this.child.on('message', (raw: unknown) => {
				const parsed = SandboxMessage.safeParse(raw);
				if (!parsed.success)
					return this.kill(`sent an invalid message: ${parsed.error.message}`);
				const message = parsed.data;
				switch (message.type) {
					case 'ready':
						this.startMs = message.startMs;
						this.seen = message.seen;
						resolve(message.startMs);
						return;
					case 'recycled':
						this.options.onRecycled?.(message.reason, message.startMs);
						return;
					case 'started':
						if (this.waiting?.id === message.id)
							this.waiting.started();
						return;
					case 'result':
						if (this.waiting?.id === message.id) {
							const {resolve: done} = this.waiting;
							this.waiting = null;
							done(message.result);
						}
						return;
					case 'fatal':
						reject(new Error(message.message));
						this.kill(message.message);
				}
			});
			this.child.on('exit', (code, signal) => {
				this.exited = true;
				const reason = `sandbox process exited (${signal ?? `code ${code}`})${this.stderrTail ? `: ${this.stderrTail.trim().split('\n').at(-1)}` : ''}`;
				reject(new Error(reason));
				if (this.waiting) {
					const {resolve: done, overTime, timeoutMs} = this.waiting;
					this.waiting = null;
					// Killed for going past its time (the process too busy to end it itself): a timeout, whatever the load.
					done(overTime
						? {ok: false, stdout: '', stderr: '', error: `TimeoutError: the run exceeded ${timeoutMs} ms and its sandbox process was killed`, timedOut: true, ms: 0, truncated: false}
						: {ok: false, stdout: '', stderr: '', error: `SandboxError: ${reason}`, timedOut: false, ms: 0, truncated: false});
				}
				for (const listener of this.exitListeners)
					listener(reason);
			});
			this.child.on('error', error => reject(error));
		});
		// A rejected `ready` is reported to whoever awaits it; unobserved, it must not crash the host.
		this.ready.catch(() => undefined);
	}

	/** The spawned process's id (the OS wrapper's, where there is one). */
	public get pid(): number | undefined {
		return this.child.pid;
	}

	public get alive(): boolean {
		return !this.exited;
	}

	public onExit(listener: (reason: string) => void): void {
		this.exitListeners.add(listener);
	}

	/** Runs one program. Never rejects: every failure is an ExecResult. */
	public async run(code: string, limits: ExecLimits): Promise<ExecResult> {
		await this.ready;
		if (this.waiting)
			throw new Error('SandboxProcess.run: one run at a time');
		const id = this.nextId++;
		const started = performance.now();
		let deadline = setTimeout(() => this.kill(`the run did not reach its interpreter in ${startTimeoutMs / 1000} s`), startTimeoutMs);
		const result = new Promise<ExecResult>(resolve => {
			const waiting = {
				id, resolve, timeoutMs: limits.timeoutMs, overTime: false,
				started: () => {
					clearTimeout(deadline);
					deadline = setTimeout(() => {
						waiting.overTime = true;
						this.kill('did not answer after its timeout and grace');
					}, limits.timeoutMs + processGraceMs);
				}
			};
			this.waiting = waiting;
		});
		this.child.send({type: 'run', id, code, limits});

		const memoryWatch = setInterval(() => {
			const rss = this.residentBytes();
			if (rss !== null && rss > (limits.memoryMb + processMemorySlackMb) * 1024 * 1024)
				this.kill(`used ${Math.round(rss / 1024 / 1024)} MiB`);
		}, 100);
		try {
			const outcome = await result;
			return outcome.ms > 0 ? outcome : {...outcome, ms: Math.round(performance.now() - started)};
		} finally {
			clearTimeout(deadline);
			clearInterval(memoryWatch);
		}
	}

	public kill(reason: string): void {
		if (this.exited)
			return;
		this.stderrTail += `\nkilled by the parent: ${reason}`;
		this.child.kill('SIGKILL');
	}

	public async close(): Promise<void> {
		if (!this.exited)
			await endChildProcess(this.child, {type: 'shutdown'}, 2000);
	}

	/**
	 * Resident memory of the Node process inside the wrapper (unshare forks it), from /proc; null where there is no
	 * /proc (the process's own watchdog still applies there).
	 */
	private residentBytes(): number | null {
		const pid = this.child.pid;
		if (pid === undefined || process.platform !== 'linux')
			return null;
		try {
			const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
			const target = children[0] ?? String(pid);
			const status = fs.readFileSync(`/proc/${target}/status`, 'utf8');
			const match = /VmRSS:\s+(\d+) kB/.exec(status);
			return match ? Number(match[1]) * 1024 : null;
		} catch {
			return null;
		}
	}
}
