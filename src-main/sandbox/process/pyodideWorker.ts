// The Pyodide interpreter of one sandbox process, on a worker thread so that the process's main thread stays free to
// interrupt it, watch its memory and replace it. Everything here runs under the process's permission model.
import fs from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {parentPort, workerData} from 'node:worker_threads';
import type {ExecLimits, WorkerMessage} from '../../contract/sandbox.js';
import guardSource from './guard.py';
import preloadSource from './preload.py';
import preloadGraderSource from './preloadGrader.py';

export interface PyodideWorkerData {
	pyodideDir: string;
	/** Zip of site-packages (sympy, mpmath, Math-Verify and its parser) compiled for this Pyodide. */
	packagesZip: string;
	/** One Int32: 2 (SIGINT) asks the interpreter to raise KeyboardInterrupt. */
	interruptBuffer: SharedArrayBuffer;
	/** Preload the answer grader (Math-Verify) too: for a grading pool. */
	grader: boolean;
	/** A snapshot of the bare interpreter to start from (about 10× faster than loading); without one, this
	 * interpreter loads from scratch and sends a snapshot back. */
	snapshot: Uint8Array | null;
}

/** Output is sent to the main thread in chunks of at least this size, and at the end of each run. */
const flushBytes = 8 * 1024;

const config = workerData as PyodideWorkerData;
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);
const interrupt = new Int32Array(config.interruptBuffer);

// Pyodide's Node build reads fs constants through process.binding, which the permission model forbids. They are
// the only binding it asks for, while it loads, so it gets them from the fs module instead (and closeRealm removes
// process.binding after the load).
Object.defineProperty(process, 'binding', {
	configurable: true,
	value: (name: string) => {
		if (name === 'constants')
			return {fs: fs.constants};
		throw new Error(`process.binding('${name}') is not available in the sandbox`);
	}
});

/**
 * Members of this thread's `process` that reach past the thread: signals (kill: from inside a PID namespace, kill(0)
 * is the app's process group), Node's modules (getBuiltinModule: vm, worker_threads), native code and bindings,
 * ending the whole process, the working folder and ids. Neither the worker nor Pyodide uses them once loaded.
 * `reallyExit` stays: in a worker it ends only this thread, and it is the way out that `os._exit` takes; without it
 * the thread died half torn down and, under load, took the sandbox process with it (SIGSEGV as the next run began).
 */
const processCapabilities = [
	'kill', '_kill', 'getBuiltinModule', 'binding', '_linkedBinding', 'dlopen', 'abort', 'chdir',
	'initgroups', 'setgroups', 'setegid', 'seteuid', 'setgid', 'setuid', '_debugProcess', '_debugEnd', 'openStdin',
	'loadEnvFile', 'setSourceMapsEnabled', 'setUncaughtExceptionCaptureCallback', 'report', 'execve'
];

/**
 * Takes from this thread's realm what Python has no use for, before any untrusted code runs. Python reaches no
 * JavaScript global anyway (the js and pyodide_js modules are gone, see start); this is the floor under that, should
 * some route to `process` remain.
 */
function closeRealm(): void {
	for (const name of processCapabilities)
		for (let owner: object | null = process; owner && owner !== Object.prototype; owner = Object.getPrototypeOf(owner))
			if (Object.hasOwn(owner, name))
				Reflect.deleteProperty(owner, name);
}

let currentRun = -1;
let realmReachable: string[] = [];
const pending = {stdout: '', stderr: ''};
const decoder = {stdout: new TextDecoder(), stderr: new TextDecoder()};

function capture(stream: 'stdout' | 'stderr', bytes: Uint8Array): number {
	// Writes between runs (a stray callback) belong to no run and are dropped.
	if (currentRun < 0)
		return bytes.length;
	pending[stream] += decoder[stream].decode(bytes, {stream: true});
	if (pending[stream].length >= flushBytes)
		flush(stream);
	return bytes.length;
}

function flush(stream: 'stdout' | 'stderr'): void {
	if (pending[stream] === '')
		return;
	post({type: 'output', id: currentRun, stream, text: pending[stream]});
	pending[stream] = '';
}

/** Timers a run starts are cleared when it ends, so no callback of one run fires during another. */
const runTimers = new Set<unknown>();
for (const [set, clear] of [['setTimeout', 'clearTimeout'], ['setInterval', 'clearInterval'], ['setImmediate', 'clearImmediate']] as const) {
	const original = globalThis[set] as (...args: unknown[]) => unknown;
	const originalClear = globalThis[clear] as (handle: unknown) => void;
	Object.assign(globalThis, {
		[set]: (...args: unknown[]) => {
			const handle = original(...args);
			if (currentRun >= 0)
				runTimers.add(handle);
			return handle;
		},
		[clear]: (handle: unknown) => {
			runTimers.delete(handle);
			originalClear(handle);
		}
	});
}
function clearRunTimers(): void {
	for (const handle of runTimers) {
		clearTimeout(handle as NodeJS.Timeout);
		clearInterval(handle as NodeJS.Timeout);
		clearImmediate(handle as NodeJS.Immediate);
	}
	runTimers.clear();
}

