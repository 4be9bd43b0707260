import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {describe, expect, it} from 'vitest';
import {repoRoot, runCli} from '../../support/runCli.js';
import {useTempDir} from '../../support/tempDir.js';

function readDb<T>(db: string, read: (reader: Database.Database) => T): T {
	const reader = new Database(db, {readonly: true});
	try {
		return read(reader);
	} finally {
		reader.close();
	}
}

/** A round's stages train and evaluate: minutes on a loaded 2-core machine. */
function json<T>(args: string[]): T {
	const result = runCli([...args, '--json'], {timeoutMs: 500_000});
	expect(result.stderr).not.toMatch(/internal error/);
	expect(result.status, result.stderr).toBe(0);
	return JSON.parse(result.stdout) as T;
}

interface Report {
	rounds: {
		number: number; status: string;
		searchedWith: {policyPath: string; ppmPath: string | null; preset: string; qMode: string};
		search: {problems: number; byLevel: Record<string, {problems: number; found: number}>; nodes: number; generatedTokens: number};
		extraction: {sftRows: number; pairRows: number};
		policy: {path: string; steps: number};
		ppm: {path: string; steps: number};
		evaluation: {dataset: string; greedy: {problems: number; byLevel: Record<string, number>}; search: {problems: number; accuracyVsN: {points: {n: number}[]}}}[];
	}[];
}

