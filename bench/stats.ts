/** p-th percentile (0–100) of some numbers, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))] ?? NaN;
}

export function formatMs(ms: number): string {
	return Number.isFinite(ms) ? `${ms.toFixed(ms < 10 ? 2 : 1)} ms` : 'n/a';
}

/** Prints one titled table of label → figure rows. */
export function printTable(title: string, rows: [string, string][]): void {
	const width = Math.max(...rows.map(([label]) => label.length));
	process.stdout.write(`\n${title}\n${'-'.repeat(title.length)}\n`);
	for (const [label, value] of rows)
		process.stdout.write(`  ${label.padEnd(width)}  ${value}\n`);
}
