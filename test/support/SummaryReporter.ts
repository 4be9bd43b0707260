import type {Reporter, TestModule} from 'vitest/node';

/** Ends the run with the plain line CI reads: `tests: N passed, N failed, N skipped`. */
export default class SummaryReporter implements Reporter {
	public onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
		const counts = {passed: 0, failed: 0, skipped: 0};
		for (const testModule of testModules) {
			// A file that fails to load has no tests to count; it still failed.
			if (testModule.errors().length > 0)
				counts.failed++;
			for (const test of testModule.children.allTests()) {
				const state = test.result().state;
				if (state === 'passed' || state === 'failed')
					counts[state]++;
				else
					counts.skipped++;
			}
		}
		process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
	}
}
