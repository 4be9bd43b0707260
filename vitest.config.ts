import {defineConfig, type Plugin} from 'vitest/config';

/** The same as esbuild's `text` loader in scripts/build.mjs: SQL migrations and the sandbox's Python are bundled as strings. */
const textFiles: Plugin = {
	name: 'text-files',
	transform(code, id) {
		return /\.(sql|py)$/.test(id) ? {code: `export default ${JSON.stringify(code)};`, map: null} : undefined;
	}
};

export default defineConfig({
	plugins: [textFiles],
	test: {
		include: ['test/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// Two cores: the e2e and CLI suites start processes of their own, so files run two at a time at most.
		maxWorkers: 2,
		// The tiny policy as every suite's default (the shipped default is the larger SmolLM2 policy, where installed):
		// tests that mean another model name it. Child processes (rstar serve, the CLI) inherit it.
		env: {RSTAR_DEFAULT_POLICY: 'resources/models/tiny-policy-r0.gguf'},
		reporters: ['default', './test/support/SummaryReporter.ts']
	}
});
