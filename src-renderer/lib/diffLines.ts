export interface DiffLine {
	kind: 'same' | 'removed' | 'added';
	text: string;
}

/**
 * Line diff of two steps (longest common subsequence): what `a` has that `b` lacks is `removed`, the reverse `added`.
 * Quadratic, which is fine for steps of a few dozen lines.
 */
export function diffLines(a: string, b: string): DiffLine[] {
	const left = a.split('\n');
	const right = b.split('\n');
	// common[i][j]: length of the LCS of left[i..] and right[j..].
	const common = Array.from({length: left.length + 1}, () => new Int32Array(right.length + 1));
	for (let i = left.length - 1; i >= 0; i--)
		for (let j = right.length - 1; j >= 0; j--)
			common[i]![j] = left[i] === right[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
	const lines: DiffLine[] = [];
	let i = 0;
	let j = 0;
	while (i < left.length || j < right.length) {
		if (i < left.length && j < right.length && left[i] === right[j]) {
			lines.push({kind: 'same', text: left[i++]!});
			j++;
		} else if (j < right.length && (i === left.length || common[i]![j + 1]! >= common[i + 1]![j]!))
			lines.push({kind: 'added', text: right[j++]!});
		else
			lines.push({kind: 'removed', text: left[i++]!});
	}
	return lines;
}
