import {closeEnough, evaluate, parseMath, variablesOf, type Complex, type MathNode} from './MathExpression.js';
import {normalizeAnswer} from './normalizeAnswer.js';

/** Which rule decided a comparison. */
export type CheckRule =
	| 'exact' | 'normalized' | 'text' | 'choice' | 'number' | 'percent' | 'tuple' | 'interval' | 'set'
	| 'equation' | 'symbolic' | 'timeout' | 'none';

export interface CheckResult {
	equal: boolean;
	rule: CheckRule;
}

export interface CheckOptions {
	/** Relative tolerance for numbers. Defaults to `1e-4`. */
	tolerance?: number;
	/** Time budget of one comparison; past it the answer is "not equal" (rule `timeout`). Defaults to 1000 ms. */
	budgetMs?: number;
}

/** Words that are functions or constants, not text, inside an answer. */
const mathWords = /^(?:sqrt|sin|cos|tan|cot|sec|csc|arcsin|arccos|arctan|sinh|cosh|tanh|ln|log|exp|abs|pi|frac|binom|dbinom|tbinom|cdot|times|div|infty|inf|left|right|text|mathrm|alpha|beta|gamma|delta|theta|lambda|mu|phi|omega|sigma|rho|tau|epsilon|psi|floor|ceil)$/;

class OutOfTime extends Error {}

/**
 * Whether a predicted answer equals the ground truth, and by which rule. `gold` may list several acceptable
 * answers: any one matching is enough. Comparison goes from the strictest rule to the loosest: the same text, the
 * same normalised text, the same choice letter, equal numbers (with tolerance, fractions and percentages), equal
 * tuples, intervals and sets element by element, and finally expressions that agree at random points.
 */
export function checkAnswer(gold: string | readonly string[], pred: string, options: CheckOptions = {}): CheckResult {
	const golds = typeof gold === 'string' ? [gold] : gold;
	const deadline = performance.now() + (options.budgetMs ?? 1000);
	let last: CheckResult = {equal: false, rule: 'none'};
	for (const candidate of golds) {
		try {
			const result = compare(candidate, pred, options.tolerance ?? 1e-4, deadline);
			if (result.equal)
				return result;
			last = result;
		} catch (error) {
			if (error instanceof OutOfTime)
				return {equal: false, rule: 'timeout'};
			throw error;
		}
	}
	return last;
}

function compare(goldRaw: string, predRaw: string, tolerance: number, deadline: number): CheckResult {
	if (goldRaw.trim() === predRaw.trim())
		return {equal: true, rule: 'exact'};
	const gold = normalizeAnswer(goldRaw);
	const pred = normalizeAnswer(predRaw);
	if (gold.text.replace(/\s+/g, '') === pred.text.replace(/\s+/g, '') && gold.percent === pred.percent)
		return {equal: true, rule: 'normalized'};

	const goldChoice = choiceLetter(goldRaw);
	if (goldChoice) {
		const predChoice = choiceLetter(predRaw);
		if (predChoice)
			return {equal: goldChoice === predChoice, rule: 'choice'};
	}

	// Both sides equations ("2x - y = 1", "y = 2x - 1"): compared as equations before "y =" is read as a label.
	const goldEquation = normalizeAnswer(goldRaw, {keepAssignment: true}).text;
	const predEquation = normalizeAnswer(predRaw, {keepAssignment: true}).text;
	if (goldEquation.includes('=') && predEquation.includes('=')) {
		const asEquations = compareEquations(goldEquation, predEquation, deadline);
		if (asEquations?.equal)
			return asEquations;
	}

	if (isText(gold.text) || isText(pred.text)) {
		const equal = comparableText(gold.text) === comparableText(pred.text);
		return {equal, rule: 'text'};
	}
	return compareValues(gold.text, pred.text, gold.percent, pred.percent, tolerance, deadline);
}

