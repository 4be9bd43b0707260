import fs from 'node:fs';

/** Writes `text` to a file beside `file`, then renames it into place: a crash leaves the previous file or none, never half of one. */
export function writeFileWhole(file: string, text: string): void {
	fs.writeFileSync(`${file}.partial`, text);
	fs.renameSync(`${file}.partial`, file);
}
