import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {PyodideExecutorPool} from '../../../src-main/sandbox/PyodideExecutorPool.js';

// Pyodide hands Python the JavaScript realm of the thread it runs on (`import js`, `import pyodide_js`), and from
// there Node's capabilities: process.kill, getBuiltinModule (worker_threads, vm), Pyodide's own loader (a data: URL
// import runs any JavaScript, code-generation flag or not). Each capability must be out of Python's reach by every
// route we know: the two modules, any JavaScript object some module still holds, any the garbage collector can find.

/**
 * Python that collects every JavaScript object it can get hold of — the two modules, any JavaScript object a loaded
 * module holds, any the garbage collector knows — then looks on each, and on its `process`, `globalThis`, `_api`
 * and `_module`, and on what its `getBuiltinModule` or `require` return for vm and worker_threads, for the members
 * of each capability in `wanted`. Prints, as JSON, up to three routes by which each capability was found.
 */
function searchRealm(wanted: Record<string, string[]>): string {
	return `
import gc, json, sys
from pyodide.ffi import JsProxy
wanted = ${JSON.stringify(wanted)}
roots = []
for name in ('js', 'pyodide_js'):
    try:
        roots.append(('import ' + name, __import__(name)))
    except ImportError:
        pass
for module_name, module in list(sys.modules.items()):
    for attribute, value in list(getattr(module, '__dict__', {}).items()):
        if isinstance(value, JsProxy):
            roots.append((module_name + '.' + attribute, value))
roots += [('gc object', value) for value in gc.get_objects() if isinstance(value, JsProxy)]
candidates = []
for route, root in roots:
    candidates.append((route, root))
    for name in ('process', 'globalThis', '_api', '_module'):
        try:
            child = getattr(root, name)
        except BaseException:
            continue
        if isinstance(child, JsProxy):
            candidates.append((route + '.' + name, child))
for route, value in list(candidates):
    for loader in ('getBuiltinModule', 'require'):
        for module in ('vm', 'worker_threads'):
            try:
                candidates.append((route + '.' + loader + '(' + module + ')', getattr(value, loader)(module)))
            except BaseException:
                pass
found = {capability: [] for capability in wanted}
def has(value, member):
    try:
        return getattr(value, member) is not None
    except BaseException:
        return False
for route, value in candidates:
    for capability, members in wanted.items():
        if all(has(value, member) for member in members):
            found[capability].append(route)
print(json.dumps({capability: routes[:3] for capability, routes in found.items()}))
`;
}

describe('sandbox: the JavaScript realm is out of Python\'s reach', () => {
	let pool: PyodideExecutorPool;

	beforeAll(async () => {
		pool = new PyodideExecutorPool({size: 1, cacheEntries: 0});
		await pool.ready();
	}, 120_000);
	afterAll(() => pool?.close());

	it.each([
		['js', 'import js'],
		['pyodide_js', 'import pyodide_js'],
		['js (from the import hook\'s table)', 'import _pyodide._importhook as hook\nhook.jsfinder.jsproxies["js"]']
	])('the %s module cannot be imported', async (_name, code) => {
		const result = await pool.run(code);
		expect(result.ok).toBe(false);
		expect(result.error).toMatch(/ModuleNotFoundError|KeyError/);
	});

	it.each([
		['process.kill', {process: ['kill', 'pid']}],
		['getBuiltinModule (worker_threads, vm, child_process)', {getBuiltinModule: ['getBuiltinModule']}],
		['vm.runInThisContext', {vm: ['runInThisContext']}],
		['Pyodide\'s loader (loadPackage, pyimport: a data: URL import runs any JavaScript)', {loader: ['loadPackage']}],
		['Worker', {Worker: ['Worker']}]
	])('%s is unreachable', async (_name, wanted) => {
		const result = await pool.run(searchRealm(wanted), {timeoutMs: 30_000});
		expect(result.error).toBeNull();
		const found = JSON.parse(result.stdout) as Record<string, string[]>;
		expect(found).toEqual(Object.fromEntries(Object.keys(wanted).map(capability => [capability, []])));
	}, 60_000);

	it('rstar exec --isolation says the realm is closed, and the search agrees', async () => {
		const report = await pool.isolationReport();
		expect(report.guarantees.join('\n')).toMatch(/^realm: Python reaches no JavaScript global/m);
		expect(report.gaps.join('\n')).not.toMatch(/realm/);
		const result = await pool.run(searchRealm({process: ['kill'], getBuiltinModule: ['getBuiltinModule'], loader: ['loadPackage']}));
		expect(JSON.parse(result.stdout)).toEqual({process: [], getBuiltinModule: [], loader: []});
	});

	it('nothing reached through the modules still runs JavaScript from a string or a URL', async () => {
		for (const code of [
			'from pyodide.code import run_js\nrun_js("globalThis.process.pid")',
			'from pyodide.ffi import to_js\nto_js({}).constructor.constructor("return process")()',
			'from pyodide.http import pyfetch\nawait pyfetch("data:text/javascript,export default 1")'
		]) {
			const result = await pool.run(code);
			expect(result.ok, code).toBe(false);
		}
	});
});
