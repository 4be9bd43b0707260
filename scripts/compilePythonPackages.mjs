// Compiles the vendored pure-Python packages (resources/python/site-packages.zip) to bytecode for the Pyodide the
// app ships, so that `import sympy` in the sandbox takes about a second instead of four. The .pyc files use
// unchecked hashes: zip extraction changes timestamps, and the sources never change after the build.
// Output: dist/sandbox/site-packages.zip (sources + bytecode), rebuilt only when its inputs change.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const source = path.join(root, 'resources', 'python', 'site-packages.zip');
const pyodideDir = path.join(root, 'node_modules', 'pyodide');
const target = path.join(root, 'dist', 'sandbox', 'site-packages.zip');
const stampFile = `${target}.stamp`;

export async function compilePythonPackages() {
	const pyodideVersion = JSON.parse(fs.readFileSync(path.join(pyodideDir, 'package.json'), 'utf8')).version;
	const stamp = `${crypto.createHash('sha256').update(fs.readFileSync(source)).digest('hex')} pyodide ${pyodideVersion}`;
	if (fs.existsSync(target) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp)
		return false;

	const {loadPyodide} = await import(path.join(pyodideDir, 'pyodide.mjs'));
	const pyodide = await loadPyodide({indexURL: pyodideDir + path.sep, stdout: () => undefined, stderr: () => undefined});
	pyodide.FS.mkdirTree('/build/site');
	pyodide.unpackArchive(new Uint8Array(fs.readFileSync(source)), 'zip', {extractDir: '/build/site'});
	pyodide.runPython([
		'import compileall, py_compile, shutil, warnings',
		'with warnings.catch_warnings():',
		"    warnings.simplefilter('ignore')",
		"    compileall.compile_dir('/build/site', quiet=2, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)",
		"shutil.make_archive('/build/site-packages', 'zip', '/build/site')"
	].join('\n'));
	fs.mkdirSync(path.dirname(target), {recursive: true});
	fs.writeFileSync(target, pyodide.FS.readFile('/build/site-packages.zip'));
	fs.writeFileSync(stampFile, stamp);
	return true;
}
