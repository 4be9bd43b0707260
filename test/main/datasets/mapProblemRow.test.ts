import {describe, expect, it} from 'vitest';
import {mapProblemRow, maxFieldChars, maxNestingDepth} from '../../../src-main/datasets/mapProblemRow.js';
import {InvalidUtf8Field} from '../../../src-main/datasets/RawRecord.js';

describe('mapProblemRow', () => {
	it('takes rStar\'s eval layout verbatim, with no issues', () => {
		expect(mapProblemRow({index: 3, question: 'What is $1+1$?', answer: '2'})).toEqual({
			problem: {question: 'What is $1+1$?', answers: ['2'], sourceIndex: '3', level: null, subject: null, meta: {}},
			issues: []
		});
	});

	it.each([
		[{problem: 'P', gt: '1'}, 'P', ['1']],
		[{prompt: 'P', ground_truth: '1'}, 'P', ['1']],
		[{query: 'P', final_answer: '1'}, 'P', ['1']]
	])('maps the common field names %j', (row, question, answers) => {
		const {problem} = mapProblemRow(row);
		expect(problem?.question).toBe(question);
		expect(problem?.answers).toEqual(answers);
	});

	it('takes the last \\boxed{} of a worked solution, keeps the solution, and says so', () => {
		const {problem, issues} = mapProblemRow({problem: 'P', solution: 'So $x=\\boxed{1}$, no: $\\boxed{\\frac{3}{4}}$.', level: 'Level 5', type: 'Algebra'});
		expect(problem?.answers).toEqual(['\\frac{3}{4}']);
		expect(problem?.level).toBe('Level 5');
		expect(problem?.subject).toBe('Algebra');
		expect(problem?.meta).toEqual({solution: 'So $x=\\boxed{1}$, no: $\\boxed{\\frac{3}{4}}$.'});
		expect(issues).toEqual([{severity: 'normalised', field: 'solution', message: 'answer "\\frac{3}{4}" taken from the last \\boxed{} of "solution"'}]);
	});

	it('takes GSM8K\'s "#### 42" tail and reports it', () => {
		const {problem, issues} = mapProblemRow({question: 'Q', answer: 'She has 6*7 = <<6*7=42>>42.\n#### 42'});
		expect(problem?.answers).toEqual(['42']);
		expect(issues[0]?.severity).toBe('normalised');
	});

	it('accepts a list of acceptable answers, numbers reported as stored strings', () => {
		const {problem, issues} = mapProblemRow({question: 'Q', answer: ['1/2', 0.5]});
		expect(problem?.answers).toEqual(['1/2', '0.5']);
		expect(issues).toEqual([{severity: 'normalised', field: 'answer', message: '"answer"[1] number 0.5 stored as the string "0.5"'}]);
	});

	it.each([
		[{question: 'Q', answer: ''}],
		[{question: 'Q', answer: []}],
		[{question: 'Q', answer: null}],
		[{question: 'Q'}]
	])('imports %j flagged "no ground truth", with a warning', row => {
		const {problem, issues} = mapProblemRow(row);
		expect(problem?.answers).toEqual([]);
		expect(issues).toHaveLength(1);
		expect(issues[0]?.message).toMatch(/no ground truth/);
	});

	it.each([
		['a list', [1, 2], /the row is a list, expected an object/],
		['a string', 'just text', /the row is a string/],
		['no question', {answer: '1'}, /no question field/],
		['a numeric question', {question: 7, answer: '1'}, /"question" is a number, expected a string/],
		['an empty question', {question: '  ', answer: '1'}, /"question" is empty/],
		['an object answer', {question: 'Q', answer: {value: 1}}, /"answer" is an object/],
		['a bad list item', {question: 'Q', answer: ['1', {}]}, /"answer"\[1\] is an object/],
		['a NUL character', {question: 'Q\u0000', answer: '1'}, /field "question" contains a NUL character/],
		['an oversized field', {question: 'x'.repeat(maxFieldChars + 1), answer: '1'}, /over the 100000 limit/],
		['invalid UTF-8', {question: new InvalidUtf8Field(3), answer: '1'}, /field "question" is not valid UTF-8/],
		['an object level', {question: 'Q', answer: '1', level: {n: 1}}, /"level" is an object/],
		['a nested oversized string', {question: 'Q', answer: '1', extra: {s: 'x'.repeat(maxFieldChars + 1)}}, /field "extra\.s" is 100001 characters long/],
		['a nested NUL', {question: 'Q', answer: '1', extra: {list: ['ok', {n: '\u0000'}]}}, /field "extra\.list\[1\]\.n" contains a NUL/],
		['a NUL in a nested key', {question: 'Q', answer: '1', extra: {'a\u0000': 1}}, /NUL character in its name/],
		['nesting past the cap', {question: 'Q', answer: '1', meta: nested(maxNestingDepth)}, /field "meta\.a\.a\.a….* is nested more than 32 levels deep/],
		['nesting 100,000 deep', {question: 'Q', answer: '1', meta: nested(100_000)}, /is nested more than 32 levels deep/],
		['strings over the row total', {question: 'Q', answer: '1', ...Object.fromEntries(Array.from({length: 11}, (_, i) => [`f${i}`, 'x'.repeat(maxFieldChars)]))}, /field "f9" takes the row past 1000000 characters/],
		['values over the row total', {question: 'Q', answer: '1', extra: Array.from({length: 10_000}, () => 0)}, /field "extra\[9997\]" takes the row past 10000 values/]
	])('rejects a row with %s', (_name, row, message) => {
		const {problem, issues} = mapProblemRow(row);
		expect(problem).toBeUndefined();
		expect(issues.at(-1)?.severity).toBe('rejected');
		expect(issues.at(-1)?.message).toMatch(message);
	});

	it('takes nested metadata within the limits as it stands', () => {
		// A field is level 1, so its innermost value here is at level 32, the deepest allowed.
		const extra = {tags: ['a', 'b'], source: {name: 'x', page: 3}};
		const meta = nested(maxNestingDepth - 1);
		expect(mapProblemRow({question: 'Q', answer: '1', extra, meta}).problem?.meta).toEqual({extra, meta});
	});

	it('never trims or rewrites the question', () => {
		const question = '  Line one\r\n\tline two  ';
		expect(mapProblemRow({question, answer: '1'}).problem?.question).toBe(question);
	});
});

/** `{a: {a: … {a: 1}}}`, `levels` objects deep, built without recursion. */
function nested(levels: number): unknown {
	let value: unknown = 1;
	for (let i = 0; i < levels; i++)
		value = {a: value};
	return value;
}