function compareValues(gold: string, pred: string, goldPercent: boolean, predPercent: boolean, tolerance: number, deadline: number): CheckResult {
	checkTime(deadline);
	const goldStructure = structure(gold);
	const predStructure = structure(pred);
	if (goldStructure || predStructure) {
		if (!goldStructure || !predStructure || goldStructure.items.length !== predStructure.items.length)
			return {equal: false, rule: goldStructure?.kind ?? predStructure!.kind};
		let kind: Structure['kind'] = goldStructure.kind === 'set' || predStructure.kind === 'set' ? 'set' : goldStructure.kind;
		// An interval is its brackets too: [1, 2] is not (1, 2).
		if (goldStructure.kind === 'interval' || predStructure.kind === 'interval') {
			if (goldStructure.open !== predStructure.open || goldStructure.close !== predStructure.close)
				return {equal: false, rule: 'interval'};
			kind = 'interval';
		}
		const same = (a: string, b: string) => compareValues(a, b, false, false, tolerance, deadline).equal;
		if (kind === 'set')
			return {equal: matchesUnordered(goldStructure.items, predStructure.items, same), rule: 'set'};
		return {equal: goldStructure.items.every((item, i) => same(item, predStructure.items[i]!)), rule: kind};
	}

	const equation = compareEquations(gold, pred, deadline);
	if (equation)
		return equation;

	const goldTree = parseMath(gold);
	const predTree = parseMath(pred);
	if (!goldTree || !predTree)
		return {equal: false, rule: 'none'};
	const goldVariables = variablesOf(goldTree);
	const predVariables = variablesOf(predTree);
	if (goldVariables.size === 0 && predVariables.size === 0) {
		// Two integers are equal only exactly: a relative tolerance would make 13535 and 13536 one answer.
		if (/^-?\d+$/.test(gold) && /^-?\d+$/.test(pred) && goldPercent === predPercent)
			return {equal: BigInt(gold) === BigInt(pred), rule: 'number'};
		const a = evaluate(goldTree);
		const b = evaluate(predTree);
		// "50%" and "0.5", "50%" and "50": a percentage sign on one side is the same number either way.
		if (goldPercent !== predPercent) {
			const scaled = goldPercent ? {re: a.re / 100, im: a.im / 100} : {re: b.re / 100, im: b.im / 100};
			return {equal: closeEnough(scaled, goldPercent ? b : a, tolerance) || closeEnough(a, b, tolerance), rule: 'percent'};
		}
		return {equal: closeEnough(a, b, tolerance), rule: 'number'};
	}
	return {equal: sameFunction(goldTree, predTree, deadline), rule: 'symbolic'};
}

/** Equations ("y = 2x + 1", "x + y = 3") are equal when lhs − rhs agree up to a constant factor. */
function compareEquations(gold: string, pred: string, deadline: number): CheckResult | null {
	const goldSides = splitEquation(gold);
	const predSides = splitEquation(pred);
	if (!goldSides && !predSides)
		return null;
	if (!goldSides || !predSides)
		return {equal: false, rule: 'equation'};
	const toDifference = ([left, right]: [MathNode, MathNode]): MathNode => ({kind: 'binary', op: '-', left, right});
	const a = toDifference(goldSides);
	const b = toDifference(predSides);
	return {equal: sameFunction(a, b, deadline) || proportional(a, b, deadline), rule: 'equation'};
}

function splitEquation(text: string): [MathNode, MathNode] | null {
	const parts = text.split('=');
	if (parts.length !== 2)
		return null;
	const left = parseMath(parts[0]!.trim());
	const right = parseMath(parts[1]!.trim());
	return left && right ? [left, right] : null;
}

/** Fixed pseudo-random points (a checker must give the same verdict every time). */
function samplePoints(variables: string[], count: number): Map<string, Complex>[] {
	let seed = 0x2545f491;
	const next = () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed / 0x7fffffff;
	};
	return Array.from({length: count}, () => new Map(variables.map(name => [name, {re: 0.3 + 2.2 * next(), im: 0}])));
}

function sameFunction(a: MathNode, b: MathNode, deadline: number): boolean {
	const variables = [...new Set([...variablesOf(a), ...variablesOf(b)])].sort();
	let compared = 0;
	for (const scope of samplePoints(variables, 8)) {
		checkTime(deadline);
		const x = evaluate(a, scope);
		const y = evaluate(b, scope);
		if (![x.re, x.im, y.re, y.im].every(Number.isFinite))
			continue;
		if (!closeEnough(x, y, 1e-6))
			return false;
		compared++;
	}
	return compared >= 3;
}

function proportional(a: MathNode, b: MathNode, deadline: number): boolean {
	const variables = [...new Set([...variablesOf(a), ...variablesOf(b)])].sort();
	let ratio: Complex | null = null;
	let compared = 0;
	for (const scope of samplePoints(variables, 8)) {
		checkTime(deadline);
		const x = evaluate(a, scope);
		const y = evaluate(b, scope);
		if (![x.re, x.im, y.re, y.im].every(Number.isFinite) || Math.hypot(y.re, y.im) < 1e-12)
			continue;
		const r = {re: x.re / y.re, im: 0};
		if (ratio && !closeEnough(ratio, r, 1e-6))
			return false;
		ratio = r;
		compared++;
	}
	return compared >= 3;
}

