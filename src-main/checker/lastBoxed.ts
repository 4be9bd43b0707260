/**
 * The content of the last `\boxed{…}` (or `\fbox{…}`) in a text, braces balanced, or null when there is none or it
 * is never closed. `\boxed 5` (no braces) yields the token after it.
 */
export function lastBoxed(text: string): string | null {
	const start = Math.max(text.lastIndexOf('\\boxed'), text.lastIndexOf('\\fbox'));
	if (start < 0)
		return null;

	let i = start + (text.startsWith('\\boxed', start) ? '\\boxed'.length : '\\fbox'.length);
	if (text[i] === ' ') {
		const token = /^ +([^\s$]+)/.exec(text.slice(i));
		return token ? token[1]! : null;
	}
	if (text[i] !== '{')
		return null;

	let depth = 0;
	for (let j = i; j < text.length; j++) {
		const char = text[j];
		if (char === '\\') {
			j++;
			continue;
		}
		if (char === '{')
			depth++;
		else if (char === '}' && --depth === 0)
			return text.slice(i + 1, j);
	}
	return null;
}
