import {describe, expect, it} from 'vitest';
import {diffWords} from '../../src-renderer/lib/diffWords.js';

describe('diffWords', () => {
	it('marks the words that differ and keeps the rest as one piece', () => {
		expect(diffWords('x = 3 + 4\nprint(x)', 'x = 3 - 4\nprint(x)')).toEqual([
			{kind: 'same', text: 'x = 3 '},
			{kind: 'added', text: '-'},
			{kind: 'removed', text: '+'},
			{kind: 'same', text: ' 4\nprint(x)'}
		]);
	});

	it('joins back into either text', () => {
		const pieces = diffWords('a  b c\td', 'a b x d e');
		expect(pieces.filter(piece => piece.kind !== 'added').map(piece => piece.text).join('')).toBe('a  b c\td');
		expect(pieces.filter(piece => piece.kind !== 'removed').map(piece => piece.text).join('')).toBe('a b x d e');
	});
});
