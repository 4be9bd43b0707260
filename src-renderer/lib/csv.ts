/** A cell of a CSV row: numbers as JavaScript prints them, null as an empty cell. */
export type CsvCell = string | number | null;

/**
 * Rows as CSV (RFC 4180): a cell holding a comma, a quote or a line break is quoted, its quotes doubled; lines end
 * with CRLF.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
	return rows.map(row => row.map(cell => {
		const text = cell === null ? '' : String(cell);
		return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	}).join(',')).join('\r\n') + '\r\n';
}
