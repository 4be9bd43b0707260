import {describe, expect, it} from 'vitest';
import {duration, figure, percent} from '../../src-renderer/lib/format';

describe('format', () => {
	it('writes rates as percentages with one decimal, none as a dash', () => {
		expect(percent(0.675)).toBe('67.5 %');
		expect(percent(0)).toBe('0.0 %');
		expect(percent(null)).toBe('—');
	});

	it('writes durations in the two largest units that matter', () => {
		expect(duration(45.4)).toBe('45 s');
		expect(duration(200)).toBe('3 min 20 s');
		expect(duration(7500)).toBe('2 h 5 min');
		expect(duration(null)).toBe('—');
		expect(duration(Infinity)).toBe('—');
	});

	it('writes figures with grouped thousands, and small ones to significant digits', () => {
		expect(figure(1265)).toBe('1,265');
		expect(figure(0.41234)).toBe('0.412');
		expect(figure(0.000131)).toBe('0.000131');
		expect(figure(12345.678, 0)).toBe('12,346');
		expect(figure(undefined)).toBe('—');
	});
});
