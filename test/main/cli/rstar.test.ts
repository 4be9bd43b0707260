import {spawn, type ChildProcess} from 'node:child_process';
import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {describe, expect, it} from 'vitest';
import {App} from '../../../src-main/app.js';
import {hostileNestedRows} from '../../support/hostileRows.js';
import {repoRoot, runCli, startServe} from '../../support/runCli.js';
import {useTempDir, writeFile} from '../../support/tempDir.js';

const math500 = path.join(repoRoot, 'resources', 'datasets', 'math500_test.json');

describe('rstar CLI', () => {
	const tempDir = useTempDir();

	it('dataset import prints one JSON object with "imported": 500 for MATH500', () => {
		const db = path.join(tempDir(), 'scratch.db');
		const result = runCli(['dataset', 'import', math500, '--name', 'm500', '--db', db]);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const lines = result.stdout.trim().split('\n');
		expect(lines).toHaveLength(1);
		const report = JSON.parse(lines[0]!) as Record<string, unknown>;
		expect(Object.keys(report)).toEqual(['dataset', 'imported', 'skipped', 'warnings']);
		expect(report).toMatchObject({imported: 500, skipped: 0, warnings: [], dataset: {name: 'm500', problemCount: 500}});
	});

	it('dataset list --json shows the built-ins and the import', () => {
		const db = path.join(tempDir(), 'w.db');
		runCli(['dataset', 'import', math500, '--name', 'm500', '--db', db]);
		const result = runCli(['dataset', 'list', '--json', '--db', db]);
		expect(result.status).toBe(0);
		const names = (JSON.parse(result.stdout) as {name: string}[]).map(dataset => dataset.name);
		expect(names).toEqual(['AIME 2024', 'AMC 2023', 'GSM8K', 'MATH500', 'hand-written-word-problems', 'tiny-curriculum-heldout', 'tiny-curriculum-heldout-templates', 'tiny-curriculum-train', 'm500']);
	});

	it('a malformed file exits non-zero, imports nothing, and says where it broke', () => {
		const dir = tempDir();
		const db = path.join(dir, 'w.db');
		const bad = writeFile(dir, 'bad.json', '[\n  {"question": "ok", "answer": "1"},\n  {"question": "broken" "answer": "2"}\n]\n');
		const result = runCli(['dataset', 'import', bad, '--name', 'bad', '--db', db]);
		expect(result.status).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/^rstar: line 3, column \d+ \(row 2\): invalid JSON/);
		const list = JSON.parse(runCli(['dataset', 'list', '--json', '--db', db]).stdout) as {name: string}[];
		expect(list.map(dataset => dataset.name)).not.toContain('bad');
	});

	it('rejects rows that break a limit at any depth with a per-row message, never a stack; --skip-invalid leaves them out', () => {
		const dir = tempDir();
		const db = path.join(dir, 'w.db');
		const file = writeFile(dir, 'nested.jsonl', hostileNestedRows());
		const strict = runCli(['dataset', 'import', file, '--name', 'nested', '--db', db]);
		expect(strict.status).toBe(1);
		expect(strict.stderr).toMatch(/4 rows of nested\.jsonl cannot be imported, so nothing was: row 2 \(line 2\): field "extra\.s" is 1000000 characters long, over the 100000 limit; row 3 \(line 3\): field "meta\.a\.a\.a….*" is nested more than 32 levels deep/);
		expect(strict.stderr).not.toMatch(/RangeError|call stack|\n\s+at /);

		const skipping = runCli(['dataset', 'import', file, '--name', 'nested', '--db', db, '--skip-invalid']);
		expect(skipping.stderr).toBe('');
		expect(skipping.status).toBe(0);
		expect(JSON.parse(skipping.stdout)).toMatchObject({imported: 2, skipped: 4});
	});

	it('re-importing the same file is refused', () => {
		const db = path.join(tempDir(), 'w.db');
		expect(runCli(['dataset', 'import', math500, '--name', 'a', '--db', db]).status).toBe(0);
		const again = runCli(['dataset', 'import', math500, '--name', 'b', '--db', db]);
		expect(again.status).toBe(1);
		expect(again.stderr).toMatch(/already imported, as dataset "a" \(same sha256\) — delete that dataset first \(Delete… on the Datasets page, or `rstar dataset delete "a"`\)/);
	});

	it('renames, exports and deletes a dataset; delete asks first, or not with --yes', () => {
		const dir = tempDir();
		const db = path.join(dir, 'w.db');
		expect(runCli(['dataset', 'import', math500, '--name', 'mine', '--db', db]).status).toBe(0);
		const renamed = runCli(['dataset', 'rename', 'mine', 'MATH500 copy', '--db', db]);
		expect(renamed.stderr).toBe('');
		expect(JSON.parse(renamed.stdout)).toMatchObject({name: 'MATH500 copy', problemCount: 500, builtin: false});
		expect(runCli(['dataset', 'rename', 'MATH500', 'x', '--db', db]).stderr).toMatch(/"MATH500" is a built-in dataset and cannot be renamed/);

		const out = path.join(dir, 'copy.jsonl');
		const exported = runCli(['dataset', 'export', 'MATH500 copy', '--out', out, '--format', 'jsonl', '--db', db]);
		expect(JSON.parse(exported.stdout)).toEqual({dataset: 'MATH500 copy', out, format: 'jsonl', problems: 500});
		const lines = readFileSync(out, 'utf8').trim().split('\n');
		expect(lines).toHaveLength(500);
		expect(JSON.parse(lines[0]!)).toMatchObject({index: '0', question: expect.stringContaining('Convert the point $(0,3)$'), answer: '\\left( 3, \\frac{\\pi}{2} \\right)'});

		// No terminal to ask on: refused until --yes.
		const unasked = runCli(['dataset', 'delete', 'MATH500 copy', '--db', db]);
		expect(unasked.status).toBe(2);
		expect(unasked.stderr).toMatch(/no terminal to confirm on: pass --yes/);
		expect(runCli(['dataset', 'delete', 'MATH500 copy', '--searches', 'sometimes', '--yes', '--db', db]).stderr).toMatch(/--searches: Invalid option: expected one of "keep"\|"remove"/);
		const deleted = runCli(['dataset', 'delete', 'MATH500 copy', '--searches', 'remove', '--yes', '--db', db]);
		expect(deleted.stderr).toBe('');
		expect(JSON.parse(deleted.stdout)).toEqual({deleted: true, searchesKept: 0, searchesRemoved: 0});
		// Its file can be imported again now.
		expect(runCli(['dataset', 'import', math500, '--name', 'again', '--db', db]).status).toBe(0);
	}, 120_000);

	it.each([
		[['dataset', 'import', '--name', 'x'], /give exactly one FILE/],
		[['dataset', 'import', 'f.json'], /name/],
		[['dataset', 'import', 'f.json', '--name', '../../etc'], /a dataset name is/],
		[['dataset', 'list', '--bogus'], /Unknown option '--bogus'/],
		[['serve', '--port', 'eighty'], /port/],
		[['frobnicate'], /unknown command "frobnicate"/]
	])('usage errors exit 2 with a message: %j', (args, message) => {
		const result = runCli(args);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(message);
	});

	it('serve prints the tokenised URL on its first line and serves the UI', async () => {
		const serve = await startServe(['--db', path.join(tempDir(), 'w.db')]);
		try {
			expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]+\/\?token=[\w-]+$/);
			const first = await fetch(serve.url, {redirect: 'manual'});
			expect(first.status).toBe(303);
			const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
			const page = await fetch(new URL('./', serve.url), {headers: {Cookie: cookie}});
			expect(page.status).toBe(200);
			expect(await page.text()).toContain('<div id="root">');
			expect((await fetch(new URL('./', serve.url))).status).toBe(401);
		} finally {
			await serve.stop();
		}
	});
});

