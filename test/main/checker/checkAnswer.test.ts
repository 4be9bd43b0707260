import {describe, expect, it} from 'vitest';
import {checkAnswer, type CheckRule} from '../../../src-main/checker/checkAnswer.js';

/** [gold, predicted, equal, rule that decides] — the checker's behaviour, one row per way an answer is written. */
const table: [string, string, boolean, CheckRule][] = [
	// identical and normalised spellings
	['42', '42', true, 'exact'],
	['42', ' 42 ', true, 'exact'],
	['\\frac{1}{2}', '\\dfrac{1}{2}', true, 'normalized'],
	['\\frac{1}{2}', '\\tfrac{1}{2}', true, 'normalized'],
	['\\frac{1}{2}', '\\frac12', true, 'normalized'],
	['\\frac{3}{4}', '\\frac34', true, 'normalized'],
	['\\frac{x}{2}', '\\frac x2', true, 'normalized'],
	['\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\frac{\\pi}{2})', true, 'normalized'],
	['\\left[ 0, 1 \\right)', '[0,1)', true, 'normalized'],
	['\\text{Evelyn}', 'Evelyn', true, 'normalized'],
	['\\textbf{(C)}', '(C)', true, 'normalized'],
	['90^\\circ', '90', true, 'normalized'],
	['90^{\\circ}', '90', true, 'normalized'],
	['90°', '90', true, 'normalized'],
	['1,000', '1000', true, 'normalized'],
	['1,234,567', '1234567', true, 'normalized'],
	['5.0', '5', true, 'normalized'],
	['5.00', '5', true, 'normalized'],
	['2.50', '2.5', true, 'normalized'],
	['.5', '0.5', true, 'normalized'],
	['x = 5', '5', true, 'normalized'],
	['y=\\frac{1}{2}', '\\frac12', true, 'normalized'],
	['$18$', '18', true, 'normalized'],
	['\\$18', '18', true, 'normalized'],
	['18 dollars', '18', true, 'normalized'],
	['5 cm', '5', true, 'normalized'],
	['12 \\text{ inches}', '12', true, 'normalized'],
	['24 \\text{ square units}', '24', true, 'normalized'],
	['3\\sqrt{3}', '3\\sqrt3', true, 'normalized'],
	['3\\sqrt{13}', '3\\sqrt13', false, 'number'],
	['\\sqrt{5}1', '\\sqrt51', true, 'normalized'],
	['10.', '10', true, 'normalized'],
	['\\displaystyle\\frac{1}{3}', '\\frac{1}{3}', true, 'normalized'],
	['2\\,000', '2000', true, 'normalized'],
	['\\!5', '5', true, 'normalized'],
	// numbers with tolerance, fractions and decimals
	['0.5', '1/2', true, 'number'],
	['\\frac{1}{2}', '0.5', true, 'number'],
	['\\frac{1}{3}', '0.3333', true, 'number'],
	['\\frac{1}{3}', '0.33', false, 'number'],
	['\\frac{2}{4}', '\\frac{1}{2}', true, 'number'],
	['-\\frac{1}{2}', '\\frac{-1}{2}', true, 'number'],
	['-\\frac{1}{2}', '-0.5', true, 'number'],
	['3.14159', '\\pi', true, 'number'],
	['3.14', '\\pi', false, 'number'],
	['2\\sqrt{2}', '\\sqrt{8}', true, 'number'],
	['\\sqrt{2}/2', '\\frac{\\sqrt{2}}{2}', true, 'number'],
	['\\frac{\\sqrt{3}}{3}', '\\frac{1}{\\sqrt{3}}', true, 'number'],
	['1e3', '1000', true, 'number'],
	['1000000', '10^6', true, 'number'],
	['2^{10}', '1024', true, 'number'],
	['5!', '120', true, 'number'],
	['\\binom{5}{2}', '10', true, 'number'],
	['\\dbinom{6}{3}', '20', true, 'number'],
	['e^2', '7.389056', true, 'number'],
	['\\ln 1', '0', true, 'number'],
	['0', '-0', true, 'number'],
	['0', '0.00001', false, 'number'],
	['0.1', '0.100001', true, 'number'],
	['100', '100.004', true, 'number'],
	['100', '100.1', false, 'number'],
	['7', '8', false, 'number'],
	['-7', '7', false, 'number'],
	['13535', '13536', false, 'number'],
	['\\frac{14}{3}', '4.6667', true, 'number'],
	['\\frac{14}{3}', '\\frac{3}{14}', false, 'number'],
	['\\frac{3}{56}', '3/56', true, 'number'],
	['6+9i', '9i+6', true, 'number'],
	['6 - 5i', '6-5i', true, 'normalized'],
	['6 - 5i', '6+5i', false, 'number'],
	['\\sqrt{-4}', '2i', true, 'number'],
	['1+\\sqrt{2}', '\\sqrt{2}+1', true, 'number'],
	['\\frac{1+\\sqrt{5}}{2}', '1.618034', true, 'number'],
	['\\sqrt[3]{8}', '2', true, 'number'],
	['\\sqrt[3]{-8}', '-2', true, 'number'],
	['27^{1/3}', '3', true, 'number'],
	['|-3|', '3', true, 'number'],
	['2\\cdot 3', '6', true, 'number'],
	['2\\times 3', '6', true, 'number'],
	['12\\div 4', '3', true, 'number'],
	['\\tan\\frac{\\pi}{4}', '1', true, 'number'],
	['\\sin^2 x + \\cos^2 x', '1', true, 'symbolic'],
	['\\infty', '\\infty', true, 'exact'],
	// percentages
	['50\\%', '50', true, 'percent'],
	['50\\%', '0.5', true, 'percent'],
	['50%', '50\\%', true, 'normalized'],
	['25\\%', '0.25', true, 'percent'],
	['25\\%', '0.3', false, 'percent'],
	['12.5%', '12.5', true, 'percent'],
	// tuples, intervals and sets
	['(1, 2)', '(1,2)', true, 'normalized'],
	['2\\,000', '2,000', true, 'normalized'],
	['(1, 2)', '(2, 1)', false, 'tuple'],
	['(1, 2, 3)', '(1, 2)', false, 'tuple'],
	['(3, \\frac{\\pi}{2})', '(3, \\pi/2)', true, 'tuple'],
	['(0.5, 2)', '(\\frac{1}{2}, 2)', true, 'tuple'],
	['(-1, 4)', '\\left(-1,4\\right)', true, 'normalized'],
	['[0, 1)', '[0, 1)', true, 'exact'],
	['[0, 1)', '(0, 1]', false, 'interval'],
	['[0, 1]', '(0, 1)', false, 'interval'],
	['(-\\infty, 3]', '(-\\infty,3]', true, 'normalized'],
	['(-\\infty, 3]', '(-\\infty, 3)', false, 'interval'],
	['[2, \\frac{5}{2}]', '[2, 2.5]', true, 'interval'],
	['(-\\infty, -2) \\cup (3, \\infty)', '(-\\infty,-2)\\cup(3,\\infty)', true, 'normalized'],
	['\\{1, 2, 3\\}', '\\{3, 2, 1\\}', true, 'set'],
	['\\{1, 2, 3\\}', '\\{1, 2\\}', false, 'set'],
	['1, 2', '2, 1', true, 'set'],
	['-2, 2', '2, -2', true, 'set'],
	['x=2, x=-2', '-2, 2', true, 'set'],
	['1, 3, 5', '1, 3, 7', false, 'set'],
	['\\frac{1}{2}, 3', '3, 0.5', true, 'set'],
	// multiple choice
	['C', 'C', true, 'exact'],
	['C', '(C)', true, 'choice'],
	['(C)', 'C', true, 'choice'],
	['\\text{(C)}', 'C', true, 'choice'],
	['C', 'C) 12', true, 'choice'],
	['B', '(C)', false, 'choice'],
	['A', 'Answer: A', true, 'choice'],
	['E', 'e', false, 'symbolic'],
	// equations and expressions
	['y = 2x + 1', 'y = 1 + 2x', true, 'equation'],
	['y = 2x + 1', 'y = 2x - 1', false, 'symbolic'],
	['2x - y = 1', 'y = 2x + 1', false, 'equation'],
	['2x - y = 1', 'y = 2x - 1', true, 'equation'],
	['x + y = 3', '2x + 2y = 6', true, 'equation'],
	['x^2 + y^2 = 4', 'y^2 = 4 - x^2', true, 'equation'],
	['2x + 1', '1 + 2x', true, 'symbolic'],
	['p - q', '-q + p', true, 'symbolic'],
	['p - q', 'q - p', false, 'symbolic'],
	['(x+1)^2', 'x^2 + 2x + 1', true, 'symbolic'],
	['(x+1)^2', 'x^2 + 1', false, 'symbolic'],
	['\\frac{x^2-1}{x-1}', 'x+1', true, 'symbolic'],
	['x^2 - 5x + 6', '(x-2)(x-3)', true, 'symbolic'],
	['2ab', '2ba', true, 'symbolic'],
	['\\frac{a}{b}', 'a/b', true, 'symbolic'],
	['\\frac{a}{b}', 'b/a', false, 'symbolic'],
	['\\sqrt{x^2}', 'x', true, 'symbolic'],
	['e^{i\\pi}', '-1', true, 'number'],
	['\\log(xy)', '\\log x + \\log y', true, 'symbolic'],
	['x_1 + x_2', 'x_2 + x_1', true, 'symbolic'],
	['\\alpha + \\beta', '\\beta+\\alpha', true, 'symbolic'],
	['3x', '3y', false, 'symbolic'],
	['n(n+1)/2', '\\frac{n^2+n}{2}', true, 'symbolic'],
	['2^{n+1}', '2\\cdot 2^n', true, 'symbolic'],
	['\\frac{\\pi}{3}', '60', false, 'number'],
	['\\pi r^2', 'r^2\\pi', true, 'symbolic'],
	['4\\pi', '4 \\pi', true, 'normalized'],
	['12\\sqrt{3}', '\\sqrt{432}', true, 'number'],
	['\\frac{9}{2}\\pi', '4.5\\pi', true, 'number'],
	// words
	['Monday', 'monday', true, 'text'],
	['\\text{Monday}', 'Tuesday', false, 'text'],
	['no', 'on', false, 'text'],
	['yes', 'Yes.', true, 'text'],
	['odd', '\\text{odd}', true, 'normalized'],
	['even', 'odd', false, 'text'],
	['\\text{Evelyn}', 'Evelyn', true, 'normalized'],
	['neither', 'the neither', true, 'text'],
	// unparseable or empty predictions are simply not equal
	['5', '', false, 'none'],
	['5', '\\unknowncommand{5}', false, 'none'],
	['5', 'x >', false, 'none'],
	['\\frac{1}{2}', '\\frac{1}{', false, 'none'],
	['3', '3 + ', false, 'none']
];

