// `npm start`: builds, then opens the Electron window on the default workspace (built-in datasets included).
// Where the Electron binary is absent (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or offline), it starts
// browser mode instead — `rstar serve` — prints the URL to open and says why.
// Arguments after `--` go to the app: `npm start -- --db my.db`.
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);

function run(command, commandArgs, options = {}) {
	const result = spawnSync(command, commandArgs, {cwd: root, stdio: 'inherit', ...options});
	return result.status === 0;
}

/** The Electron executable, or the reason there is none. Never triggers electron's lazy download by itself. */
function findElectron() {
	const packageDir = path.join(root, 'node_modules', 'electron');
	const pathFile = path.join(packageDir, 'path.txt');
	const installed = () => fs.existsSync(pathFile) && fs.existsSync(path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8')));
	if (installed())
		return {binary: path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8'))};
	if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)
		return {reason: 'the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD is set)'};

	console.error('rstar: the Electron binary is not installed; trying to download it…');
	const download = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], {cwd: root, encoding: 'utf8', timeout: 180_000});
	if (download.status === 0 && installed())
		return {binary: path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8'))};
	const why = `${download.stderr ?? ''}`.split('\n').find(line => line.trim()) ?? 'no answer';
	return {reason: `the Electron binary is not installed and could not be downloaded (${why.trim()})`};
}

/**
 * better-sqlite3 is built for Node's ABI (the CLI and tests use it); the Electron main process needs a copy built
 * against Electron's headers. It is built once per Electron version into .electron-native/, beside node_modules.
 */
function electronSqliteBinding() {
	const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
	const target = path.join(root, '.electron-native', electronVersion, 'better_sqlite3.node');
	if (fs.existsSync(target))
		return {binding: target};

	console.error(`rstar: building better-sqlite3 for Electron ${electronVersion} (once)…`);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-sqlite-'));
	try {
		fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), work, {recursive: true, filter: source => !source.includes(`${path.sep}build${path.sep}`)});
		const nodeGyp = path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
		const ok = run(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron',
			'--dist-url=https://electronjs.org/headers'], {cwd: work});
		if (!ok)
			return {reason: 'better-sqlite3 could not be built for Electron (its headers download needs a network)'};
		fs.mkdirSync(path.dirname(target), {recursive: true});
		fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
		return {binding: target};
	} finally {
		fs.rmSync(work, {recursive: true, force: true});
	}
}

function startBrowserMode(reason) {
	console.error(`rstar: ${reason} — starting browser mode instead: open the URL printed below in a browser.`);
	const child = spawn(process.execPath, [path.join(root, 'bin', 'rstar.js'), 'serve', ...args], {cwd: root, stdio: 'inherit'});
	forwardSignals(child);
}

function forwardSignals(child) {
	for (const signal of ['SIGINT', 'SIGTERM'])
		process.on(signal, () => child.kill(signal));
	child.on('exit', code => process.exit(code ?? 1));
}

if (!run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]))
	process.exit(1);

const electron = findElectron();
const sqlite = electron.binary ? electronSqliteBinding() : null;
if (!electron.binary)
	startBrowserMode(electron.reason);
else if (!sqlite.binding)
	startBrowserMode(sqlite.reason);
else {
	const child = spawn(electron.binary, [path.join(root, 'dist', 'main', 'electron-main.js'), ...args], {
		cwd: root, stdio: 'inherit', env: {...process.env, RSTAR_SQLITE_BINDING: sqlite.binding}
	});
	forwardSignals(child);
}
