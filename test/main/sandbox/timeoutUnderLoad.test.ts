import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PyodideExecutorPool} from '../../../src-main/sandbox/PyodideExecutorPool.js';

// A program that ignores the soft interrupt is killed with its interpreter, and the next run on that process waits
// for a fresh interpreter. On a loaded machine that wait used to count against the next run's time, and the parent
// killed the process as unresponsive: a timeout came back as a sandbox failure. A timeout is a timeout, whatever the
// load: here four sandbox processes on a machine of two cores (where the suite runs), replacing interpreters at once.

const ignoresSigint = 'import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass';
const swallowsInterrupt = 'while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass';

describe('sandbox: timeouts under load', () => {
	let pool: PyodideExecutorPool;

	beforeAll(async () => {
		// Four processes (the most the app starts) for eight runs: each process replaces its interpreter mid-batch.
		pool = new PyodideExecutorPool({size: 4, cacheEntries: 0});
		await pool.ready();
	}, 180_000);
	afterAll(() => pool?.close());

	it('eight concurrent runs that ignore the interrupt all report timedOut', async () => {
		const programs = Array.from({length: 8}, (_, index) => index % 2 === 0 ? ignoresSigint : swallowsInterrupt);
		const results = await Promise.all(programs.map(code => pool.run(code, {timeoutMs: 200})));
		for (const result of results) {
			expect(result.error).toMatch(/^TimeoutError: the run exceeded 200 ms/);
			expect(result.timedOut).toBe(true);
		}
		expect((await pool.run('print(6 * 7)', {timeoutMs: 120_000})).stdout).toBe('42\n');
	}, 300_000);
});
