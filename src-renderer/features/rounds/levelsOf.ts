/** The keys (levels) of per-level records, together and sorted; absent records add none. */
export function levelsOf(records: readonly (Record<string, unknown> | null | undefined)[]): string[] {
	return [...new Set(records.flatMap(record => record ? Object.keys(record) : []))].sort();
}
