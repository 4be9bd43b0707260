import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {RstarError} from '../contract/errors.js';
import {appRoot} from '../paths.js';

const run = promisify(execFile);

/** What the trainer imports; gguf-py (extracted at build) needs numpy and yaml. */
const probe = 'import torch, numpy, yaml';

let found: Promise<string> | null = null;

/**
 * The Python that runs the trainer: RSTAR_PYTHON if set, else the first that has PyTorch of the project's virtual
 * environment (`.venv`, made from resources/trainer/requirements.txt), `python3` on the PATH and the system's
 * /usr/bin/python3 (a pyenv python3 often shadows the one a distribution's torch package went into).
 */
export function findTrainerPython(): Promise<string> {
	found ??= search().catch(error => {
		found = null;
		throw error;
	});
	return found;
}

async function search(): Promise<string> {
	const candidates = process.env.RSTAR_PYTHON ? [process.env.RSTAR_PYTHON] : [path.join(appRoot, '.venv', 'bin', 'python'), 'python3', '/usr/bin/python3'];
	const reasons: string[] = [];
	for (const candidate of candidates) {
		try {
			await run(candidate, ['-c', probe], {timeout: 120_000});
			return candidate;
		} catch (error) {
			const stderr = String((error as {stderr?: string}).stderr ?? '').trim().split('\n').at(-1);
			reasons.push(`${candidate}: ${stderr || (error as Error).message}`);
		}
	}
	throw new RstarError('not-found', `no Python with PyTorch for the trainer (${reasons.join('; ')}): make the project's environment (python3 -m venv .venv && .venv/bin/pip install -r resources/trainer/requirements.txt), or set RSTAR_PYTHON to a python that has torch, numpy and yaml`);
}
