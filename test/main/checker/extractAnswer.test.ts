import {describe, expect, it} from 'vitest';
import {answerOf, extractAnswer} from '../../../src-main/checker/extractAnswer.js';

describe('extractAnswer', () => {
	it.each([
		['So the total is $\\boxed{\\frac{3}{4}}$.', '\\frac{3}{4}', 'boxed'],
		['first \\boxed{1}, then corrected: \\boxed{2}', '2', 'boxed'],
		['<code>\nprint(7)\n<end_of_code>\n<output>7<end_of_output>\n<answer>From the result, the answer is \\boxed{7}.<end_of_answer>', '7', 'boxed'],
		['<answer>42<end_of_answer>', '42', 'answer-tag'],
		['We add them up. The answer is 18.', '18', 'phrase'],
		['Final answer: $x = 5$', 'x = 5', 'phrase'],
		['She makes 9 * 2 = 18 dollars.\n#### 18', '18', 'hashes'],
		['12', '12', 'whole'],
		['After many steps we find that there are 3 apples and then 4 more, so in the end we count\n7 of them in the basket today', '7', 'last-number']
	])('%j → %j (%s)', (text, answer, from) => {
		expect(extractAnswer(text)).toEqual({answer, from});
	});

	it('finds nothing in text without an answer', () => {
		expect(extractAnswer('')).toBeNull();
		expect(extractAnswer('no numbers here at all, just a long explanation that goes on and on\nand on')).toBeNull();
	});

	it('answerOf keeps a short answer as it is and extracts from a solution', () => {
		expect(answerOf(' \\frac{1}{2} ')).toBe('\\frac{1}{2}');
		expect(answerOf('so it is \\boxed{0.5}')).toBe('0.5');
	});
});