describe('rstar exec', () => {
	const tempDir = useTempDir();

	it('runs a program from stdin and prints one JSON line', () => {
		const result = runCli(['exec'], {input: 'import sympy\nx = sympy.symbols("x")\nprint(sympy.solve(x**2 - 4, x))\n'});
		expect(result.status).toBe(0);
		const lines = result.stdout.trim().split('\n');
		expect(lines).toHaveLength(1);
		expect(JSON.parse(lines[0]!)).toMatchObject({ok: true, stdout: '[-2, 2]\n', error: null, timedOut: false, ms: expect.any(Number)});
	}, 60_000);

	it('exits 0 whatever the program did, and honours --timeout-ms', () => {
		const result = runCli(['exec', '--timeout-ms', '300'], {input: 'while True:\n    pass\n'});
		expect(result.status).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({ok: false, timedOut: true, error: expect.stringMatching(/TimeoutError/)});
	}, 60_000);

	it('--batch answers every line in order through one pool, bad lines included', () => {
		const dir = tempDir();
		const lines = [
			{id: 'a', code: 'print(6 * 7)'},
			{id: 2, code: 'raise ValueError("no")'},
			'this is not json',
			{id: 'loop', code: 'while True: pass'},
			{id: 'no-code'},
			{id: 'last', code: 'import math\nprint(math.factorial(20))'}
		];
		const file = writeFile(dir, 'batch.jsonl', lines.map(line => typeof line === 'string' ? line : JSON.stringify(line)).join('\n') + '\n');
		const result = runCli(['exec', '--batch', file, '--timeout-ms', '500']);
		expect(result.status).toBe(0);
		const out = result.stdout.trim().split('\n').map(line => JSON.parse(line) as {id: unknown; ok: boolean; stdout: string; error: string | null; timedOut: boolean});
		expect(out.map(line => line.id)).toEqual(['a', 2, null, 'loop', 'no-code', 'last']);
		expect(out.map(line => line.ok)).toEqual([true, false, false, false, false, true]);
		expect(out[0]!.stdout).toBe('42\n');
		expect(out[1]!.error).toMatch(/ValueError: no/);
		expect(out[2]!.error).toMatch(/invalid batch line 3/);
		expect(out[3]!.timedOut).toBe(true);
		expect(out[4]!.error).toMatch(/invalid batch line 5/);
		expect(out[5]!.stdout).toBe('2432902008176640000\n');
	}, 120_000);

	it('--isolation says what the sandbox guarantees here', () => {
		const result = runCli(['exec', '--isolation']);
		expect(result.status).toBe(0);
		const report = JSON.parse(result.stdout) as {guarantees: string[]; gaps: string[]};
		expect(report.guarantees.join('\n')).toMatch(/network: none/);
		expect(report.guarantees.join('\n')).toMatch(/processes: sees none outside its PID namespace/);
		expect(report.guarantees.join('\n')).toMatch(/process group: a session and process group of its own/);
		expect(report.guarantees.join('\n')).toMatch(/realm: Python reaches no JavaScript global/);
		expect(report.gaps).toEqual([]);
	}, 60_000);
});

