import {describe, expect, it} from 'vitest';
import {splitMath, type TextSegment} from '../../src-renderer/lib/splitMath.js';

describe('splitMath', () => {
	it('splits inline and display math from prose', () => {
		expect(splitMath('Let $x^2$ be\n\\[\\sum_k k\\]and $$y$$.').segments).toEqual([
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
		expect(splitMath(text).segments).toEqual([{kind: 'text', text}]);
	});

	it('reads \\$ as a dollar sign and \\(…\\) as inline math', () => {
		expect(splitMath('costs \\$5, and \\(a+b\\)').segments).toEqual([
			{kind: 'text', text: 'costs $5, and '},
			{kind: 'math', tex: 'a+b', display: false}
		]);
	});

	it('leaves an unclosed opener as prose', () => {
		expect(splitMath('an open $x and nothing').segments).toEqual([{kind: 'text', text: 'an open $x and nothing'}]);
	});

	it('handles the MATH500 style', () => {
		const {segments} = splitMath('Convert the point $(0,3)$ in rectangular coordinates to polar coordinates.  Enter your answer in the form $(r,\\theta),$ where $r > 0$ and $0 \\le \\theta < 2 \\pi.$');
		expect(segments.filter(segment => segment.kind === 'math').map(segment => segment.kind === 'math' && segment.tex))
			.toEqual(['(0,3)', '(r,\\theta),', 'r > 0', '0 \\le \\theta < 2 \\pi.']);
	});

	// The attack rows of issue 12: with a rescan per unclosed opener these took 30–60 s each (past the test timeout).
	it.each([
		['"\\(" × 49,999', '\\('.repeat(49_999)],
		['"$a " × 33,333', '$a '.repeat(33_333)],
		['"\\[" × 49,999', '\\['.repeat(49_999)]
	])('keeps a 100,000-character row of unclosed openers as one piece of prose: %s', (_name, text) => {
		expect(splitMath(text)).toEqual({segments: [{kind: 'text', text}], untypeset: 0});
	});

	it('agrees with the definition (a rescan per opener) on random delimiter soup', () => {
		let seed = 12;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		const alphabet = ['$', '$', '\\', '(', ')', '[', ']', ' ', 'a', '1'];
		for (let n = 0; n < 5000; n++) {
			const text = Array.from({length: Math.floor(random() * 24)}, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
			expect(splitMath(text, {maxExpressions: Infinity, maxTexChars: Infinity}).segments, JSON.stringify(text)).toEqual(byDefinition(text));
		}
	});

	it('typesets up to the budget and leaves the rest of the field as its source', () => {
		const text = 'a $x$ b $y$ c \\(z\\) d';
		expect(splitMath(text, {maxExpressions: 2, maxTexChars: 100})).toEqual({
			segments: [
				{kind: 'text', text: 'a '},
				{kind: 'math', tex: 'x', display: false},
				{kind: 'text', text: ' b '},
				{kind: 'math', tex: 'y', display: false},
				{kind: 'text', text: ' c \\(z\\) d'}
			],
			untypeset: 1
		});
		// A long expression over the character budget stops typesetting there, even if a short one follows.
		expect(splitMath('$abcdef$ and $x$', {maxExpressions: 10, maxTexChars: 5})).toEqual({
			segments: [{kind: 'text', text: '$abcdef$ and $x$'}],
			untypeset: 2
		});
	});

	it('typesets at most the default budget of a 100,000-character row of math', () => {
		const {segments, untypeset} = splitMath('$x$ '.repeat(25_000));
		expect(segments.filter(segment => segment.kind === 'math')).toHaveLength(100);
		expect(untypeset).toBe(24_900);
		expect(segments.map(segment => segment.kind === 'text' ? segment.text : `$${segment.tex}$`).join('')).toBe('$x$ '.repeat(25_000));
	});
});

/** The rules of splitMath written the direct way: at each opener, scan the rest of the text for its closer. */
function byDefinition(text: string): TextSegment[] {
	const delimiters = [['$$', '$$', true], ['\\[', '\\]', true], ['\\(', '\\)', false], ['$', '$', false]] as const;
	const segments: TextSegment[] = [];
	let prose = '';
	let i = 0;
	while (i < text.length) {
		if (text.startsWith('\\$', i)) {
			prose += '$';
			i += 2;
			continue;
		}
		const delimiter = delimiters.find(([open]) => text.startsWith(open, i));
		if (delimiter && !(delimiter[0] === '$' && /\s/.test(text[i + 1] ?? ' '))) {
			const [open, close, display] = delimiter;
			let end = -1;
			for (let j = i + open.length; j < text.length && end < 0; j++) {
				if (text[j] === '\\' && close.startsWith('$'))
					j++;
				else if (text.startsWith(close, j) && !(close === '$' && (/\s/.test(text[j - 1]!) || /\d/.test(text[j + 1] ?? ''))))
					end = j;
			}
			const tex = end >= 0 ? text.slice(i + open.length, end) : '';
			if (tex.trim() !== '') {
				if (prose)
					segments.push({kind: 'text', text: prose});
				prose = '';
				segments.push({kind: 'math', tex, display});
				i = end + close.length;
				continue;
			}
		}
		prose += text[i];
		i++;
	}
	if (prose)
		segments.push({kind: 'text', text: prose});
	return segments;
}
