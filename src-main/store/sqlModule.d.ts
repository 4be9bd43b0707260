/** SQL files are bundled as text (esbuild's `text` loader, and the same transform under Vitest). */
declare module '*.sql' {
	const sql: string;
	export default sql;
}
