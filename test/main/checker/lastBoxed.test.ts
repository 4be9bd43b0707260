import {describe, expect, it} from 'vitest';
import {lastBoxed} from '../../../src-main/checker/lastBoxed.js';

describe('lastBoxed', () => {
	it.each([
		['so \\boxed{5}.', '5'],
		['first \\boxed{1} then \\boxed{\\frac{1}{2}}', '\\frac{1}{2}'],
		['\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}', '\\left( 3, \\frac{\\pi}{2} \\right)'],
		['\\boxed{a\\{b\\}c}', 'a\\{b\\}c'],
		['\\fbox{7}', '7'],
		['\\boxed 42$', '42'],
		['no box here', null],
		['\\boxed{unclosed', null]
	])('%s → %s', (text, expected) => {
		expect(lastBoxed(text)).toBe(expected);
	});
});
