// Sandbox figures: warm execution against native CPython, cold start, and recovery after a timeout.
import {spawnSync} from 'node:child_process';
import {PyodideExecutorPool} from '../src-main/sandbox/PyodideExecutorPool.js';
import {formatMs, percentile, printTable} from './stats.js';

const programs = {
	trivial: 'x = 6 * 7\nprint(x)',
	sympy: 'import sympy\nx = sympy.symbols("x")\nprint(sympy.solve(x**2 - 5*x + 6, x), sympy.factorint(2**32 + 1))'
};
const runs = 40;

function nativePython(code: string): number[] {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		const result = spawnSync('python3', ['-c', code], {encoding: 'utf8'});
		if (result.status !== 0)
			return [];
		times.push(performance.now() - started);
	}
	return times;
}

const coldStarted = performance.now();
const recycles: number[] = [];
const pool = new PyodideExecutorPool({size: 1, cacheEntries: 0, onEvent: event => event.kind === 'recycled' && recycles.push(event.startMs ?? NaN)});
await pool.ready();
const coldMs = performance.now() - coldStarted;

const rows: [string, string][] = [];
for (const [name, code] of Object.entries(programs)) {
	await pool.run(code);
	// Wall time as the engine sees it: IPC and the health probe included.
	const warm: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await pool.run(code);
		warm.push(performance.now() - started);
	}
	const native = nativePython(code);
	rows.push([`${name} step, sandbox (warm) p50 / p95`, `${formatMs(percentile(warm, 50))} / ${formatMs(percentile(warm, 95))}`]);
	rows.push([`${name} step, native CPython process p50 / p95`, native.length > 0 ? `${formatMs(percentile(native, 50))} / ${formatMs(percentile(native, 95))}` : 'n/a (python3 or sympy missing)']);
}
rows.push(['cold start (process spawn → interpreter with sympy ready)', formatMs(coldMs)]);

const recovery: number[] = [];
for (let i = 0; i < 3; i++) {
	const timedOut = await pool.run('while True:\n    try:\n        while True: pass\n    except KeyboardInterrupt:\n        pass', {timeoutMs: 200});
	const afterTimeout = performance.now();
	await pool.run('pass');
	recovery.push(performance.now() - afterTimeout);
	if (!timedOut.timedOut)
		throw new Error('the loop did not time out');
}
rows.push(['timeout → replacement interpreter ready (interrupt ignored, killed) p50', formatMs(percentile(recovery, 50))]);
rows.push(['interpreter restart from the memory snapshot (inside the process) p50', formatMs(percentile(recycles, 50))]);

const soft: number[] = [];
for (let i = 0; i < 3; i++) {
	await pool.run('while True: pass', {timeoutMs: 200});
	const afterTimeout = performance.now();
	await pool.run('pass');
	soft.push(performance.now() - afterTimeout);
}
rows.push(['timeout → next run (soft interrupt honoured, interpreter kept) p50', formatMs(percentile(soft, 50))]);
await pool.close();
printTable(`Sandbox (one isolated Pyodide process, ${runs} runs per figure)`, rows);
