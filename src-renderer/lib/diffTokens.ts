export interface DiffToken {
	kind: 'same' | 'removed' | 'added';
	text: string;
}

/**
 * Diff of two token sequences by their longest common subsequence: what `left` has that `right` lacks is `removed`,
 * the reverse `added`. Quadratic in time and memory, which is fine for the steps of a search (a few hundred tokens).
 */
export function diffTokens(left: readonly string[], right: readonly string[]): DiffToken[] {
	// common[i][j]: length of the LCS of left[i..] and right[j..].
	const common = Array.from({length: left.length + 1}, () => new Int32Array(right.length + 1));
	for (let i = left.length - 1; i >= 0; i--)
		for (let j = right.length - 1; j >= 0; j--)
			common[i]![j] = left[i] === right[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
	const tokens: DiffToken[] = [];
	let i = 0;
	let j = 0;
	while (i < left.length || j < right.length) {
		if (i < left.length && j < right.length && left[i] === right[j]) {
			tokens.push({kind: 'same', text: left[i++]!});
			j++;
		} else if (j < right.length && (i === left.length || common[i]![j + 1]! >= common[i + 1]![j]!))
			tokens.push({kind: 'added', text: right[j++]!});
		else
			tokens.push({kind: 'removed', text: left[i++]!});
	}
	return tokens;
}
