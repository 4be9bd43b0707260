import {describe, expect, it} from 'vitest';
import {toCsv} from '../../src-renderer/lib/csv';

describe('toCsv', () => {
	it('writes a header and rows, numbers as printed and null as an empty cell, lines ending in CRLF', () => {
		expect(toCsv([['n', 'mean'], [1, 0.5], [2, null]])).toBe('n,mean\r\n1,0.5\r\n2,\r\n');
	});

	it('quotes cells holding a comma, a quote or a line break, doubling the quotes', () => {
		expect(toCsv([['a,b', 'say "hi"', 'two\nlines', 'plain']])).toBe('"a,b","say ""hi""","two\nlines",plain\r\n');
	});
});
