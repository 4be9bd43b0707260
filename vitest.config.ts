import {defineConfig, type Plugin} from 'vitest/config';

/** The same as esbuild's `text` loader in scripts/build.mjs: migrations are .sql files bundled as strings. */
const sqlAsText: Plugin = {
	name: 'sql-as-text',
	transform(code, id) {
		return id.endsWith('.sql') ? {code: `export default ${JSON.stringify(code)};`, map: null} : undefined;
	}
};

export default defineConfig({
	plugins: [sqlAsText],
	test: {
		include: ['test/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Two cores: the e2e and CLI suites start processes of their own, so files run two at a time at most.
		maxWorkers: 2,
		reporters: ['default', './test/support/SummaryReporter.ts']
	}
});
