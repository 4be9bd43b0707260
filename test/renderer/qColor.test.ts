import {describe, expect, it} from 'vitest';
import {nodeSize, qColor, qScale} from '../../src-renderer/lib/qColor.js';

const hex = (rgb: readonly number[]) => `#${rgb.map(c => c.toString(16).padStart(2, '0')).join('')}`;

describe('qColor', () => {
	it('maps Q to a diverging red–grey–blue scale, clamped to [−1, 1]', () => {
		for (const stop of qScale)
			expect(qColor(stop.q)).toBe(hex(stop.color));
		expect(qColor(-7)).toBe(qColor(-1));
		expect(qColor(3)).toBe(qColor(1));
		expect(qColor(Number.NaN)).toBe(qColor(0));
		expect(qColor(0.25)).toBe('#abccdf');
	});

	it('sizes nodes by visits, growing and capped', () => {
		expect(nodeSize(0)).toBe(14);
		expect(nodeSize(3)).toBeGreaterThan(nodeSize(1));
		expect(nodeSize(1e9)).toBe(64);
	});
});
