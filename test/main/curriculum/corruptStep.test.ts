import {describe, expect, it} from 'vitest';
import {corruptStep} from '../../../src-main/curriculum/corruptStep.js';
import {Random} from '../../../src-main/curriculum/Random.js';

describe('corruptStep', () => {
	it('changes exactly one number or one operator, and is a pure function of its seed', () => {
		const code = 'total = 12 + 30\nleft = total - 4.5';
		const seen = new Set<string>();
		for (let seed = 0; seed < 40; seed++) {
			const wrong = corruptStep(code, new Random(seed))!;
			expect(wrong).not.toBe(code);
			expect(corruptStep(code, new Random(seed))).toBe(wrong);
			const before = code.split(/(\d+(?:\.\d+)?|[+\-*/]+)/);
			const after = wrong.split(/(\d+(?:\.\d+)?|\/\/|[+\-*/])/);
			expect(after.length).toBe(before.length);
			expect(before.filter((part, i) => part !== after[i])).toHaveLength(1);
			seen.add(wrong);
		}
		expect(seen.size).toBeGreaterThan(5);
	});

	it('leaves names alone and gives up on code with nothing to change', () => {
		expect(corruptStep('print(total)', new Random(1))).toBeNull();
		for (let seed = 0; seed < 20; seed++)
			expect(corruptStep('x2 = y1 * 3', new Random(seed))).toMatch(/^x2 = y1 /);
	});
});
