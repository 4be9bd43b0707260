/** SQL migrations are bundled as text (esbuild's `text` loader, and the same transform under Vitest). */
declare module '*.sql' {
	const sql: string;
	export default sql;
}

/** The sandbox's Python helpers, bundled as text the same way. */
declare module '*.py' {
	const source: string;
	export default source;
}
