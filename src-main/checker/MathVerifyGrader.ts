import type {Executor, Grader, Verdict} from '../engine/ports.js';
import gradePairsSource from './gradePairs.py';

export interface MathVerifyGraderOptions {
	/**
	 * Time one sandbox run may take, and so the most one pair may take: past it the pair is "not equal" (rule
	 * `timeout`). Math-Verify's own per-call default, which it enforces with signals Pyodide lacks. Defaults to 5000 ms.
	 */
	budgetMs?: number;
	/** Pairs graded by one sandbox run; the batches of one `gradeMany` run in parallel on the pool. Defaults to `32`. */
	batchSize?: number;
	/** Decide the pairs whose verdict is known without Math-Verify in TypeScript (see `fastVerdict`). Defaults to `true`. */
	fastPath?: boolean;
}

/** One question to grade: the acceptable gold answers and the predicted answer. */
export interface GradePair {
	gold: readonly string[];
	pred: string;
}

interface Pending {
	index: number;
	gold: readonly string[];
	pred: string;
}

/** A plain integer of at most 100 digits: far below Python's 4,300-digit limit on int(str), so sympy reads it exactly. */
const plainInteger = /^\s*(-?\d{1,100})\s*$/;

/**
 * The verdicts TypeScript can give without Math-Verify, only where they are Math-Verify's:
 * - `integer`: the prediction and every gold are plain integers (optional minus, digits, spaces around): Math-Verify
 *   reads them as sympy Integers and compares them exactly (`004` = `4`, `-0` = `0`,
 *   12345678901234567890 ≠ 12345678901234567891), which is BigInt equality.
 * - `exact`: the prediction is byte-identical to a gold. Math-Verify agrees wherever it extracts an answer (an
 *   expression equals itself); where it extracts none from either side (free prose without math) it says "not equal",
 *   and this rule says "equal" — identical non-empty text is the same answer, whatever a parser makes of it.
 * Anything else is null: Math-Verify decides.
 */
export function fastVerdict(gold: readonly string[], pred: string): Verdict | null {
	if (pred.trim() !== '' && gold.includes(pred))
		return {equal: true, rule: 'exact'};
	const predInteger = plainInteger.exec(pred)?.[1];
	const goldIntegers = gold.map(entry => plainInteger.exec(entry)?.[1]);
	if (predInteger !== undefined && gold.length > 0 && goldIntegers.every(entry => entry !== undefined))
		return {equal: goldIntegers.some(entry => BigInt(entry!) === BigInt(predInteger)), rule: 'integer'};
	return null;
}

/**
 * Grades answers with Math-Verify (huggingface/Math-Verify, vendored for the Pyodide sandbox) through an Executor:
 * gold and prediction travel into the program as JSON string literals, never as code. A batch of pairs is one sandbox
 * run that prints each verdict as it is reached; when a run ends early (time limit, sandbox failure), the verdicts it
 * printed stand, the first ungraded pair is run alone, and if it fails alone it is "not equal" with rule `timeout` or
 * `error`. Every pair so gets the whole budget to itself before it is called a timeout, and no pair can hold up the
 * rest for longer than that. Rules: `exact`, `integer` (fast path), `math-verify`, `timeout`, `error`, `aborted`.
 */
export class MathVerifyGrader implements Grader {
	private readonly budgetMs: number;
	private readonly batchSize: number;
	private readonly fastPath: boolean;

	public constructor(private readonly executor: Executor, options: MathVerifyGraderOptions = {}) {
		this.budgetMs = options.budgetMs ?? 5000;
		this.batchSize = options.batchSize ?? 32;
		this.fastPath = options.fastPath ?? true;
	}

	public async grade(gold: readonly string[], pred: string, signal?: AbortSignal): Promise<Verdict> {
		const [verdict] = await this.gradeMany([{gold, pred}], signal);
		return verdict!;
	}

	/** Verdicts in the order of `pairs`. Never rejects; pairs not graded when `signal` aborts get rule `aborted`. */
	public async gradeMany(pairs: readonly GradePair[], signal?: AbortSignal): Promise<Verdict[]> {
		const verdicts: (Verdict | undefined)[] = pairs.map(pair => (this.fastPath ? fastVerdict(pair.gold, pair.pred) ?? undefined : undefined));
		const pending: Pending[] = [];
		pairs.forEach((pair, index) => {
			if (!verdicts[index])
				pending.push({index, gold: pair.gold, pred: pair.pred});
		});
		const batches: Pending[][] = [];
		for (let start = 0; start < pending.length; start += this.batchSize)
			batches.push(pending.slice(start, start + this.batchSize));
		await Promise.all(batches.map(batch => this.gradeBatch(batch, verdicts, signal)));
		return verdicts.map(verdict => verdict ?? {equal: false, rule: 'aborted'});
	}

	private async gradeBatch(batch: Pending[], verdicts: (Verdict | undefined)[], signal?: AbortSignal): Promise<void> {
		let ungraded = batch;
		let alone = false;
		while (ungraded.length > 0 && !signal?.aborted) {
			const run = alone ? ungraded.slice(0, 1) : ungraded;
			const pairs = run.map(pair => [pair.index, pair.gold, pair.pred]);
			// JSON.stringify twice: the inner call makes the JSON text, the outer one a string literal Python reads as is
			// (JSON's string escapes are a subset of Python's).
			const program = `${gradePairsSource}\ngrade_pairs(${JSON.stringify(JSON.stringify(pairs))})\n`;
			const result = await this.executor.run(program, {timeoutMs: this.budgetMs});
			for (const line of result.stdout.split('\n')) {
				const verdict = parseVerdictLine(line);
				if (verdict && run.some(pair => pair.index === verdict.index))
					verdicts[verdict.index] = verdict.verdict;
			}
			ungraded = ungraded.filter(pair => !verdicts[pair.index]);
			if (ungraded.length === 0)
				return;
			if (alone || run.length === 1) {
				// The pair had the run to itself: what ended the run is its verdict (a no-op when it was graded).
				const first = run[0]!;
				verdicts[first.index] ??= {equal: false, rule: result.timedOut ? 'timeout' : 'error'};
				ungraded = ungraded.filter(pair => pair !== first);
				alone = false;
			} else {
				// The run ended before the batch did: its first ungraded pair was running then, so it goes alone next.
				alone = true;
			}
		}
	}
}

function parseVerdictLine(line: string): {index: number; verdict: Verdict} | null {
	if (!line.startsWith('['))
		return null;
	let parsed: unknown;
	try {
		parsed = JSON.parse(line);
	} catch {
		return null;
	}
	if (!Array.isArray(parsed) || typeof parsed[0] !== 'number')
		return null;
	if (typeof parsed[1] === 'boolean')
		return {index: parsed[0], verdict: {equal: parsed[1], rule: 'math-verify'}};
	return {index: parsed[0], verdict: {equal: false, rule: 'error'}};
}
