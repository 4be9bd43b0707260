/**
 * Code split into its leading `#` lines (without the `#`: the natural-language comment of code-augmented CoT) and the
 * code after them.
 */
export function splitComment(code: string): {comment: string; code: string} {
	const lines = code.split('\n');
	const end = lines.findIndex(line => !line.trim().startsWith('#'));
	const cut = end === -1 ? lines.length : end;
	return {
		comment: lines.slice(0, cut).map(line => line.trim().replace(/^#\s?/, '')).join('\n').trim(),
		code: lines.slice(cut).join('\n').trim()
	};
}
