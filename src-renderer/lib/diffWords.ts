import {diffTokens, type DiffToken} from './diffTokens';

/**
 * Word diff of two steps: words and the whitespace between them are the tokens, so the pieces join back into each
 * text exactly; neighbouring tokens of one kind are merged into one piece. What `a` has that `b` lacks is `removed`,
 * the reverse `added`.
 */
export function diffWords(a: string, b: string): DiffToken[] {
	const merged: DiffToken[] = [];
	for (const token of diffTokens(words(a), words(b))) {
		const last = merged.at(-1);
		if (last?.kind === token.kind)
			last.text += token.text;
		else
			merged.push({...token});
	}
	return merged;
}

function words(text: string): string[] {
	return text.match(/\s+|[^\s]+/g) ?? [];
}