describe('rstar round', () => {
	const tempDir = useTempDir();

	it('runs a 2-round self-evolution miniature end to end: search, extraction, training, evaluation, report', () => {
		const db = path.join(tempDir(), 'w.db');
		// Level 2 problems: the tiny policy gets some right and some wrong, so the trees give SFT rows and PPM pairs.
		// Hot sampling and any edit distance: the tiny policy's wrong steps differ from its right ones in a digit or two.
		json(['round', 'create', '--evolution', 'mini', '--pool', 'tiny-curriculum-train', '--levels', 'Level 1,Level 2', '--per-level', '4',
			'--prompt-format', 'rstar-sft', '--rollouts', '6', '--candidates', '4', '--temperature', '1.3', '--reproducible', '--seed', '1',
			'--pairs-min-edit-distance', '1', '--replay-earlier-rounds', '--policy-steps', '20', '--policy-threads', '2',
			'--ppm-steps', '20', '--ppm-threads', '2', '--eval-dataset', 'tiny-curriculum-heldout-templates', '--eval-per-level', '1',
			'--eval-beam-width', '2', '--eval-beam-candidates', '2', '--eval-ns', '1,2', '--eval-resamples', '10', '--db', db]);
		expect(json<{status: string}>(['round', 'run', 'mini/1', '--db', db]).status).toBe('done');
		// Round 2 inherits the pool and settings, and searches with round 1's policy (the schedule).
		json(['round', 'create', '--evolution', 'mini', '--db', db]);
		expect(json<{status: string}>(['round', 'run', 'mini/2', '--db', db]).status).toBe('done');

		const report = json<Report>(['round', 'report', '--evolution', 'mini', '--db', db]);
		expect(report.rounds.map(round => round.number)).toEqual([1, 2]);
		const [first, second] = report.rounds;
		expect(first!.searchedWith).toMatchObject({policyPath: path.join(repoRoot, 'resources', 'models', 'tiny-policy-r0.gguf'), ppmPath: null, preset: 'rstar-bootstrap', qMode: 'terminal-guided'});
		expect(second!.searchedWith).toMatchObject({policyPath: first!.policy.path, ppmPath: null, preset: 'rstar-round', qMode: 'terminal-guided'});
		for (const round of report.rounds) {
			expect(round.status).toBe('done');
			expect(round.search.problems).toBe(8);
			expect(Object.keys(round.search.byLevel)).toEqual(['Level 1', 'Level 2']);
			expect(round.search.generatedTokens).toBeGreaterThan(0);
			expect(round.extraction.sftRows).toBeGreaterThan(0);
			// A round whose trees give no pairs keeps the PPM it searched with; round 1 (on Level 2) has pairs.
			expect(round.number === 1 ? round.extraction.pairRows : 1).toBeGreaterThan(0);
			expect(fs.existsSync(round.policy.path)).toBe(true);
			expect(fs.existsSync(path.join(round.ppm.path, 'model.onnx'))).toBe(true);
			expect(round.policy.steps).toBe(20);
			expect(round.evaluation).toHaveLength(1);
			expect(round.evaluation[0]!.greedy.problems).toBe(3);
			expect(round.evaluation[0]!.search.accuracyVsN.points.map(point => point.n)).toEqual([1, 2]);
		}
		// Lineage: round 2's policy continued from round 1's; each PPM started from its round's policy.
		const models = readDb(db, reader => reader.prepare('SELECT kind, path, init_path, round_id, data FROM models ORDER BY id').all()) as {kind: string; path: string; init_path: string; round_id: number; data: string}[];
		// Round 2's policy trained on its own rows and round 1's (--replay-earlier-rounds), joined in its folder.
		const secondData = JSON.parse(models[2]!.data) as {file: string; rows: number; sources: {file: string; rows: number}[]};
		expect(secondData.sources.map(source => path.basename(path.dirname(source.file)))).toEqual(['round-2', 'round-1']);
		expect(secondData.rows).toBe(second!.extraction.sftRows + first!.extraction.sftRows);
		expect(path.basename(secondData.file)).toBe('sft-training.jsonl');
		const trained = second!.extraction.pairRows > 0 ? [['policy', 1], ['ppm', 1], ['policy', 2], ['ppm', 2]] : [['policy', 1], ['ppm', 1], ['policy', 2]];
		expect(models.map(model => [model.kind, model.round_id])).toEqual(trained);
		expect(models[2]!.init_path).toBe(models[0]!.path);
		expect(models[1]!.init_path).toBe(models[0]!.path);
		if (second!.extraction.pairRows === 0)
			expect(second!.ppm.path).toBe(first!.ppm.path);
		// Round 1's mined pairs entered the curation queue, pending; its PPM trained on their curated state.
		expect(readDb(db, reader => reader.prepare(`SELECT COUNT(*) AS n FROM preference_pairs WHERE round_id = 1 AND source = 'mined' AND status = 'pending'`).get()))
			.toEqual({n: first!.extraction.pairRows});
		const ppmData = JSON.parse(models[1]!.data) as {sources: {file: string; rows: number}[]};
		expect(ppmData.sources.map(source => [path.basename(source.file), source.rows])).toEqual([['pairs.curated.jsonl', first!.extraction.pairRows]]);
		// Each training job kept its numbers by step (the Rounds page's loss curve): loss and tokens/s on every point.
		const points = readDb(db, reader => reader.prepare(`SELECT jobs.kind, job_metrics."values" FROM job_metrics JOIN jobs ON jobs.id = job_metrics.job_id
			WHERE jobs.round_id = 1 AND jobs.kind IN ('round.train-policy', 'round.train-ppm') ORDER BY jobs.id, step`).all()) as {kind: string; values: string}[];
		expect(new Set(points.map(point => point.kind))).toEqual(new Set(['round.train-policy', 'round.train-ppm']));
		for (const point of points.filter(point => 'loss' in JSON.parse(point.values)))
			expect(JSON.parse(point.values)).toMatchObject({loss: expect.any(Number), tokens_per_s: expect.any(Number)});
		// The text report has its tables.
		const text = runCli(['round', 'report', '--evolution', 'mini', '--db', db]).stdout;
		expect(text).toMatch(/Search: problems with a right answer found/);
		expect(text).toMatch(/tiny-curriculum-heldout-templates: policy greedy pass@1/);
	}, 600_000);

	it('kill -9 during a batch, then resume: no finished problem lost, none searched twice, the workspace intact', async () => {
		const db = path.join(tempDir(), 'w.db');
		json(['round', 'create', '--evolution', 'k', '--pool', 'tiny-curriculum-train', '--per-level', '3', '--prompt-format', 'rstar-sft',
			'--rollouts', '8', '--candidates', '4', '--concurrency', '2', '--db', db]);
		const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'rstar.js'), 'round', 'search', 'k/1', '--db', db], {stdio: 'ignore'});
		const finished = () => fs.existsSync(db) ? readDb(db, reader => reader.prepare("SELECT COUNT(*) FROM searches WHERE round_id = 1 AND status = 'done'").pluck().get() as number) : 0;
		await expect.poll(finished, {timeout: 120_000, interval: 100}).toBeGreaterThanOrEqual(2);
		child.kill('SIGKILL');
		await new Promise(resolve => child.once('exit', resolve));
		const before = readDb(db, reader => reader.prepare(`SELECT id, problem_id, status, completed_rollouts, finished_at,
			(SELECT COUNT(*) FROM search_nodes WHERE search_id = searches.id) AS nodes FROM searches WHERE round_id = 1 ORDER BY id`).all()) as {id: number; problem_id: number; status: string}[];
		const done = before.filter(search => search.status === 'done');
		expect(done.length).toBeGreaterThanOrEqual(2);
		expect(before.length).toBeLessThan(9);

		const resumed = runCli(['round', 'search', 'k/1', '--db', db], {timeoutMs: 300_000});
		expect(resumed.stderr).not.toMatch(/internal error/);
		expect(resumed.status, resumed.stderr).toBe(0);
		const after = readDb(db, reader => reader.prepare(`SELECT id, problem_id, status, completed_rollouts, finished_at,
			(SELECT COUNT(*) FROM search_nodes WHERE search_id = searches.id) AS nodes FROM searches WHERE round_id = 1 ORDER BY id`).all()) as {id: number; problem_id: number; status: string}[];
		// Every problem of the pool searched exactly once, all done; what was done before the kill is untouched.
		expect(after).toHaveLength(9);
		expect(new Set(after.map(search => search.problem_id)).size).toBe(9);
		expect(after.every(search => search.status === 'done')).toBe(true);
		for (const search of done)
			expect(after.find(row => row.id === search.id)).toEqual(search);
		// A search cut short by the kill was resumed, not started again.
		for (const search of before.filter(row => row.status !== 'done'))
			expect(after.some(row => row.id === search.id && row.problem_id === search.problem_id)).toBe(true);
		expect(readDb(db, reader => reader.pragma('integrity_check', {simple: true}))).toBe('ok');
		const jobs = readDb(db, reader => reader.prepare('SELECT status FROM jobs ORDER BY id').pluck().all());
		expect(jobs).toEqual(['interrupted', 'done']);
	}, 400_000);
});
