// Entry of a sandbox process (spawned by SandboxProcess, under the permission model, with an empty environment and,
// where the OS allows, in network and PID namespaces of its own). Its main thread runs no untrusted code: it keeps
// one Pyodide interpreter on a worker thread, enforces each run's limits, and replaces the interpreter whenever it
// is interrupted for good, crashes or is found damaged.
import os from 'node:os';
import {Worker} from 'node:worker_threads';
import {z} from 'zod';
import {SandboxMessage, SandboxRequest, WorkerMessage, type ExecLimits, type ExecResult} from '../../contract/sandbox.js';
import {OutputCapture} from './OutputCapture.js';
import type {PyodideWorkerData} from './pyodideWorker.js';

const Config = z.object({pyodideDir: z.string(), packagesZip: z.string(), grader: z.boolean()});
const config = Config.parse(JSON.parse(process.argv[2] ?? '{}'));

/** After a soft interrupt, how long the program gets to stop before its interpreter is killed. */
const interruptGraceMs = 1000;
/** How often resident memory is checked during a run. */
const memoryCheckMs = 25;

const send = (message: SandboxMessage) => process.send!(message);

interface CurrentRun {
	id: number;
	limits: ExecLimits;
	startedAt: number;
	stdout: OutputCapture;
	stderr: OutputCapture;
	timers: NodeJS.Timeout[];
	timedOut: boolean;
}

let worker: Worker | null = null;
let interruptBuffer = new SharedArrayBuffer(4);
let ready = false;
let current: CurrentRun | null = null;
const queue: Extract<SandboxRequest, {type: 'run'}>[] = [];
let firstStart = true;
let snapshot: Uint8Array | null = null;

function startInterpreter(reason: string): void {
	const startedAt = performance.now();
	ready = false;
	interruptBuffer = new SharedArrayBuffer(4);
	const data: PyodideWorkerData = {...config, interruptBuffer, snapshot};
	const thread = new Worker(new URL('./sandbox-worker.mjs', import.meta.url), {workerData: data, stdout: true, stderr: true});
	worker = thread;
	thread.on('message', (raw: unknown) => {
		if (thread !== worker)
			return;
		// The worker runs untrusted code, which can post messages too: nothing is taken unchecked.
		const parsed = WorkerMessage.safeParse(raw);
		if (!parsed.success)
			return;
		onWorkerMessage(parsed.data, startedAt, reason);
	});
	thread.on('error', error => {
		if (thread === worker)
			replaceInterpreter(`the interpreter crashed: ${error.message.split('\n').slice(-3).join(' ')}`);
	});
	thread.on('exit', code => {
		if (thread === worker)
			replaceInterpreter(`the interpreter exited (code ${code}): os._exit, an abort or a crash`);
	});
}

function onWorkerMessage(message: WorkerMessage, startedAt: number, reason: string): void {
	switch (message.type) {
		case 'ready': {
			ready = true;
			const startMs = performance.now() - startedAt;
			const seen = {pid: process.pid, interfaces: Object.keys(os.networkInterfaces()), realmReachable: message.realmReachable};
			send(firstStart ? {type: 'ready', startMs, seen} : {type: 'recycled', reason, startMs});
			firstStart = false;
			runNext();
			return;
		}
		case 'snapshot':
			snapshot ??= message.bytes;
			return;
		case 'output':
			if (current && message.id === current.id)
				current[message.stream].append(message.text);
			return;
		case 'result':
			if (!current || message.id !== current.id)
				return;
			finishRun({
				ok: message.ok && !current.timedOut,
				error: current.timedOut ? `TimeoutError: the run exceeded ${current.limits.timeoutMs} ms and was interrupted` : message.error,
				timedOut: current.timedOut
			});
			if (message.damage.length > 0)
				replaceInterpreter(`health probe: ${message.damage.join('; ')}`);
			return;
		case 'failed':
			send({type: 'fatal', message: `the interpreter could not start: ${message.message}`});
			process.exit(1);
	}
}

/** Kills the interpreter (ending any run with `error`) and starts a fresh one. */
function replaceInterpreter(reason: string, runError?: Pick<ExecResult, 'error' | 'timedOut'>): void {
	const dying = worker;
	worker = null;
	ready = false;
	if (current)
		finishRun({ok: false, error: runError?.error ?? `SandboxError: ${reason}`, timedOut: runError?.timedOut ?? current.timedOut});
	void dying?.terminate();
	startInterpreter(reason);
}

function finishRun(outcome: Pick<ExecResult, 'ok' | 'error' | 'timedOut'>): void {
	const run = current!;
	current = null;
	for (const timer of run.timers)
		clearTimeout(timer);
	send({
		type: 'result', id: run.id,
		result: {
			...outcome,
			stdout: run.stdout.text(),
			stderr: run.stderr.text(),
			ms: Math.round((performance.now() - run.startedAt) * 10) / 10,
			truncated: run.stdout.truncated || run.stderr.truncated
		}
	});
	runNext();
}

function runNext(): void {
	if (current || !ready || !worker)
		return;
	const request = queue.shift();
	if (!request)
		return;
	const {limits} = request;
	const run: CurrentRun = {
		id: request.id, limits, startedAt: performance.now(), timers: [], timedOut: false,
		stdout: new OutputCapture(limits.maxOutputBytes), stderr: new OutputCapture(limits.maxOutputBytes)
	};
	current = run;
	const memoryLimit = limits.memoryMb * 1024 * 1024;
	run.timers.push(
		setTimeout(() => {
			run.timedOut = true;
			// SIGINT: the interpreter raises KeyboardInterrupt at its next check.
			Atomics.store(new Int32Array(interruptBuffer), 0, 2);
		}, limits.timeoutMs),
		setTimeout(() => {
			if (current === run)
				replaceInterpreter('the program ignored the interrupt', {
					error: `TimeoutError: the run exceeded ${limits.timeoutMs} ms, ignored the interrupt and was killed`, timedOut: true
				});
		}, limits.timeoutMs + interruptGraceMs),
		setInterval(() => {
			if (current === run && process.memoryUsage.rss() > memoryLimit)
				replaceInterpreter('memory limit', {
					error: `MemoryError: the run went over the ${limits.memoryMb} MiB memory limit and was killed`, timedOut: false
				});
		}, memoryCheckMs)
	);
	worker.postMessage({type: 'run', id: request.id, code: request.code, limits});
	send({type: 'started', id: request.id});
}

process.on('message', (raw: unknown) => {
	const request = SandboxRequest.parse(raw);
	if (request.type === 'shutdown') {
		void worker?.terminate();
		process.exit(0);
	}
	queue.push(request);
	runNext();
});
// The parent going away ends the sandbox.
process.on('disconnect', () => process.exit(0));

startInterpreter('start');