interface Structure {
	kind: 'tuple' | 'interval' | 'set';
	items: string[];
	open: string;
	close: string;
}

/** A bracketed, comma-separated answer: `(1, 2)` tuple, `[0, 1)` interval, `\{1, 2\}` set; or a bare list `1, 2`. */
function structure(text: string): Structure | null {
	let s = text.trim();
	let open = '';
	let close = '';
	if (s.startsWith('\\{') && s.endsWith('\\}')) {
		const items = splitTopLevel(s.slice(2, -2));
		return {kind: 'set', items, open: '{', close: '}'};
	}
	if (/^[([]/.test(s) && /[)\]]$/.test(s) && enclosesAll(s)) {
		open = s[0]!;
		close = s.at(-1)!;
		s = s.slice(1, -1);
		const items = splitTopLevel(s);
		if (items.length < 2)
			return null;
		const interval = items.length === 2 && (open !== close.replace(')', '(').replace(']', '[') || open === '[' || /infty|inf/.test(s));
		return {kind: interval ? 'interval' : 'tuple', items, open, close};
	}
	const items = splitTopLevel(s);
	// A bare comma list ("1, 2, 3", "x=1, x=2") is a set of answers.
	return items.length >= 2 ? {kind: 'set', items: items.map(item => normalizeAnswer(item).text), open: '', close: ''} : null;
}

/** Whether the first bracket of `s` closes at its last character (so "(1)(2)" is not one group). */
function enclosesAll(s: string): boolean {
	let depth = 0;
	for (let i = 0; i < s.length; i++) {
		if ('([{'.includes(s[i]!))
			depth++;
		else if (')]}'.includes(s[i]!))
			depth--;
		if (depth === 0 && i < s.length - 1)
			return false;
	}
	return true;
}

/** Splits on commas that are not inside brackets or braces. */
export function splitTopLevel(s: string): string[] {
	const items: string[] = [];
	let depth = 0;
	let start = 0;
	for (let i = 0; i < s.length; i++) {
		const ch = s[i]!;
		if (ch === '\\' && (s[i + 1] === '{' || s[i + 1] === '}')) {
			depth += s[i + 1] === '{' ? 1 : -1;
			i++;
		} else if ('([{'.includes(ch))
			depth++;
		else if (')]}'.includes(ch))
			depth--;
		else if (ch === ',' && depth === 0) {
			items.push(s.slice(start, i).trim());
			start = i + 1;
		}
	}
	items.push(s.slice(start).trim());
	return items.filter(item => item !== '');
}

function matchesUnordered(gold: string[], pred: string[], same: (a: string, b: string) => boolean): boolean {
	const unused = [...pred];
	for (const item of gold) {
		const at = unused.findIndex(candidate => same(item, candidate));
		if (at < 0)
			return false;
		unused.splice(at, 1);
	}
	return unused.length === 0;
}

/** A multiple-choice letter: "C", "(C)", "C)", "\text{(C)}", "C: 12", "Answer: C". */
function choiceLetter(raw: string): string | null {
	const s = normalizeAnswer(raw).text.replace(/^answer\s*:?\s*/i, '').trim();
	const match = /^\(?([A-E])\)?(?:\s*[:.)]\s*.*)?$/.exec(s);
	return match ? match[1]! : null;
}

/**
 * An answer that is words, not math: a word of three or more letters that is not a function or constant, or an
 * answer of letters alone ("no", "on": as math they would be the same product).
 */
function isText(s: string): boolean {
	const plain = s.replace(/\\[a-zA-Z]+/g, ' ');
	if (/^[a-zA-Z]{2,}$/.test(plain.trim()) && !mathWords.test(plain.trim().toLowerCase()))
		return true;
	return (plain.match(/[a-zA-Z]{3,}/g) ?? []).some(word => !mathWords.test(word.toLowerCase()));
}

function comparableText(s: string): string {
	return s.toLowerCase().replace(/[\s.,!]+/g, ' ').replace(/^(?:the|a|an) /, '').trim();
}

function checkTime(deadline: number): void {
	if (performance.now() > deadline)
		throw new OutOfTime();
}
