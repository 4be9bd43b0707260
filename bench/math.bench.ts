// Problem text figures: what MathText does with one 100,000-character question (the longest a row may hold) —
// splitMath, then KaTeX on every expression within the field's typesetting budget — for the rows of issue 12 that
// froze the UI, and for the worst a row can ask of KaTeX within the budget. In Node with KaTeX's string renderer:
// the parsing and layout KaTeX does are the same in the window, where the DOM nodes are built from the same tree.
import katex from 'katex';
import {maxFieldChars} from '../src-main/datasets/mapProblemRow.js';
import {defaultMathBudget, splitMath} from '../src-renderer/lib/splitMath.js';
import {formatMs, percentile, printTable} from './stats.js';

const fill = (unit: string) => unit.repeat(Math.floor(maxFieldChars / unit.length));
/** Expressions that fill the budget exactly (count and characters), all of it sent to KaTeX. */
const budgetLength = defaultMathBudget.maxTexChars / defaultMathBudget.maxExpressions;
const budgetExpression = '\\frac{a+b^{2}}{\\sqrt{c}}+\\sum_{k=1}^{n}x'.padEnd(budgetLength, ' ');
const questions: [string, string][] = [
	['"\\(" × 49,999 (unclosed openers)', fill('\\(')],
	['"$a " × 33,333 (unclosed openers)', fill('$a ')],
	['"$x$ " × 25,000 (25,000 expressions)', fill('$x$ ')],
	['one 99,998-character expression', `$${'x'.repeat(maxFieldChars - 2)}$`],
	['the whole budget, then prose', `$${budgetExpression}$ `.repeat(defaultMathBudget.maxExpressions).padEnd(maxFieldChars, '.')]
];

const rows: [string, string][] = [];
for (const [name, question] of questions) {
	const times: number[] = [];
	const cpuTimes: number[] = [];
	let typeset = 0;
	for (let run = 0; run < 9; run++) {
		const started = performance.now();
		const cpuStarted = process.cpuUsage();
		const {segments} = splitMath(question);
		for (const segment of segments)
			if (segment.kind === 'math')
				katex.renderToString(segment.tex, {displayMode: segment.display, throwOnError: false, trust: false, strict: 'ignore', maxExpand: 1000, maxSize: 50});
		times.push(performance.now() - started);
		const cpu = process.cpuUsage(cpuStarted);
		cpuTimes.push((cpu.user + cpu.system) / 1000);
		typeset = segments.filter(segment => segment.kind === 'math').length;
	}
	rows.push([`${name} (${question.length.toLocaleString('en-US')} chars; ${typeset} typeset)`, `${formatMs(percentile(times, 50))} / ${formatMs(percentile(cpuTimes, 50))}`]);
}
// CPU time beside wall time: on a shared machine the wall time also counts the waits for a core.
printTable(`Problem text: splitMath + KaTeX on one question, wall / CPU p50 of 9 (budget ${defaultMathBudget.maxExpressions} expressions, ${defaultMathBudget.maxTexChars.toLocaleString('en-US')} TeX characters; target ≤ 100 ms)`, rows);
