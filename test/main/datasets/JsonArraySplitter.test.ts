import {describe, expect, it} from 'vitest';
import {JsonArraySplitter, type JsonElement} from '../../../src-main/datasets/JsonArraySplitter.js';

function split(text: string | Buffer, chunkSize = Infinity): JsonElement[] {
	const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
	const splitter = new JsonArraySplitter();
	const out: JsonElement[] = [];
	for (let i = 0; i < bytes.length; i += Math.min(chunkSize, bytes.length))
		out.push(...splitter.push(bytes.subarray(i, i + chunkSize)));
	splitter.end();
	return out;
}

const tricky = `[
  {"q": "a ] b", "a": "x, y"},
  {"q": "escaped \\" quote ] {", "nested": [1, [2, {"k": "]"}]]},
  "plain string",
  42,
  {"q": "ünïcödé — ∑"}
]`;

describe('JsonArraySplitter', () => {
	it('splits elements whatever the strings and nesting hold', () => {
		const elements = split(tricky);
		expect(elements.map(element => JSON.parse(element.bytes.toString()))).toEqual(JSON.parse(tricky));
		expect(elements.map(element => element.line)).toEqual([2, 3, 4, 5, 6]);
		expect(elements.map(element => element.row)).toEqual([1, 2, 3, 4, 5]);
	});

	it('gives the same elements when bytes arrive one at a time (chunk boundaries inside UTF-8 and escapes)', () => {
		const whole = split(tricky).map(element => element.bytes.toString());
		for (const size of [1, 2, 3, 7])
			expect(split(tricky, size).map(element => element.bytes.toString())).toEqual(whole);
	});

	it('skips a UTF-8 byte-order mark and reads an empty array', () => {
		expect(split(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"q":1}]')]))).toHaveLength(1);
		expect(split('  [ ]  ')).toEqual([]);
	});

	it.each([
		['{"q": 1}', /line 1, column 1: expected a JSON array/],
		['', /the file is empty/],
		['[{"q": 1},]', /unexpected "]" where an array element should start/],
		['[{"q": 1}, , {"q": 2}]', /unexpected ","/],
		['[{"q": 1}] trailing', /unexpected content after the end of the array/],
		['[\n{"q": 1},\n{"q": "never closed', /not closed \(the file ends inside row 2, which starts at line 3\)/]
	])('refuses %j naming where', (text, message) => {
		expect(() => split(text)).toThrow(message);
	});
});
