import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {RstarError} from '../contract/errors.js';

const run = promisify(execFile);

/** What the trainer imports; gguf-py (extracted at build) needs numpy and yaml. */
const probe = 'import torch, numpy, yaml';

let found: Promise<string> | null = null;

/**
 * The Python that runs the trainer: RSTAR_PYTHON if set, else the first of `python3` on the PATH and the system's
 * /usr/bin/python3 that has PyTorch (a pyenv or venv python3 often shadows the one Debian's python3-torch went into).
 */
export function findTrainerPython(): Promise<string> {
	found ??= search().catch(error => {
		found = null;
		throw error;
	});
	return found;
}

async function search(): Promise<string> {
	const candidates = process.env.RSTAR_PYTHON ? [process.env.RSTAR_PYTHON] : ['python3', '/usr/bin/python3'];
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
	throw new RstarError('not-found', `no Python with PyTorch for the trainer (${reasons.join('; ')}): install python3-torch, python3-numpy and python3-yaml (Debian/Ubuntu), or set RSTAR_PYTHON to a python that has them`);
}
