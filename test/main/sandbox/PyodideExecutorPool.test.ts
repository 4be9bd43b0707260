import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PyodideExecutorPool} from '../../../src-main/sandbox/PyodideExecutorPool.js';

describe('PyodideExecutorPool', () => {
	let pool: PyodideExecutorPool;
	const events: string[] = [];

	beforeAll(async () => {
		pool = new PyodideExecutorPool({size: 2, onEvent: event => events.push(event.kind)});
		await pool.ready();
	}, 120_000);
	afterAll(() => pool?.close());

	it('runs programs in parallel on its processes', async () => {
		const started = performance.now();
		const results = await Promise.all([
			pool.run('import time\nt = time.time()\nwhile time.time() - t < 1: pass\nprint("a")'),
			pool.run('import time\nt = time.time()\nwhile time.time() - t < 1: pass\nprint("b")')
		]);
		expect(results.map(result => result.stdout)).toEqual(['a\n', 'b\n']);
		expect(performance.now() - started).toBeLessThan(1900);
	});

	it('caches results by program and limits, but never a timeout', async () => {
		const first = await pool.run('import random\nprint(random.random())');
		const second = await pool.run('import random\nprint(random.random())');
		expect(second).toBe(first);
		const other = await pool.run('import random\nprint(random.random())', {timeoutMs: 9000});
		expect(other).not.toBe(first);
		const loop = await pool.run('while True: pass', {timeoutMs: 200});
		expect(await pool.run('while True: pass', {timeoutMs: 200})).not.toBe(loop);
	}, 60_000);

	it('replaces a process that is killed from outside, and stays full', async () => {
		const before = pool.status().map(entry => entry.pid);
		expect(before).toHaveLength(2);
		process.kill(before[0]!, 'SIGKILL');
		await expect.poll(() => events.includes('replaced'), {timeout: 10_000}).toBe(true);
		const result = await Promise.all([pool.run('print(1)', {timeoutMs: 30_000}), pool.run('print(2)', {timeoutMs: 30_000})]);
		expect(result.map(entry => entry.stdout)).toEqual(['1\n', '2\n']);
		const after = pool.status().map(entry => entry.pid);
		expect(after).toHaveLength(2);
		expect(after).not.toContain(before[0]);
	}, 60_000);

	it('validates limits at the boundary', async () => {
		await expect(pool.run('pass', {timeoutMs: -5})).rejects.toThrow(/timeoutMs/);
	});
});
