/** Unit words dropped after a number ("5 cm" is 5). Lower case, singular and plural. */
const unitWords = [
	'degrees?', 'cm', 'mm', 'km', 'm', 'meters?', 'metres?', 'centimeters?', 'kilometers?', 'inch(?:es)?', 'in', 'feet', 'foot', 'ft',
	'yards?', 'miles?', 'units?', 'square units?', 'sq(?:uare)? (?:units|feet|meters|inches|cm|m|ft)', 'cubic (?:units|feet|meters|inches|cm)',
	'dollars?', 'cents?', 'euros?', 'pounds?', 'hours?', 'hrs?', 'minutes?', 'mins?', 'seconds?', 'secs?', 'days?', 'weeks?', 'months?', 'years?',
	'mph', 'kg', 'grams?', 'g', 'lbs?', 'liters?', 'litres?', 'ml', 'gallons?', 'people', 'students?', 'apples?', 'points?', 'times', 'ways'
];
const trailingUnits = new RegExp(`^(.*?\\d)\\s*(?:\\\\(?:text|mbox|mathrm)\\{\\s*)?(?:${unitWords.join('|')})\\s*\\}?\\s*(?:\\^?\\{?[23]\\}?)?$`, 'i');

/** The normalised answer, and whether it was written as a percentage. */
export interface NormalizedAnswer {
	text: string;
	percent: boolean;
}

/**
 * Rewrites an answer into one canonical spelling, so that the ways one answer is written compare equal as strings
 * and parse as one expression: LaTeX spacing and sizing dropped, `\dfrac`/`\tfrac`/`\frac12` unified, `\text{}`
 * unwrapped, units, degrees, `$`, thousands separators and a trailing `.0` removed, `x = 5` reduced to `5`.
 */
export function normalizeAnswer(raw: string, options: {keepAssignment?: boolean} = {}): NormalizedAnswer {
	let s = raw.trim();
	s = s.replace(/^\$+|\$+$/g, '').replace(/^\\\(|\\\)$/g, '').replace(/^\\\[|\\\]$/g, '').trim();
	s = s.replace(/\\(?:left|right|big|Big|bigg|Bigg)(?![a-zA-Z])\s*/g, '');
	s = s.replace(/\\(?:displaystyle|textstyle|scriptstyle|limits)(?![a-zA-Z])/g, '');
	s = s.replace(/\\[,;:! ]|\\quad|\\qquad|~/g, ' ');
	s = s.replace(/\\[dt]frac/g, '\\frac');
	s = s.replace(/\\(?:mathrm|mathbf|textbf|textit|mathit|operatorname|mbox|text)\s*\{([^{}]*)\}/g, '$1');
	s = s.replace(/\\textdollar|\\\$/g, '');
	s = s.replace(/\^\s*\{?\s*\\circ\s*\}?|°|\\degree/g, '');

	let percent = false;
	if (/\\?%\s*$/.test(s)) {
		percent = true;
		s = s.replace(/\\?%\s*$/, '');
	}

	// "x = 5", "y=\frac12": an answer that names its variable; not "x+y=3" (an equation is an answer itself).
	const assignment = options.keepAssignment ? null : /^\s*[a-zA-Z](?:_\{?\w+\}?)?\s*=\s*(?!=)(.+)$/s.exec(s);
	if (assignment && !/=/.test(assignment[1]!))
		s = assignment[1]!;

	s = s.trim().replace(/\.$/, '').trim();
	const unit = trailingUnits.exec(s);
	if (unit)
		s = unit[1]!;

	s = expandShortFractions(s);
	// TeX reads \sqrt13 as \sqrt{1}3: one character is the radicand.
	s = s.replace(/\\sqrt\s*([0-9a-zA-Z])/g, '\\sqrt{$1}');
	// Thousands separators, only where the whole answer is one such number (a tuple "(1,000)" keeps its comma).
	if (/^-?\d{1,3}(?:(?:,|\s)\d{3})+(?:\.\d+)?$/.test(s.trim()))
		s = s.replace(/[,\s]/g, '');
	s = s.replace(/\s+/g, ' ').trim();
	s = s.replace(/(^|[^\d.])\.(\d)/g, '$10.$2');
	s = s.replace(/(\d)\.0+(?!\d)/g, '$1');
	s = s.replace(/(\d\.\d*?[1-9])0+(?!\d)/g, '$1');
	return {text: s, percent};
}

/** `\frac12` → `\frac{1}{2}`, `\frac1{x}` → `\frac{1}{x}`, `\frac{a}b` → `\frac{a}{b}`. */
function expandShortFractions(s: string): string {
	let out = '';
	for (let i = 0; i < s.length;) {
		if (!s.startsWith('\\frac', i)) {
			out += s[i];
			i++;
			continue;
		}
		let j = i + '\\frac'.length;
		const args: string[] = [];
		while (args.length < 2 && j < s.length) {
			while (s[j] === ' ')
				j++;
			if (s[j] === '{') {
				const end = matchingBrace(s, j);
				if (end < 0)
					break;
				args.push(s.slice(j + 1, end));
				j = end + 1;
			} else if (s[j] !== undefined && /[\w]/.test(s[j]!)) {
				args.push(s[j]!);
				j++;
			} else
				break;
		}
		if (args.length < 2) {
			out += s.slice(i, j);
			i = j;
			continue;
		}
		out += `\\frac{${expandShortFractions(args[0]!)}}{${expandShortFractions(args[1]!)}}`;
		i = j;
	}
	return out;
}

/** Index of the `}` closing the `{` at `open`, or -1. */
export function matchingBrace(s: string, open: number): number {
	let depth = 0;
	for (let i = open; i < s.length; i++) {
		if (s[i] === '\\') {
			i++;
			continue;
		}
		if (s[i] === '{')
			depth++;
		else if (s[i] === '}' && --depth === 0)
			return i;
	}
	return -1;
}
