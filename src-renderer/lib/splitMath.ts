/** A piece of problem text: plain prose, or TeX to typeset inline or as a display block. */
export type TextSegment =
	| {kind: 'text'; text: string}
	| {kind: 'math'; tex: string; display: boolean};

/** How much TeX one field may send to KaTeX; what is past it stays as its source text. */
export interface MathBudget {
	/** Expressions typeset per field. Defaults to `100`. */
	maxExpressions: number;
	/** Characters of TeX typeset per field, all expressions together. Defaults to `4000`. */
	maxTexChars: number;
}

/**
 * Room for real problems many times over (the built-in sets' questions hold at most 31 expressions and 331
 * characters of TeX, MATH500's), while a hostile row of 100,000 characters costs KaTeX no more than a long problem
 * (figure in `npm run bench`, the math bench).
 */
export const defaultMathBudget: MathBudget = {maxExpressions: 100, maxTexChars: 4000};

export interface SplitText {
	segments: TextSegment[];
	/** Math expressions past the budget, left in the text as their source. */
	untypeset: number;
}

const delimiters = [
	{open: '$$', close: '$$', display: true},
	{open: '\\[', close: '\\]', display: true},
	{open: '\\(', close: '\\)', display: false},
	{open: '$', close: '$', display: false}
] as const;

/** The index in `delimiters` of the opener at `i` (the first that matches, so `$$` before `$`), or -1. */
function openerAt(text: string, i: number): number {
	const next = text[i + 1];
	if (text[i] === '$')
		return next === '$' ? 0 : 3;
	if (text[i] === '\\')
		return next === '[' ? 1 : next === '(' ? 2 : -1;
	return -1;
}

/**
 * Splits text into prose and math at the usual TeX delimiters (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`). An escaped `\$`
 * is a dollar sign, and an opener with no closer is left as prose. Single `$` follows Pandoc's rule — the opener has
 * no space after it, the closer no space before it and no digit after it — so "$2 … $3" in word problems stays text.
 * Linear in the text's length: each kind of closer is searched for by one forward scan shared by all its openers (an
 * unclosed opener used to rescan the rest of the text, so 50,000 of them took minutes). Math past `budget` becomes
 * prose, counted in `untypeset`.
 */
export function splitMath(text: string, budget: MathBudget = defaultMathBudget): SplitText {
	const segments: TextSegment[] = [];
	const closers = delimiters.map(delimiter => forwardSearch(text, delimiter.close));
	// Prose is kept as the range [proseFrom, i) of the text plus what came before an unescaped `\$`, so a long
	// stretch of prose costs one slice, not a string built character by character.
	let prose = '';
	let proseFrom = 0;
	let untypeset = 0;
	let expressions = 0;
	let texChars = 0;
	let i = 0;
	const flushProse = () => {
		prose += text.slice(proseFrom, i);
		if (prose)
			segments.push({kind: 'text', text: prose});
		prose = '';
	};

	while (i < text.length) {
		const char = text[i];
		if (char !== '\\' && char !== '$') {
			i++;
			continue;
		}
		if (char === '\\' && text[i + 1] === '$') {
			prose += text.slice(proseFrom, i) + '$';
			i += 2;
			proseFrom = i;
			continue;
		}
		const kind = openerAt(text, i);
		const delimiter = delimiters[kind];
		if (delimiter && !(delimiter.open === '$' && /\s/.test(text[i + 1] ?? ' '))) {
			const close = closers[kind]!(i + delimiter.open.length);
			const tex = close >= 0 ? text.slice(i + delimiter.open.length, close) : '';
			if (close >= 0 && tex.trim() !== '') {
				const end = close + delimiter.close.length;
				if (untypeset === 0 && expressions < budget.maxExpressions && texChars + tex.length <= budget.maxTexChars) {
					flushProse();
					segments.push({kind: 'math', tex, display: delimiter.display});
					expressions++;
					texChars += tex.length;
					proseFrom = end;
				} else
					// Once one expression is over the budget the rest of the field is prose, so the note can say where typesetting stopped.
					untypeset++;
				i = end;
				continue;
			}
		}
		i++;
	}
	flushProse();
	return {segments, untypeset};
}

/** The first closer at or after a position, or -1; positions asked for must not decrease. */
type ForwardSearch = (from: number) => number;

/**
 * The answer for `from` stays right for every later `from` up to it, and -1 stays right for every later `from`, so
 * the text is scanned at most once per closer kind. That holds because whether a `$` is escaped does not depend on
 * where a scan starts: `from` always follows an opener ending in `$` (for `$`, `$$`), never inside a run of backslashes.
 */
function forwardSearch(text: string, close: string): ForwardSearch {
	let searchedFrom = -1;
	let found = -1;
	return from => {
		if (searchedFrom < 0 || (found >= 0 && from > found)) {
			found = findClose(text, close, from);
			searchedFrom = from;
		}
		return found;
	};
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
