import {describe, expect, it} from 'vitest';
import {diffLines} from '../../src-renderer/lib/diffLines.js';

describe('diffLines', () => {
	it('keeps common lines and marks what each side alone has', () => {
		expect(diffLines('# add\nx = 3 + 4\nprint(x)', '# add\nx = 3 - 4\nprint(x)')).toEqual([
			{kind: 'same', text: '# add'},
			{kind: 'added', text: 'x = 3 - 4'},
			{kind: 'removed', text: 'x = 3 + 4'},
			{kind: 'same', text: 'print(x)'}
		]);
		expect(diffLines('a', 'a')).toEqual([{kind: 'same', text: 'a'}]);
		const lines = diffLines('a\nb\nc', 'x\nb\ny\nz');
		expect(lines.filter(line => line.kind !== 'added').map(line => line.text)).toEqual(['a', 'b', 'c']);
		expect(lines.filter(line => line.kind !== 'removed').map(line => line.text)).toEqual(['x', 'b', 'y', 'z']);
	});
});
