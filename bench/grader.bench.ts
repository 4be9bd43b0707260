// Answer-grader throughput (Math-Verify in the sandbox: batched, one pair per run, the TypeScript fast path) and the
// agreement of the grader and of the older TypeScript checker with Math-Verify's own test expectations.
import fs from 'node:fs';
import {checkAnswer} from '../src-main/checker/checkAnswer.js';
import {answerOf} from '../src-main/checker/extractAnswer.js';
import {fastVerdict, MathVerifyGrader} from '../src-main/checker/MathVerifyGrader.js';
import {PyodideExecutorPool} from '../src-main/sandbox/PyodideExecutorPool.js';
import {printTable} from './stats.js';

const numeric: [string, string][] = [['\\frac{1}{2}', '0.5'], ['1,000.5', '1000.5'], ['50\\%', '0.5'], ['2\\sqrt{2}', '\\sqrt{8}'], ['13535.5', '13536'], ['(3, \\frac{\\pi}{2})', '(3, \\pi/2)']];
const symbolic: [string, string][] = [['(x+1)^2', 'x^2+2x+1'], ['\\frac{x^2-1}{x-1}', 'x+1'], ['p - q', '-q + p'], ['\\sin^2 x + \\cos^2 x', '1'], ['y = 2x + 1', '2x - y = -1']];
const fast: [string, string][] = [['42', '42'], ['13535', '13536'], ['004', '4'], ['\\frac{x}{2}', '\\frac{x}{2}']];

const startedAt = performance.now();
const pool = new PyodideExecutorPool({cacheEntries: 0, grader: true});
await pool.ready();
const startMs = performance.now() - startedAt;
const grader = new MathVerifyGrader(pool);

async function batchedPerSecond(pairs: [string, string][], count: number): Promise<number> {
	const many = Array.from({length: count}, (_, index) => pairs[index % pairs.length]!).map(([gold, pred]) => ({gold: [gold], pred}));
	const started = performance.now();
	await grader.gradeMany(many);
	return count / ((performance.now() - started) / 1000);
}

async function alonePerSecond(pairs: [string, string][], count: number): Promise<number> {
	const started = performance.now();
	for (let index = 0; index < count; index++) {
		const [gold, pred] = pairs[index % pairs.length]!;
		await grader.grade([gold], pred);
	}
	return count / ((performance.now() - started) / 1000);
}

function fastPerSecond(): number {
	let count = 0;
	const started = performance.now();
	while (performance.now() - started < 1000)
		for (const [gold, pred] of fast) {
			fastVerdict([gold], pred);
			count++;
		}
	return count / ((performance.now() - started) / 1000);
}

await batchedPerSecond(symbolic, 32);
const rate = (value: number) => `${value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString()} checks/s`;
printTable(`Answer grader (Math-Verify in ${pool.status().length} sandbox processes)`, [
	['sandbox process ready (interpreter, sympy, Math-Verify, warm-up)', `${(startMs / 1000).toFixed(1)} s`],
	['numeric answers, batched (gradeMany, 32 a run)', rate(await batchedPerSecond(numeric, 384))],
	['symbolic answers, batched', rate(await batchedPerSecond(symbolic, 320))],
	['numeric answers, one per run (grade)', rate(await alonePerSecond(numeric, 60))],
	['symbolic answers, one per run', rate(await alonePerSecond(symbolic, 50))],
	['TypeScript fast path (identical text, plain integers)', rate(fastPerSecond())]
]);

interface SuiteCase {part: string; gold: string; pred: string; expected: boolean}
const suite = JSON.parse(fs.readFileSync('test/fixtures/mathVerifyCases.json', 'utf8')) as {cases: SuiteCase[]};
const verdicts = (await grader.gradeMany(suite.cases.map(entry => ({gold: [entry.gold], pred: entry.pred})))).map(verdict => verdict.equal);
// As the older `rstar check` used it: the final answer of each side taken first.
const oldVerdicts = suite.cases.map(entry => checkAnswer(answerOf(entry.gold), answerOf(entry.pred)).equal);
const rows: [string, string][] = [];
for (const part of ['tuning', 'held-out', 'all']) {
	const indices = suite.cases.flatMap((entry, index) => (part === 'all' || entry.part === part ? [index] : []));
	const negatives = indices.filter(index => !suite.cases[index]!.expected).length;
	for (const [name, equal] of [['Math-Verify grader', verdicts], ['TypeScript checkAnswer', oldVerdicts]] as const) {
		const agree = indices.filter(index => equal[index] === suite.cases[index]!.expected).length;
		const falsePositives = indices.filter(index => equal[index] && !suite.cases[index]!.expected).length;
		rows.push([`${part} (${indices.length} cases, ${negatives} not equal): ${name}`,
			`agreement ${(100 * agree / indices.length).toFixed(1)} %, false positives ${falsePositives} (${(100 * falsePositives / indices.length).toFixed(1)} % of cases)`]);
	}
}
printTable('Agreement with Math-Verify\'s test expectations (test/fixtures/mathVerifyCases.json)', rows);
await pool.close();
