import {spawn} from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import {RstarError} from '../contract/errors.js';
import {PpmTrainOptions, SftOptions, TrainerLine, type PpmTrainOptionsInput, type SftOptionsInput, type TrainerSummary} from '../contract/trainer.js';
import {llamaPythonDir, resourcesDir} from '../paths.js';
import {findTrainerPython} from './findTrainerPython.js';

export type TrainerRequest = {task: 'sft'; options: SftOptionsInput} | {task: 'ppm'; options: PpmTrainOptionsInput};

/** Tells the caller's listener when the run is paused (true) or resumed (false); returns the unsubscribe. */
export type PauseSource = (listener: (paused: boolean) => void) => () => void;

export type TrainerResult = {status: 'done'; summary: TrainerSummary} | {status: 'cancelled'};

/** The last stderr bytes kept for an error message: a Python traceback's end says what went wrong. */
const stderrTail = 4000;

/**
 * Runs the Python trainer (resources/trainer) as a child process and follows its JSON lines: each is validated and
 * handed to `onLine`; the run ends with its summary, or `cancelled` when `signal` aborts it (the trainer stops at the
 * next step and says so). Bad input the trainer reports (a malformed data line, say) rejects with its message.
 */
export async function runTrainer(request: TrainerRequest, onLine: (line: TrainerLine) => void = () => {}, signal?: AbortSignal, pauses?: PauseSource): Promise<TrainerResult> {
	const options = resolvePaths(request.task === 'sft' ? SftOptions.parse(request.options) : PpmTrainOptions.parse(request.options));
	const python = await findTrainerPython();
	signal?.throwIfAborted();
	const child = spawn(python, ['-m', 'rstar_trainer', request.task, ...flags(options)], {
		cwd: path.join(resourcesDir(), 'trainer'),
		env: {
			...process.env,
			PYTHONPATH: path.join(resourcesDir(), 'trainer'),
			PYTHONUNBUFFERED: '1',
			RSTAR_LLAMA_PYTHON: llamaPythonDir(),
			// PyTorch parallelises the matmuls itself; OpenBLAS threads of its own only contend with it (measured 3×
			// slower on 2 cores).
			OPENBLAS_NUM_THREADS: '1'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => {
		stderr = (stderr + chunk).slice(-stderrTail);
	});
	// A stopped process takes SIGTERM only once it is continued.
	const cancel = () => {
		child.kill('SIGTERM');
		child.kill('SIGCONT');
	};
	signal?.addEventListener('abort', cancel, {once: true});
	// Paused: the process is suspended where it is (mid-step), continued on resume — nothing to save or reload.
	const unsubscribe = pauses?.(paused => child.kill(paused ? 'SIGSTOP' : 'SIGCONT'));
	const exited = new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', code => resolve(code));
	});

	let last: TrainerLine | null = null;
	let invalid: string | null = null;
	try {
		for await (const text of readline.createInterface({input: child.stdout})) {
			const parsed = parseLine(text);
			if (!parsed.success) {
				invalid ??= `the trainer wrote a line this app does not read (${parsed.error}): ${text.slice(0, 200)}`;
				child.kill('SIGTERM');
				continue;
			}
			last = parsed.data;
			onLine(parsed.data);
		}
		const code = await exited;
		if (invalid)
			throw new RstarError('internal', invalid);
		if (last?.event === 'done' && code === 0)
			return {status: 'done', summary: last.summary};
		if (last?.event === 'cancelled')
			return {status: 'cancelled'};
		if (last?.event === 'error')
			throw new RstarError(code === 2 ? 'invalid-params' : 'internal', `trainer: ${last.message}${code === 2 ? '' : `\n${stderr.trim()}`}`);
		throw new RstarError('internal', `the trainer exited with ${code ?? 'a signal'} before it finished${stderr ? `:\n${stderr.trim()}` : ''}`);
	} finally {
		unsubscribe?.();
		signal?.removeEventListener('abort', cancel);
		if (child.exitCode === null && child.signalCode === null)
			child.kill('SIGKILL');
	}
}

function parseLine(text: string): {success: true; data: TrainerLine} | {success: false; error: string} {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return {success: false, error: 'not JSON'};
	}
	const parsed = TrainerLine.safeParse(json);
	return parsed.success ? {success: true, data: parsed.data} : {success: false, error: parsed.error.issues[0]?.message ?? 'invalid'};
}

/** The options that name files or folders: the trainer runs in its own folder, so they go to it absolute. */
const pathOptions = ['out', 'data', 'evalData', 'pairs', 'evalPairs', 'init', 'model'];

function resolvePaths<T extends Record<string, unknown>>(options: T): T {
	return Object.fromEntries(Object.entries(options).map(([key, value]) =>
		[key, pathOptions.includes(key) && typeof value === 'string' ? path.resolve(value) : value])) as T;
}

/** `{batchSize: 8, evalData: 'x'}` → `--batch-size 8 --eval-data x`. */
function flags(options: Record<string, string | number | undefined>): string[] {
	return Object.entries(options).flatMap(([key, value]) => value === undefined ? [] : [`--${key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`, String(value)]);
}
