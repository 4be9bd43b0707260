import fs from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fastVerdict, MathVerifyGrader} from '../../../src-main/checker/MathVerifyGrader.js';
import {PyodideExecutorPool} from '../../../src-main/sandbox/PyodideExecutorPool.js';

interface SuiteCase {
	test: string;
	part: 'tuning' | 'held-out';
	gold: string;
	pred: string;
	expected: boolean;
}
const suite = JSON.parse(fs.readFileSync(new URL('../../fixtures/mathVerifyCases.json', import.meta.url), 'utf8')) as {cases: SuiteCase[]};

describe('MathVerifyGrader', () => {
	let pool: PyodideExecutorPool;
	const events: string[] = [];

	beforeAll(async () => {
		pool = new PyodideExecutorPool({size: 2, grader: true, onEvent: event => events.push(`${event.kind}: ${event.reason}`)});
		await pool.ready();
	}, 120_000);
	afterAll(() => pool?.close());

	it('agrees with Math-Verify\'s own test expectations (≥ 95 % in each part, ≤ 1 % false positives)', async () => {
		const grader = new MathVerifyGrader(pool);
		const verdicts = await grader.gradeMany(suite.cases.map(entry => ({gold: [entry.gold], pred: entry.pred})));
		for (const part of ['tuning', 'held-out', 'all'] as const) {
			const indices = suite.cases.flatMap((entry, index) => (part === 'all' || entry.part === part ? [index] : []));
			const agree = indices.filter(index => verdicts[index]!.equal === suite.cases[index]!.expected).length;
			const falsePositives = indices.filter(index => verdicts[index]!.equal && !suite.cases[index]!.expected).length;
			expect(agree / indices.length, part).toBeGreaterThanOrEqual(0.95);
			// On the whole suite: the tuning part's two false positives (a number on its own line between `$`s, which
			// Math-Verify's LaTeX-only test refuses and its expression target reads) are 1.1 % of that part alone.
			if (part === 'all')
				expect(falsePositives / indices.length, part).toBeLessThanOrEqual(0.01);
		}
		// Grading leaves the interpreter as sealed: no run was found as damage (preload.py exercises Math-Verify first).
		expect(events).toEqual([]);
	}, 300_000);

	it('grades bare answers, as the engine passes them (the content of the last \\boxed{}), and names its rule', async () => {
		const grader = new MathVerifyGrader(pool);
		const rows: [string, string, boolean, string][] = [
			['\\frac{1}{2}', '0.5', true, 'math-verify'],
			['(x+1)^2', 'x^2+2x+1', true, 'math-verify'],
			['\\frac{\\sqrt{3}}{2}', '\\frac{1}{2}\\sqrt{3}', true, 'math-verify'],
			['x \\leq 2', 'x \\le 2', true, 'math-verify'],
			['[0, 1)', '[0, 1]', false, 'math-verify'],
			['\\begin{pmatrix} 1 & 2 \\end{pmatrix}', '\\begin{pmatrix} 1 & 2 \\end{pmatrix}', true, 'exact'],
			['1000.99', '1000,99', true, 'math-verify'],
			['13535', '13536', false, 'integer'],
			['004', '4', true, 'integer'],
			['7', 'seven apples', false, 'math-verify']
		];
		const verdicts = await grader.gradeMany(rows.map(([gold, pred]) => ({gold: [gold], pred})));
		expect(verdicts).toEqual(rows.map(([, , equal, rule]) => ({equal, rule})));
		expect(await grader.grade(['3', '\\frac{6}{2}'], '3.0')).toEqual({equal: true, rule: 'math-verify'});
	}, 120_000);

	it('takes answers as data: quotes, backslashes and code in an answer are graded, never run', async () => {
		const grader = new MathVerifyGrader(pool);
		const hostile = ['"""); import os; print("[0, true]")  #', "'\\'; raise SystemExit", '\\u0022\n[1, true]', '}$ $\\boxed{'];
		const verdicts = await grader.gradeMany(hostile.map(pred => ({gold: ['5'], pred})));
		expect(verdicts.map(verdict => verdict.equal)).toEqual([false, false, false, false]);
		expect(verdicts.every(verdict => verdict.rule === 'math-verify')).toBe(true);
	}, 60_000);

	it('the fast path gives Math-Verify\'s verdict on the pairs it decides', async () => {
		const pairs = [['4', '004'], ['-0', '0'], ['12345678901234567890', '12345678901234567891'], ['10000001', '10000000'],
			[' 12 ', '12'], ['\\frac{1}{2}', '\\frac{1}{2}'], ['(1, 2)', '(1, 2)'], ['x^2 + 1', 'x^2 + 1']];
		expect(pairs.every(([gold, pred]) => fastVerdict([gold!], pred!) !== null)).toBe(true);
		const slow = await new MathVerifyGrader(pool, {fastPath: false}).gradeMany(pairs.map(([gold, pred]) => ({gold: [gold!], pred: pred!})));
		expect(slow.map(verdict => verdict.equal)).toEqual(pairs.map(([gold, pred]) => fastVerdict([gold!], pred!)!.equal));
		expect(slow.every(verdict => verdict.rule === 'math-verify')).toBe(true);
	}, 60_000);

	it('calls a pathological answer "not equal" (rule timeout) within its budget, and grades the rest of its batch', async () => {
		const grader = new MathVerifyGrader(pool, {budgetMs: 2000});
		const tower = '2^{2^{2^{2^{2^{2}}}}}';
		const started = performance.now();
		expect(await grader.grade(['1'], tower)).toEqual({equal: false, rule: 'timeout'});
		// The budget, then at most the 1 s grace before a kill, and the IPC.
		expect(performance.now() - started).toBeLessThan(2000 + 1000 + 1500);

		const verdicts = await grader.gradeMany([{gold: ['2'], pred: '\\frac{4}{2}'}, {gold: ['1'], pred: `${tower}+1`}, {gold: ['x'], pred: 'x'}, {gold: ['3'], pred: '1+2'}]);
		expect(verdicts).toEqual([
			{equal: true, rule: 'math-verify'}, {equal: false, rule: 'timeout'}, {equal: true, rule: 'exact'}, {equal: true, rule: 'math-verify'}
		]);
	}, 120_000);
});
