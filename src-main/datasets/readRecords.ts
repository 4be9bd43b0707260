import fs from 'node:fs';
import path from 'node:path';
import {asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects} from 'hyparquet';
import {RstarError} from '../contract/errors.js';
import type {DatasetFormat} from '../contract/datasets.js';
import {decodeRecord} from './decodeRecord.js';
import {JsonArraySplitter} from './JsonArraySplitter.js';
import {InvalidUtf8Field, maxRecordBytes, type RawRecord, type ReadProgress} from './RawRecord.js';

const parquetMagic = Buffer.from('PAR1');

/** The format of a dataset file: by extension, else by its first bytes. */
export async function detectFormat(filePath: string, fileName = filePath): Promise<DatasetFormat> {
	const extension = path.extname(fileName).toLowerCase();
	if (extension === '.json')
		return 'json';
	if (extension === '.jsonl' || extension === '.ndjson')
		return 'jsonl';
	if (extension === '.parquet')
		return 'parquet';

	const handle = await fs.promises.open(filePath, 'r');
	try {
		const {buffer, bytesRead} = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
		const head = buffer.subarray(0, bytesRead);
		if (head.subarray(0, 4).equals(parquetMagic))
			return 'parquet';
		const first = head.toString('utf8').replace(/^\uFEFF/, '').trimStart()[0];
		if (first === '[')
			return 'json';
		if (first === '{')
			return 'jsonl';
	} finally {
		await handle.close();
	}
	throw new RstarError('dataset.malformed',
		`cannot tell the format of ${fileName}: expected a JSON array, JSON Lines or Parquet file (name it .json, .jsonl or .parquet)`);
}

/** Streams the records of a dataset file, holding one record at a time. */
export function readRecords(filePath: string, format: DatasetFormat, onProgress?: ReadProgress): AsyncGenerator<RawRecord> {
	switch (format) {
		case 'json': return readJsonArray(filePath, onProgress);
		case 'jsonl': return readJsonLines(filePath, onProgress);
		case 'parquet': return readParquet(filePath, onProgress);
	}
}

async function* readJsonArray(filePath: string, onProgress?: ReadProgress): AsyncGenerator<RawRecord> {
	const splitter = new JsonArraySplitter();
	let bytesRead = 0;
	for await (const chunk of fs.createReadStream(filePath, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
		for (const element of splitter.push(chunk))
			yield decodeRecord(element.bytes, element.row, element.line, element.column);
		bytesRead += chunk.length;
		onProgress?.(bytesRead);
	}
	splitter.end();
}

async function* readJsonLines(filePath: string, onProgress?: ReadProgress): AsyncGenerator<RawRecord> {
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	let line = 0;
	let row = 0;
	let bytesRead = 0;

	function* takeLine(tail: Buffer): Generator<RawRecord> {
		line++;
		let bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
		pending = [];
		pendingBytes = 0;
		if (bytes.at(-1) === 0x0d)
			bytes = bytes.subarray(0, -1);
		// Blank lines separate nothing in JSON Lines; they are not records.
		if (bytes.every(byte => byte === 0x20 || byte === 0x09))
			return;
		row++;
		yield decodeRecord(bytes, row, line);
	}

	for await (const chunk of fs.createReadStream(filePath, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>) {
		let start = 0;
		if (bytesRead === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf)
			start = 3;
		for (let newline = chunk.indexOf(0x0a, start); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
			yield* takeLine(chunk.subarray(start, newline));
			start = newline + 1;
		}
		if (start < chunk.length) {
			pendingBytes += chunk.length - start;
			if (pendingBytes > maxRecordBytes)
				throw new RstarError('dataset.malformed',
					`line ${line + 1} is over ${maxRecordBytes / 1024 / 1024} MiB: is the file JSON Lines (one problem object per line)?`,
					{line: line + 1});
			pending.push(Buffer.from(chunk.subarray(start)));
		}
		bytesRead += chunk.length;
		onProgress?.(bytesRead);
	}
	if (pendingBytes > 0)
		yield* takeLine(Buffer.alloc(0));
}

const strictUtf8 = new TextDecoder('utf-8', {fatal: true});

/** Parquet strings are decoded strictly: a field of invalid UTF-8 becomes an InvalidUtf8Field and rejects its row. */
function decodeParquetString(bytes: Uint8Array): string | InvalidUtf8Field {
	try {
		return strictUtf8.decode(bytes);
	} catch {
		return new InvalidUtf8Field(bytes.length);
	}
}

async function* readParquet(filePath: string, onProgress?: ReadProgress): AsyncGenerator<RawRecord> {
	const file = await asyncBufferFromFile(filePath);
	let metadata;
	try {
		metadata = await parquetMetadataAsync(file);
	} catch (error) {
		throw new RstarError('dataset.malformed', `not a readable Parquet file: ${(error as Error).message}`);
	}

	let row = 0;
	let rowStart = 0;
	// One row group at a time keeps memory bounded by the largest group, not the file.
	for (const group of metadata.row_groups) {
		const rowEnd = rowStart + Number(group.num_rows);
		let rows: Record<string, unknown>[];
		try {
			rows = await parquetReadObjects({
				file, metadata, rowStart, rowEnd, parsers: {stringFromBytes: decodeParquetString}
			});
		} catch (error) {
			throw new RstarError('dataset.malformed',
				`Parquet rows ${rowStart + 1}–${rowEnd} cannot be read: ${(error as Error).message}`, {row: rowStart + 1});
		}
		for (const value of rows) {
			row++;
			yield {row, value: value as unknown};
		}
		rowStart = rowEnd;
		onProgress?.(Math.round(file.byteLength * rowStart / Math.max(1, Number(metadata.num_rows))));
	}
}
