import type {Agreement} from '../contract/curation.js';

/**
 * Raw agreement and Cohen's κ of two raters over the same items, one (a, b) category pair per item:
 * κ = (p_o − p_e) / (1 − p_e), p_e from each rater's own category shares. Null where undefined: no items, or both
 * raters always giving the one same category (p_e = 1). Five lines of arithmetic: no statistics library needed.
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): Agreement {
	const n = pairs.length;
	if (n === 0)
		return {n, raw: null, kappa: null};
	const observed = pairs.filter(([a, b]) => a === b).length / n;
	const shares = (side: 0 | 1) => {
		const counts = new Map<string, number>();
		for (const pair of pairs)
			counts.set(pair[side], (counts.get(pair[side]) ?? 0) + 1);
		return counts;
	};
	const first = shares(0);
	const second = shares(1);
	let expected = 0;
	for (const [category, count] of first)
		expected += (count / n) * ((second.get(category) ?? 0) / n);
	return {n, raw: observed, kappa: expected === 1 ? null : (observed - expected) / (1 - expected)};
}
