import {describe, expect, it} from 'vitest';
import {highlightPython} from '../../src-renderer/lib/highlightPython.js';

describe('highlightPython', () => {
	it('marks keywords, builtins, strings, numbers and comments, and loses no character', () => {
		const code = '# total apples\nfrom sympy import Rational\ndef f(x):\n    return x + 3.5e2  # add\nprint(f"{x}", \'it\\\'s\', 0x1F)\n';
		const tokens = highlightPython(code);
		expect(tokens.map(token => token.text).join('')).toBe(code);
		const of = (kind: string) => tokens.filter(token => token.kind === kind).map(token => token.text);
		expect(of('comment')).toEqual(['# total apples', '# add']);
		expect(of('keyword')).toEqual(['from', 'import', 'def', 'return']);
		expect(of('builtin')).toEqual(['print']);
		expect(of('string')).toEqual(['f"{x}"', '\'it\\\'s\'']);
		expect(of('number')).toEqual(['3.5e2', '0x1F']);
	});

	it('reads triple-quoted and unterminated strings to their end, and treats markup as text', () => {
		const code = 's = """a\n"b"\n"""\nt = "<img src=x onerror=alert(1)>\nu = \'open';
		const tokens = highlightPython(code);
		expect(tokens.map(token => token.text).join('')).toBe(code);
		expect(tokens.filter(token => token.kind === 'string').map(token => token.text)).toEqual(['"""a\n"b"\n"""', '"<img src=x onerror=alert(1)>', '\'open']);
	});
});
