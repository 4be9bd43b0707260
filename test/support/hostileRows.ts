/**
 * The rows of issue 12 that escaped the row checks: a 1,000,000-character string and a NUL nested in `extra`, meta
 * nested 5,000 deep (it overflowed the stack of the store's JSON.stringify), 3,000 deep (it rendered 18 MB of
 * indentation), between two good rows.
 */
export function hostileNestedRows(): string {
	const good = (n: number) => JSON.stringify({question: `good ${n}`, answer: String(n)});
	const deep = (levels: number) => `{"question": "deep", "answer": "1", "meta": ${'{"a": '.repeat(levels)}1${'}'.repeat(levels)}}`;
	return [
		good(1),
		JSON.stringify({question: 'long', answer: '1', extra: {s: 'x'.repeat(1_000_000)}}),
		deep(5000),
		JSON.stringify({question: 'nul', answer: '1', extra: {n: '\u0000'}}),
		deep(3000),
		good(2)
	].join('\n') + '\n';
}
