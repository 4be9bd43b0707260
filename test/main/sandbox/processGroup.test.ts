import {spawn, spawnSync} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PyodideExecutorPool} from '../../../src-main/sandbox/PyodideExecutorPool.js';
import {repoRoot} from '../../support/runCli.js';
import {useTempDir, writeFile} from '../../support/tempDir.js';

// Sandbox code that signals processes. Inside its PID namespace the sandbox sees its parent as pid 0, and kill(0)
// signals the caller's whole process group: if the sandbox shares the app's group, the app dies with it. The "app"
// here is `rstar exec --batch`, started as the leader of a process group of its own (as a shell starts a command), so
// that a failing test kills that group and not the test runner.

const attacks = [
	['kill the parent (ppid is 0 in the namespace)', 'import js\njs.process.kill(js.process.ppid, "SIGKILL")'],
	['kill the process group', 'import js\njs.process.kill(0, "SIGKILL")'],
	['kill every process it can', 'import js\njs.process.kill(-1, "SIGKILL")'],
	['kill a negative process group', 'import js\njs.process.kill(-js.process.pid, "SIGKILL")'],
	['kill itself', 'import js\njs.process.kill(js.process.pid, "SIGKILL")'],
	['kill the group through os.kill', 'import os\nos.kill(0, 9)']
] as const;

function runDetached(args: string[]): Promise<{code: number | null; signal: string | null; stdout: string; stderr: string}> {
	const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'rstar.js'), ...args], {
		cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => stdout += String(chunk));
	child.stderr.on('data', chunk => stderr += String(chunk));
	return new Promise(resolve => child.on('close', (code, signal) => resolve({code, signal, stdout, stderr})));
}

describe('sandbox: signals to the app', () => {
	const tempDir = useTempDir();

	it('no program can kill the app: each run fails, and the pool runs the next program', async () => {
		const lines = attacks.flatMap(([name, code]) => [{id: name, code}, {id: `${name}: after`, code: 'print(6 * 7)'}]);
		const batch = writeFile(tempDir(), 'attacks.jsonl', lines.map(line => JSON.stringify(line)).join('\n'));
		const app = await runDetached(['exec', '--batch', batch, '--workers', '1', '--timeout-ms', '5000']);
		expect(app.signal, `the app was killed; stderr: ${app.stderr}`).toBeNull();
		expect(app.code).toBe(0);
		const results = app.stdout.trim().split('\n').map(line => JSON.parse(line) as {id: string; ok: boolean; stdout: string; error: string});
		expect(results.map(result => result.id)).toEqual(lines.map(line => line.id));
		for (const result of results) {
			if (result.id.endsWith(': after'))
				expect(result, result.id).toMatchObject({ok: true, stdout: '42\n'});
			else
				expect(result.ok, `${result.id} ran: ${JSON.stringify(result)}`).toBe(false);
		}
	}, 180_000);

	describe.runIf(process.platform !== 'win32')('process groups', () => {
		let pool: PyodideExecutorPool;
		beforeAll(async () => {
			pool = new PyodideExecutorPool({size: 1, cacheEntries: 0});
			await pool.ready();
		}, 120_000);
		afterAll(() => pool?.close());

		const groupOf = (pid: number) => {
			const [pgid, session] = spawnSync('ps', ['-o', 'pgid=,sess=', '-p', String(pid)], {encoding: 'utf8'}).stdout.trim().split(/\s+/).map(Number);
			return {pgid, session};
		};

		it('the sandbox process leads a session and a process group of its own, as rstar exec --isolation says', async () => {
			const report = await pool.isolationReport();
			expect(report.guarantees.join('\n')).toMatch(/^process group: a session and process group of its own/m);
			const sandboxPid = pool.status()[0]!.pid!;
			const sandbox = groupOf(sandboxPid);
			expect(sandbox).toEqual({pgid: sandboxPid, session: sandboxPid});
			expect(groupOf(process.pid).pgid).not.toBe(sandbox.pgid);
		});
	});
});
