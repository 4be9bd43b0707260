import fs from 'node:fs';
import path from 'node:path';

/**
 * A model file's (or bundle folder's) identity: its real path, so that two spellings of one file (relative and
 * absolute, or through a symlink) share its slots and its loaded process.
 */
export function modelFileKey(modelPath: string): string {
	try {
		return fs.realpathSync(modelPath);
	} catch {
		return path.resolve(modelPath);
	}
}