describe('checkAnswer: the table', () => {
	it(`has at least 150 cases (${table.length})`, () => {
		expect(table.length).toBeGreaterThanOrEqual(150);
	});

	it.each(table)('%j vs %j → %s (%s)', (gold, pred, equal, rule) => {
		expect(checkAnswer(gold, pred)).toEqual({equal, rule});
	});
});

describe('checkAnswer: lists of acceptable answers', () => {
	it('matches any of them', () => {
		expect(checkAnswer(['\\frac{1}{2}', '0.5', 'one half'], '1/2')).toEqual({equal: true, rule: 'number'});
		expect(checkAnswer(['A', 'B'], 'B')).toEqual({equal: true, rule: 'exact'});
		expect(checkAnswer(['1', '2'], '3').equal).toBe(false);
	});
});

describe('checkAnswer: bounded', () => {
	it('answers quickly for huge or pathological expressions', () => {
		const started = performance.now();
		for (const pred of ['9^{9^{9^{9}}}', `${'('.repeat(500)}2${')'.repeat(500)}`, 'x^{10^{10}}', '1000000!', 'x'.repeat(5000), '2^{2^{2^{2^{2^{2}}}}}'])
			expect(checkAnswer('1', pred).equal).toBe(false);
		expect(checkAnswer('1', `${'('.repeat(500)}1${')'.repeat(500)}`).equal).toBe(true);
		expect(performance.now() - started).toBeLessThan(2000);
	});

	it('a spent budget is "not equal", never a hang', () => {
		expect(checkAnswer('x^2 + 2x + 1', '(x+1)^2', {budgetMs: -1})).toEqual({equal: false, rule: 'timeout'});
	});
});
