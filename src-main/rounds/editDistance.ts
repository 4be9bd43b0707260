/**
 * Levenshtein distance (insertions, deletions and substitutions, each costing 1) between two strings counted in Unicode
 * code points, as the `editdistance` package that the reference's train/sample_rm_data.py uses counts a Python `str`
 * (a UTF-16 count would make each character outside the BMP two edits).
 */
export function editDistance(a: string, b: string): number {
	const source = Array.from(a, char => char.codePointAt(0)!);
	const target = Array.from(b, char => char.codePointAt(0)!);
	let previous = Int32Array.from({length: target.length + 1}, (_, j) => j);
	let current = new Int32Array(target.length + 1);
	for (let i = 1; i <= source.length; i++) {
		current[0] = i;
		for (let j = 1; j <= target.length; j++) {
			const substitution = previous[j - 1]! + (source[i - 1] === target[j - 1] ? 0 : 1);
			current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
		}
		[previous, current] = [current, previous];
	}
	return previous[target.length]!;
}
