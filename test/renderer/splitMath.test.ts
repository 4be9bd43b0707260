import {describe, expect, it} from 'vitest';
import {splitMath} from '../../src-renderer/lib/splitMath.js';

describe('splitMath', () => {
	it('splits inline and display math from prose', () => {
		expect(splitMath('Let $x^2$ be\n\\[\\sum_k k\\]and $$y$$.')).toEqual([
			{kind: 'text', text: 'Let '},
			{kind: 'math', tex: 'x^2', display: false},
			{kind: 'text', text: ' be\n'},
			{kind: 'math', tex: '\\sum_k k', display: true},
			{kind: 'text', text: 'and '},
			{kind: 'math', tex: 'y', display: true},
			{kind: 'text', text: '.'}
		]);
	});

	it('keeps money in word problems as text (Pandoc\'s rule for $)', () => {
		const text = 'She sells eggs for $2 each and earns $3 more.';
		expect(splitMath(text)).toEqual([{kind: 'text', text}]);
	});

	it('reads \\$ as a dollar sign and \\(…\\) as inline math', () => {
		expect(splitMath('costs \\$5, and \\(a+b\\)')).toEqual([
			{kind: 'text', text: 'costs $5, and '},
			{kind: 'math', tex: 'a+b', display: false}
		]);
	});

	it('leaves an unclosed opener as prose', () => {
		expect(splitMath('an open $x and nothing')).toEqual([{kind: 'text', text: 'an open $x and nothing'}]);
	});

	it('handles the MATH500 style', () => {
		const segments = splitMath('Convert the point $(0,3)$ in rectangular coordinates to polar coordinates.  Enter your answer in the form $(r,\\theta),$ where $r > 0$ and $0 \\le \\theta < 2 \\pi.$');
		expect(segments.filter(segment => segment.kind === 'math').map(segment => segment.kind === 'math' && segment.tex))
			.toEqual(['(0,3)', '(r,\\theta),', 'r > 0', '0 \\le \\theta < 2 \\pi.']);
	});
});
