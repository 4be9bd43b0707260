// Answer-checker throughput: checks per second for numeric and for symbolic answers.
import {checkAnswer} from '../src-main/checker/checkAnswer.js';
import {printTable} from './stats.js';

const numeric: [string, string][] = [['\\frac{1}{2}', '0.5'], ['1,000', '1000'], ['50\\%', '0.5'], ['2\\sqrt{2}', '\\sqrt{8}'], ['13535', '13536'], ['(3, \\frac{\\pi}{2})', '(3, \\pi/2)']];
const symbolic: [string, string][] = [['(x+1)^2', 'x^2+2x+1'], ['\\frac{x^2-1}{x-1}', 'x+1'], ['p - q', '-q + p'], ['\\sin^2 x + \\cos^2 x', '1'], ['y = 2x + 1', '2x - y = -1']];

function perSecond(pairs: [string, string][]): number {
	const seconds = 1;
	let count = 0;
	const started = performance.now();
	while (performance.now() - started < seconds * 1000)
		for (const [gold, pred] of pairs) {
			checkAnswer(gold, pred);
			count++;
		}
	return count / ((performance.now() - started) / 1000);
}

printTable('Answer checker', [
	['numeric answers (fractions, separators, percent, radicals, tuples)', `${Math.round(perSecond(numeric)).toLocaleString()} checks/s`],
	['symbolic answers (expressions, identities, equations)', `${Math.round(perSecond(symbolic)).toLocaleString()} checks/s`]
]);
