import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach} from 'vitest';

/** A fresh folder for this test, removed after it. */
export function useTempDir(): () => string {
	const made: string[] = [];
	afterEach(() => {
		for (const dir of made.splice(0))
			fs.rmSync(dir, {recursive: true, force: true});
	});
	return () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-test-'));
		made.push(dir);
		return dir;
	};
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
	const filePath = path.join(dir, name);
	fs.writeFileSync(filePath, content);
	return filePath;
}
