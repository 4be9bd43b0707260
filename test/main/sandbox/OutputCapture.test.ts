import {describe, expect, it} from 'vitest';
import {OutputCapture} from '../../../src-main/sandbox/process/OutputCapture.js';

describe('OutputCapture', () => {
	it('keeps output under the cap verbatim', () => {
		const capture = new OutputCapture(100);
		capture.append('a'.repeat(60));
		capture.append('b'.repeat(40));
		expect(capture.truncated).toBe(false);
		expect(capture.text()).toBe('a'.repeat(60) + 'b'.repeat(40));
	});

	it('keeps the first and last halves of a flood and says how much was dropped', () => {
		const capture = new OutputCapture(100);
		capture.append('H'.repeat(30));
		capture.append('x'.repeat(500));
		capture.append('T'.repeat(50));
		expect(capture.truncated).toBe(true);
		expect(capture.text()).toBe(`${'H'.repeat(30)}${'x'.repeat(20)}\n…[480 bytes truncated]…\n${'T'.repeat(50)}`);
	});

	it('handles a single chunk larger than the cap', () => {
		const capture = new OutputCapture(10);
		capture.append('0123456789abcdefghij');
		expect(capture.text()).toBe('01234\n…[10 bytes truncated]…\nfghij');
	});
});
