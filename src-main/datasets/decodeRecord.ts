import {RstarError} from '../contract/errors.js';
import type {RawRecord} from './RawRecord.js';

const strictUtf8 = new TextDecoder('utf-8', {fatal: true});

/**
 * Turns one record's bytes into a RawRecord. Bytes a person could not have meant (a NUL byte, invalid UTF-8) reject
 * the row; a JSON syntax error means the file itself is malformed, and stops the import naming the line.
 */
export function decodeRecord(bytes: Uint8Array, row: number, line: number, column = 1): RawRecord {
	const nul = bytes.indexOf(0);
	if (nul >= 0)
		return {row, line, unreadable: `contains a NUL byte at byte ${nul + 1} of the record`};

	let text: string;
	try {
		text = strictUtf8.decode(bytes);
	} catch {
		return {row, line, unreadable: `is not valid UTF-8 (at or after byte ${firstInvalidUtf8(bytes) + 1} of the record)`};
	}

	try {
		return {row, line, value: JSON.parse(text)};
	} catch (error) {
		const at = locateJsonError(text, error);
		const errorColumn = at.lineOffset === 0 ? column - 1 + at.column : at.column;
		throw new RstarError('dataset.malformed',
			`line ${line + at.lineOffset}, column ${errorColumn} (row ${row}): invalid JSON — ${(error as Error).message}`,
			{row, line: line + at.lineOffset, column: errorColumn});
	}
}

/** JSON.parse names a character position; people want a line and column. */
function locateJsonError(text: string, error: unknown): {lineOffset: number; column: number} {
	const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
	const position = match ? Number(match[1]) : 0;
	const before = text.slice(0, position);
	const lineOffset = before.split('\n').length - 1;
	return {lineOffset, column: position - before.lastIndexOf('\n')};
}

function firstInvalidUtf8(bytes: Uint8Array): number {
	let low = 0;
	let high = bytes.length;
	// The longest valid prefix, found by bisection on the strict decoder (a cut inside a sequence counts as invalid,
	// so this lands within three bytes of the fault, which is close enough for a message).
	while (low < high) {
		const mid = Math.ceil((low + high) / 2);
		try {
			strictUtf8.decode(bytes.subarray(0, mid));
			low = mid;
		} catch {
			high = mid - 1;
		}
	}
	return low;
}
