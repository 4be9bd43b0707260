/** Whether a write failed for lack of room: SQLite's SQLITE_FULL (the disk, or the database's page limit) or the OS's ENOSPC. */
export function isDiskFull(error: unknown): boolean {
	const code = (error as {code?: unknown} | null)?.code;
	return code === 'SQLITE_FULL' || code === 'ENOSPC' || /database or disk is full/i.test((error as Error | null)?.message ?? '');
}
