/** A piece of problem text: plain prose, or TeX to typeset inline or as a display block. */
export type TextSegment =
	| {kind: 'text'; text: string}
	| {kind: 'math'; tex: string; display: boolean};

const delimiters = [
	{open: '$$', close: '$$', display: true},
	{open: '\\[', close: '\\]', display: true},
	{open: '\\(', close: '\\)', display: false},
	{open: '$', close: '$', display: false}
] as const;

/**
 * Splits text into prose and math at the usual TeX delimiters (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`). An escaped `\$`
 * is a dollar sign, and an opener with no closer is left as prose. Single `$` follows Pandoc's rule — the opener has
 * no space after it, the closer no space before it and no digit after it — so "$2 … $3" in word problems stays text.
 */
export function splitMath(text: string): TextSegment[] {
	const segments: TextSegment[] = [];
	let prose = '';
	let i = 0;
	const flushProse = () => {
		if (prose) {
			segments.push({kind: 'text', text: prose});
			prose = '';
		}
	};

	while (i < text.length) {
		if (text[i] === '\\' && text[i + 1] === '$') {
			prose += '$';
			i += 2;
			continue;
		}
		const delimiter = delimiters.find(candidate => text.startsWith(candidate.open, i));
		if (delimiter && !(delimiter.open === '$' && /\s/.test(text[i + 1] ?? ' '))) {
			const close = findClose(text, delimiter.close, i + delimiter.open.length);
			const tex = close >= 0 ? text.slice(i + delimiter.open.length, close) : '';
			if (close >= 0 && tex.trim() !== '') {
				flushProse();
				segments.push({kind: 'math', tex, display: delimiter.display});
				i = close + delimiter.close.length;
				continue;
			}
		}
		prose += text[i];
		i++;
	}
	flushProse();
	return segments;
}

function findClose(text: string, close: string, from: number): number {
	for (let j = from; j < text.length; j++) {
		if (text[j] === '\\' && close !== '\\]' && close !== '\\)') {
			j++;
			continue;
		}
		if (text.startsWith(close, j) && !(close === '$' && (/\s/.test(text[j - 1]!) || /\d/.test(text[j + 1] ?? ''))))
			return j;
	}
	return -1;
}