describe('rstar check', () => {
	const tempDir = useTempDir();

	it.each([
		[['\\frac{1}{2}', '0.5'], 'true'],
		[['(3, \\frac{\\pi}{2})', '\\left( 3, \\frac{\\pi}{2} \\right)'], 'true'],
		[['7', 'The answer is $\\boxed{7}$.'], 'true'],
		[['13535', '13536'], 'false']
	])('GOLD PRED %j prints %s', (args, expected) => {
		const result = runCli(['check', ...args]);
		expect(result.status).toBe(0);
		expect(result.stdout).toBe(`${expected}\n`);
	}, 60_000);

	it('--jsonl answers each line with {id, equal, rule}, in order, bad lines included', () => {
		const file = writeFile(tempDir(), 'pairs.jsonl', [
			JSON.stringify({id: 1, gold: '\\frac{1}{2}', pred: '0.5'}),
			JSON.stringify({id: 'b', gold: ['A', '(A)'], pred: 'A'}),
			'{broken',
			JSON.stringify({id: 3, gold: 'x^2+2x+1', pred: '(x+1)^2'}),
			JSON.stringify({id: 4, gold: '5'}),
			JSON.stringify({id: 5, gold: '[0, 1)', pred: '(0, 1]'})
		].join('\n'));
		const result = runCli(['check', '--jsonl', file]);
		expect(result.status).toBe(0);
		expect(result.stdout.trim().split('\n').map(line => JSON.parse(line))).toEqual([
			{id: 1, equal: true, rule: 'math-verify'},
			{id: 'b', equal: true, rule: 'exact'},
			{id: null, equal: false, rule: 'invalid-input', error: expect.stringMatching(/^line 3: not JSON/)},
			{id: 3, equal: true, rule: 'math-verify'},
			{id: 4, equal: false, rule: 'invalid-input', error: expect.stringMatching(/^line 5: expected/)},
			{id: 5, equal: false, rule: 'math-verify'}
		]);
	}, 60_000);

	it('a usage mistake exits 2', () => {
		expect(runCli(['check', 'only-one']).status).toBe(2);
	});
});