interface PyProxy {
	toJs(): unknown;
	destroy(): void;
}
interface Guard {
	prepare(recursionLimit: number): PyProxy;
	execute(code: string, namespace: PyProxy): Promise<PyProxy>;
	finish(): PyProxy;
}

async function start(): Promise<Guard> {
	const {loadPyodide} = await import(pathToFileURL(path.join(config.pyodideDir, 'pyodide.mjs')).href) as {
		loadPyodide(options: object): Promise<any>;
	};
	const pyodide = await loadPyodide({
		indexURL: config.pyodideDir + path.sep,
		env: {HOME: '/home/pyodide', PYTHONHASHSEED: '0'},
		// What `import js` would be: an empty object instead of this thread's globalThis (setup removes the module too).
		jsglobals: Object.create(null),
		stdout: () => undefined,
		stderr: () => undefined,
		...(config.snapshot ? {_loadSnapshot: config.snapshot} : {_makeSnapshot: true})
	});
	if (!config.snapshot) {
		const bytes = pyodide.makeMemorySnapshot() as Uint8Array;
		port.postMessage({type: 'snapshot', bytes}, [bytes.buffer as ArrayBuffer]);
	}
	pyodide.setStdout({write: (bytes: Uint8Array) => capture('stdout', bytes)});
	pyodide.setStderr({write: (bytes: Uint8Array) => capture('stderr', bytes)});

	const sitePackages = pyodide.runPython('import sysconfig; sysconfig.get_paths()["purelib"]') as string;
	pyodide.unpackArchive(new Uint8Array(fs.readFileSync(config.packagesZip)), 'zip', {extractDir: sitePackages});
	pyodide.FS.mkdirTree('/lib/rstar');
	pyodide.FS.writeFile('/lib/rstar/_rstar_guard.py', guardSource);
	// Trusted setup (preload.py): what every program may use is imported now, before the baseline the health probe compares to.
	// It runs in a namespace of its own, so no program finds the guard in __main__.
	pyodide.setInterruptBuffer(interrupt);
	pyodide.runPython(preloadSource, {globals: pyodide.toPy({})});
	if (config.grader)
		pyodide.runPython(preloadGraderSource, {globals: pyodide.toPy({})});
	const guard = pyodide.runPython([
		'import sys',
		"sys.path.insert(0, '/lib/rstar')",
		'import _rstar_guard',
		"sys.path.remove('/lib/rstar')",
		// Python's routes into JavaScript: `js` (the realm's globals) and `pyodide_js` (Pyodide's API: its loader
		// imports any URL, data: included, which runs any JavaScript). Modules imported above keep the few functions
		// they took from them (the event loop's scheduleCallback).
		'import _pyodide._importhook',
		"for name in ('js', 'pyodide_js'):",
		'    _pyodide._importhook.jsfinder.unregister_js_module(name)',
		"for name in [name for name in sys.modules if name.split('.')[0] in ('js', 'pyodide_js')]:",
		'    del sys.modules[name]',
		'_rstar_guard.seal()',
		'_rstar_guard'
	].join('\n'), {globals: pyodide.toPy({})}) as Guard;
	pyodide.FS.unlink('/lib/rstar/_rstar_guard.py');
	closeRealm();
	// Checked, not assumed: what of the realm is still there, reported to `rstar exec --isolation`.
	realmReachable = [
		...(pyodide.runPython("import importlib.util\n[name for name in ('js', 'pyodide_js') if importlib.util.find_spec(name)]", {globals: pyodide.toPy({})}).toJs() as string[]),
		...processCapabilities.filter(name => name in process).map(name => `process.${name}`)
	];
	return guard;
}

async function run(guard: Guard, id: number, code: string, limits: ExecLimits): Promise<void> {
	currentRun = id;
	Atomics.store(interrupt, 0, 0);
	const namespace = guard.prepare(limits.recursionLimit);
	let ok = false;
	let error: string | null = null;
	let interrupted = false;
	try {
		const outcome = await guard.execute(code, namespace);
		const [done, message, wasInterrupted] = outcome.toJs() as [boolean, string | undefined, boolean];
		[ok, error, interrupted] = [done, message ?? null, wasInterrupted];
		outcome.destroy();
		Atomics.store(interrupt, 0, 0);
	} catch (failure) {
		// An exception escaping guard.execute is the interpreter's own failure (a fatal error, an exit): it is damaged.
		flush('stdout');
		flush('stderr');
		post({type: 'result', id, ok: false, error: `the interpreter failed: ${String((failure as Error).message ?? failure).split('\n')[0]}`, interrupted: false, damage: ['interpreter failure']});
		currentRun = -1;
		return;
	} finally {
		namespace.destroy();
		clearRunTimers();
	}
	flush('stdout');
	flush('stderr');
	currentRun = -1;
	const damage = guard.finish();
	post({type: 'result', id, ok, error, interrupted, damage: damage.toJs() as string[]});
	damage.destroy();
}

try {
	const guard = await start();
	let queue = Promise.resolve();
	port.on('message', (message: {type: 'run'; id: number; code: string; limits: ExecLimits}) => {
		queue = queue.then(() => run(guard, message.id, message.code, message.limits));
	});
	post({type: 'ready', realmReachable});
} catch (error) {
	post({type: 'failed', message: (error as Error).stack ?? String(error)});
}
