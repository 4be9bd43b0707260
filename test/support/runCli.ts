import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {fileURLToPath} from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(repoRoot, 'bin', 'rstar.js');

function assertBuilt(): void {
	if (!fs.existsSync(path.join(repoRoot, 'dist', 'main', 'cli.js')))
		throw new Error('dist/main/cli.js is missing: run `npm run build` first (`npm test` does)');
}

export interface CliResult {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the built `rstar` as a user would, in its own process. */
export function runCli(args: string[], options: {input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number} = {}): CliResult {
	assertBuilt();
	const result = spawnSync(process.execPath, [bin, ...args], {
		cwd: repoRoot, encoding: 'utf8', input: options.input, env: {...process.env, ...options.env}, timeout: options.timeoutMs ?? 120_000
	});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

export interface ServeProcess {
	url: string;
	stop(): Promise<void>;
	/** Kills the server outright (SIGKILL: no handler runs, nothing is flushed), as a crash would. */
	kill(): Promise<void>;
}

/** Starts `rstar serve` and resolves with the URL from its first stdout line. */
export async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
	assertBuilt();
	const child = spawn(process.execPath, [bin, 'serve', ...args], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}});
	let stderr = '';
	child.stderr.on('data', chunk => stderr += String(chunk));
	const lines = readline.createInterface({input: child.stdout});
	const url = await new Promise<string>((resolve, reject) => {
		lines.once('line', resolve);
		child.once('exit', code => reject(new Error(`rstar serve exited with ${code}: ${stderr}`)));
	});
	const end = (signal: NodeJS.Signals) => new Promise<void>(resolve => {
		if (child.exitCode !== null || child.signalCode !== null)
			return resolve();
		child.once('exit', () => resolve());
		child.kill(signal);
	});
	return {url, stop: () => end('SIGTERM'), kill: () => end('SIGKILL')};
}

/**
 * Calls a method over a running `rstar serve`'s HTTP API, as the browser client does, with the token its URL carries;
 * resolves with the result, rejects with the error envelope.
 */
export async function callServe<T>(serve: ServeProcess, method: string, params: unknown): Promise<T> {
	const url = new URL(serve.url);
	const response = await fetch(new URL('api/call', url), {
		method: 'POST', headers: {'Content-Type': 'application/json', 'X-Rstar-Token': url.searchParams.get('token')!}, body: JSON.stringify({method, params})
	});
	const answer = await response.json() as {ok: boolean; result?: T; error?: unknown};
	if (!answer.ok)
		throw new Error(`${method} failed (HTTP ${response.status}): ${JSON.stringify(answer.error)}`);
	return answer.result!;
}