describe('rstar solve', () => {
	const tempDir = useTempDir();
	const question = 'Tom has 3 apples and buys 4 more. How many apples does he have now?';

	it('runs a real search on the embedded model and prints the tree as JSON', () => {
		const db = path.join(tempDir(), 'w.db');
		const result = runCli(['solve', '--question', question, '--answer', '7', '--json', '--db', db, '--rollouts', '4', '--candidates', '4']);
		expect(result.status).toBe(0);
		const report = JSON.parse(result.stdout) as {searchId: number; answer: string | null; correct: boolean | null; rollouts: number; nodes: Record<string, unknown>[]};
		// Four rollouts, or fewer when the tree is exhausted sooner (every branch ended: the trained policy is sure of itself).
		expect(report.searchId).toBe(1);
		expect(report.rollouts).toBeGreaterThanOrEqual(1);
		expect(report.rollouts).toBeLessThanOrEqual(4);
		expect(Object.keys(report.nodes[0]!)).toEqual(['id', 'parentId', 'depth', 'visits', 'q', 'ppm', 'terminal', 'reason', 'correct', 'finalAnswer', 'text', 'code', 'output']);
		// The root has one visit per answer judged (terminal-guided, the reference's rule).
		expect(report.nodes[0]).toMatchObject({id: 0, parentId: null, text: question, visits: report.nodes.filter(node => node.reason === 'answer').length});
		expect(result.stderr).toMatch(new RegExp(`rollout ${report.rollouts}/4`));
	}, 120_000);

	/** Reads the workspace as a third party would, while the processes under test write it. */
	function readDb<T>(db: string, read: (reader: Database.Database) => T, fallback: T): T {
		try {
			const reader = new Database(db, {readonly: true});
			try {
				return read(reader);
			} finally {
				reader.close();
			}
		} catch {
			return fallback;
		}
	}
	const committedRollouts = (db: string) => readDb(db, reader => (reader.prepare('SELECT completed_rollouts FROM searches WHERE id = 1').pluck().get() as number | undefined) ?? 0, 0);

	/** Each rollout's events once, in order: two processes working on one search would log rollouts again. */
	function expectEachRolloutLoggedOnce(db: string): void {
		const {rollouts, completed} = readDb(db, reader => ({
			rollouts: reader.prepare('SELECT rollout FROM search_events WHERE search_id = 1 ORDER BY seq').pluck().all() as number[],
			completed: reader.prepare('SELECT completed_rollouts FROM searches WHERE id = 1').pluck().get() as number
		}), {rollouts: [-1], completed: -1});
		expect(rollouts.every((rollout, i) => i === 0 || rollout >= rollouts[i - 1]!)).toBe(true);
		expect(rollouts[0]).toBe(0);
		expect(rollouts.at(-1)).toBe(completed - 1);
	}

	function startSolve(db: string, rollouts: number): ChildProcess {
		return spawn(process.execPath, [path.join(repoRoot, 'bin', 'rstar.js'), 'solve', '--question', question, '--answer', '7', '--db', db,
			'--rollouts', String(rollouts), '--candidates', '4', '--temperature', '1.5', '--reproducible', '--json'], {stdio: 'ignore'});
	}

	it('marks a search whose process was killed interrupted when the workspace opens, and resumes it without logging a rollout twice', async () => {
		const db = path.join(tempDir(), 'w.db');
		const child = startSolve(db, 24);
		// Kill -9 once two rollouts are committed.
		await expect.poll(() => committedRollouts(db), {timeout: 60_000, interval: 50}).toBeGreaterThanOrEqual(2);
		child.kill('SIGKILL');
		await new Promise(resolve => child.once('exit', resolve));
		expect(readDb(db, reader => reader.prepare('SELECT status FROM searches WHERE id = 1').pluck().get(), null)).toBe('running');

		const app = await App.open({workspacePath: db, host: 'browser', seedBuiltins: false});
		try {
			expect(app.searches.summary(1)).toMatchObject({status: 'interrupted', error: expect.stringMatching(new RegExp(`^its process \\(pid ${child.pid} on .*\\) ended while it was running: resume it`))});
		} finally {
			await app.close();
		}

		const resumed = runCli(['solve', '--resume', '1', '--db', db, '--json']);
		expect(resumed.stderr).not.toMatch(/internal error/);
		expect(resumed.status).toBe(0);
		const report = JSON.parse(resumed.stdout) as {status: string; rollouts: number; nodes: {visits: number; reason: string | null}[]};
		expect(report.status).toBe('done');
		expect(report.nodes[0]!.visits).toBe(report.nodes.filter(node => node.reason === 'answer').length);
		expectEachRolloutLoggedOnce(db);
		expect(readDb(db, reader => reader.pragma('integrity_check', {simple: true}), null)).toBe('ok');
	}, 180_000);

	it('refuses to resume a search another process is running, naming that process', async () => {
		const db = path.join(tempDir(), 'w.db');
		const first = startSolve(db, 400);
		const exited = new Promise<number | null>(resolve => first.once('exit', code => resolve(code)));
		try {
			await expect.poll(() => committedRollouts(db), {timeout: 60_000, interval: 50}).toBeGreaterThanOrEqual(1);
			// Held where it is, so it cannot finish first (the tiny policy exhausts this tree in a few rollouts); its
			// lease, renewed a moment ago, outlasts the check.
			first.kill('SIGSTOP');
			const second = runCli(['solve', '--resume', '1', '--db', db, '--json']);
			expect(second.stderr).toMatch(new RegExp(`^rstar: search 1 is running in process ${first.pid} on ${os.hostname()} \\(its lease runs to [-\\d:.TZ]+\\) — wait for it to end, or stop it there`));
			expect(second.status).toBe(1);
			expect(second.stdout).toBe('');
		} finally {
			// Taken as it is continued, before another rollout.
			first.kill('SIGTERM');
			first.kill('SIGCONT');
		}
		// Stopped by the signal, the first process records it and gives up the lease.
		expect(await exited).toBe(1);
		expect(readDb(db, reader => reader.prepare('SELECT status, lease_owner FROM searches WHERE id = 1').get(), null)).toEqual({status: 'stopped', lease_owner: null});
		expectEachRolloutLoggedOnce(db);
	}, 180_000);

	it('says what a search needs', () => {
		const db = path.join(tempDir(), 'w.db');
		expect(runCli(['solve', '--question', 'q', '--mode', 'beam', '--db', db]).stderr).toMatch(/beam search ranks steps with a PPM — pick a PPM bundle folder \(the CLI's --ppm\)/);
		expect(runCli(['solve', '--question', 'q', '--ppm', '/nonexistent', '--db', db]).stderr).toMatch(/is not a PPM bundle/);
	});
});

describe('rstar curriculum export', () => {
	const tempDir = useTempDir();

	it('writes the three splits after verifying every reference solution', () => {
		const out = tempDir();
		const result = runCli(['curriculum', 'export', '--out', out, '--train', '1', '--held-out', '1', '--held-out-templates', '1']);
		expect(result.status).toBe(0);
		const report = JSON.parse(result.stdout) as {counts: Record<string, number>; templates: number};
		expect(report.templates).toBeGreaterThanOrEqual(30);
		expect(report.counts).toEqual({train: 30, heldOut: 30, heldOutTemplates: 3});
		const rows = JSON.parse(readFileSync(path.join(out, 'tiny-curriculum-train.json'), 'utf8')) as {index: number; question: string; answer: string; level: string}[];
		expect(rows[0]).toMatchObject({index: 0, level: 'Level 1'});
	}, 120_000);
});

describe('rstar eval', () => {
	const tempDir = useTempDir();

	it('solves a dataset level with the embedded policy, greedily, and stores one search per problem', () => {
		const db = path.join(tempDir(), 'w.db');
		const result = runCli(['eval', '--dataset', 'tiny-curriculum-heldout', '--level', 'Level 1', '--limit', '3', '--greedy', '--db', db, '--json']);
		expect(result.stderr).toMatch(/rstar eval: eval tiny-curriculum-heldout \(greedy\): 3\/3 — done/);
		expect(result.status).toBe(0);
		const report = JSON.parse(result.stdout) as {overall: {problems: number; solved: number}; byLevel: Record<string, {problems: number}>; searchIds: number[]; settings: {rollouts: number; candidates: number; temperature: number}};
		expect(report.overall.problems).toBe(3);
		expect(Object.keys(report.byLevel)).toEqual(['Level 1']);
		expect(report.settings).toMatchObject({rollouts: 1, candidates: 1, temperature: 0});
		expect(report.searchIds).toHaveLength(3);
		const listed = runCli(['solve', '--resume', String(report.searchIds[2]), '--db', db, '--json']);
		expect(JSON.parse(listed.stdout)).toMatchObject({searchId: report.searchIds[2], status: 'done'});
	}, 120_000);

	it('names the datasets it has when asked for one it lacks', () => {
		const result = runCli(['eval', '--dataset', 'nope', '--greedy', '--db', path.join(tempDir(), 'w.db')]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/no dataset "nope" in this workspace \(it has: .*tiny-curriculum-heldout/);
	}, 60_000);
});
