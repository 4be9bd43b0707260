import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {ExecLimits, type ExecLimitsInput, type ExecResult} from '../contract/sandbox.js';
import {appRoot} from '../paths.js';
import type {Executor} from '../engine/ports.js';
import {isolationCommand, isolationReport, type IsolationCommand} from './isolationCommand.js';
import {SandboxProcess} from './SandboxProcess.js';

export interface PyodideExecutorPoolOptions {
	/** Sandbox processes kept running. Defaults to the number of CPU cores, at most 4. */
	size?: number;
	/** Results kept by program hash (timed-out and sandbox failures are never kept). Defaults to `1000`; 0 turns caching off. */
	cacheEntries?: number;
	/**
	 * A pool for the answer grader: its interpreters preload Math-Verify, which makes a fresh one take several times
	 * longer to start (≈ 12 s against ≈ 2.5 s idle). Defaults to `false`.
	 */
	grader?: boolean;
	/** Told when a process or interpreter is replaced, with why. */
	onEvent?: (event: {kind: 'recycled' | 'replaced'; reason: string; startMs?: number}) => void;
}

/**
 * Where the build puts the sandbox: the bundles and the packages compiled for Pyodide. Real paths: the permission
 * model checks reads against resolved paths, so a symlinked node_modules (a git worktree, pnpm) would deny Pyodide.
 */
export function sandboxPaths() {
	const real = (entry: string) => fs.existsSync(entry) ? fs.realpathSync(entry) : entry;
	const dist = real(path.join(appRoot, 'dist', 'sandbox'));
	return {
		dist,
		entry: path.join(dist, 'sandbox-process.mjs'),
		packagesZip: path.join(dist, 'site-packages.zip'),
		pyodideDir: real(path.join(appRoot, 'node_modules', 'pyodide'))
	};
}

/**
 * Python execution through a pool of isolated Pyodide processes. Runs are spread over the processes; a process that
 * dies is replaced in the background, so the pool stays full. Results are cached by the hash of program and limits.
 */
export class PyodideExecutorPool implements Executor {
	public readonly isolation: IsolationCommand;
	private readonly processes: SandboxProcess[] = [];
	private readonly idle: SandboxProcess[] = [];
	private readonly waiters: ((process: SandboxProcess) => void)[] = [];
	private readonly cache = new Map<string, ExecResult>();
	private readonly cacheEntries: number;
	/** The processes the pool keeps (see `resize`). */
	private size: number;
	/** Retired processes shutting down, awaited by `close`. */
	private readonly retiring = new Set<Promise<void>>();
	private closed = false;

	public constructor(private readonly options: PyodideExecutorPoolOptions = {}) {
		const paths = sandboxPaths();
		for (const required of [paths.entry, paths.packagesZip])
			if (!fs.existsSync(required))
				throw new Error(`${required} is missing: run \`npm run build\``);
		this.isolation = isolationCommand({readable: [paths.dist, paths.pyodideDir], heapMb: 512});
		this.cacheEntries = options.cacheEntries ?? 1000;
		this.size = options.size ?? Math.min(4, Math.max(1, os.availableParallelism()));
		for (let i = 0; i < this.size; i++)
			this.release(this.add());
	}

	/**
	 * Keeps `size` processes from now on. Growing starts the new ones at once; shrinking ends idle processes at once and
	 * busy ones when their run is done, so no run is cut.
	 */
	public resize(size: number): void {
		this.size = size;
		while (!this.closed && this.processes.length < this.size)
			this.release(this.add());
		while (this.processes.length > this.size && this.idle.length > 0)
			this.retire(this.idle.pop()!);
	}

	/** The processes now in the pool: their ids, and whether each is running a program. */
	public status(): {pid: number | undefined; busy: boolean}[] {
		return this.processes.map(process => ({pid: process.pid, busy: !this.idle.includes(process)}));
	}

	/** Resolves when every process has its interpreter loaded; rejects if one cannot start. */
	public async ready(): Promise<void> {
		await Promise.all(this.processes.map(process => process.ready));
	}

	/** What the sandbox guarantees on this machine: the command line's, checked by a running process. */
	public async isolationReport(): Promise<{guarantees: string[]; gaps: string[]}> {
		const process = this.processes[0];
		if (!process)
			throw new Error('the executor pool has no process');
		await process.ready;
		return isolationReport(this.isolation, process.seen!);
	}

	public async run(code: string, limitsInput: ExecLimitsInput = {}): Promise<ExecResult> {
		if (this.closed)
			throw new Error('the executor pool is closed');
		const limits = ExecLimits.parse(limitsInput);
		const key = this.cacheEntries > 0 ? crypto.createHash('sha256').update(JSON.stringify([code, limits])).digest('hex') : null;
		const cached = key ? this.cache.get(key) : undefined;
		if (cached) {
			// Refresh its place: the cache drops the least recently used entry first.
			this.cache.delete(key!);
			this.cache.set(key!, cached);
			return cached;
		}

		const process = await this.acquire();
		try {
			const result = await process.run(code, limits);
			if (key && !result.timedOut && !result.error?.startsWith('SandboxError')) {
				this.cache.set(key, result);
				if (this.cache.size > this.cacheEntries)
					this.cache.delete(this.cache.keys().next().value!);
			}
			return result;
		} catch (error) {
			return {ok: false, stdout: '', stderr: '', error: `SandboxError: ${(error as Error).message}`, timedOut: false, ms: 0, truncated: false};
		} finally {
			this.release(process);
		}
	}

	public async close(): Promise<void> {
		this.closed = true;
		await Promise.all([...this.processes.map(process => process.close()), ...this.retiring]);
	}

	private add(): SandboxProcess {
		const paths = sandboxPaths();
		const process = new SandboxProcess({
			isolation: this.isolation, entry: paths.entry, pyodideDir: paths.pyodideDir, packagesZip: paths.packagesZip, grader: this.options.grader ?? false,
			onRecycled: (reason, startMs) => this.options.onEvent?.({kind: 'recycled', reason, startMs})
		});
		this.processes.push(process);
		process.onExit(reason => {
			const at = this.processes.indexOf(process);
			// A retired process has left the pool already: its exit is the one asked for.
			if (at < 0)
				return;
			this.processes.splice(at, 1);
			const idleAt = this.idle.indexOf(process);
			if (idleAt >= 0)
				this.idle.splice(idleAt, 1);
			if (this.closed)
				return;
			this.options.onEvent?.({kind: 'replaced', reason});
			if (this.processes.length < this.size)
				this.release(this.add());
		});
		return process;
	}

	/** Takes an idle process out of the pool and shuts it down. */
	private retire(process: SandboxProcess): void {
		this.processes.splice(this.processes.indexOf(process), 1);
		const idleAt = this.idle.indexOf(process);
		if (idleAt >= 0)
			this.idle.splice(idleAt, 1);
		const closing = process.close().finally(() => this.retiring.delete(closing));
		this.retiring.add(closing);
	}

	private acquire(): Promise<SandboxProcess> {
		const process = this.idle.shift();
		return process ? Promise.resolve(process) : new Promise(resolve => this.waiters.push(resolve));
	}

	private release(process: SandboxProcess): void {
		if (!process.alive || this.closed)
			return;
		if (this.idle.includes(process))
			return;
		if (this.processes.length > this.size)
			return this.retire(process);
		const waiter = this.waiters.shift();
		if (waiter)
			waiter(process);
		else
			this.idle.push(process);
	}
}
