export type PythonTokenKind = 'keyword' | 'builtin' | 'string' | 'number' | 'comment' | 'decorator' | 'plain';

export interface PythonToken {
	kind: PythonTokenKind;
	text: string;
}

const keywords = new Set([
	'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
	'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
	'return', 'try', 'while', 'with', 'yield', 'match', 'case'
]);
const builtins = new Set([
	'abs', 'all', 'any', 'bool', 'dict', 'divmod', 'enumerate', 'filter', 'float', 'int', 'len', 'list', 'map', 'max', 'min',
	'pow', 'print', 'range', 'reversed', 'round', 'set', 'sorted', 'str', 'sum', 'tuple', 'type', 'zip', 'isinstance', 'self'
]);

/** One alternative per token kind, tried in this order at each position (sticky): strings before names (`f"…"`). */
const scanner = new RegExp([
	/(?<comment>#[^\n]*)/.source,
	/(?<string>[rRbBuUfF]{0,2}(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?))/.source,
	/(?<number>\b(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?j?)\b)/.source,
	/(?<decorator>@[A-Za-z_][\w.]*)/.source,
	/(?<name>[A-Za-z_]\w*)/.source,
	/(?<other>\s+|[^\sA-Za-z_#"'\d@]+|.)/.source
].join('|'), 'y');

/**
 * Splits Python into tokens for display: a small scanner, no eval and no HTML (the view renders each token as a
 * React text node in a span), so model-written code can never inject markup. Neighbouring plain tokens are merged.
 */
export function highlightPython(code: string): PythonToken[] {
	const tokens: PythonToken[] = [];
	scanner.lastIndex = 0;
	while (scanner.lastIndex < code.length) {
		const match = scanner.exec(code)!;
		const groups = match.groups!;
		const text = match[0];
		const kind: PythonTokenKind = groups.comment !== undefined ? 'comment'
			: groups.string !== undefined ? 'string'
				: groups.number !== undefined ? 'number'
					: groups.decorator !== undefined ? 'decorator'
						: groups.name !== undefined ? keywords.has(text) ? 'keyword' : builtins.has(text) ? 'builtin' : 'plain'
							: 'plain';
		const last = tokens.at(-1);
		if (kind === 'plain' && last?.kind === 'plain')
			last.text += text;
		else
			tokens.push({kind, text});
	}
	return tokens;
}
