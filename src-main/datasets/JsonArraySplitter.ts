import {RstarError} from '../contract/errors.js';
import {maxRecordBytes} from './RawRecord.js';

/** The bytes of one top-level array element and where it starts. */
export interface JsonElement {
	bytes: Buffer;
	/** 1-based element number. */
	row: number;
	/** 1-based line of the element's first byte. */
	line: number;
	/** 1-based column (in bytes) of the element's first byte. */
	column: number;
}

const enum Byte {
	Newline = 0x0a, Space = 0x20, Tab = 0x09, Return = 0x0d,
	Quote = 0x22, Backslash = 0x5c, Comma = 0x2c,
	OpenBracket = 0x5b, CloseBracket = 0x5d, OpenBrace = 0x7b, CloseBrace = 0x7d
}

type State = 'before-array' | 'before-element' | 'in-element' | 'after-array';

/**
 * Splits a JSON array into its top-level elements as bytes arrive, so a file of any size is read holding one
 * element at a time. It tracks only what delimits elements (strings, escapes, nesting); each element's own syntax is
 * checked by JSON.parse afterwards. All delimiters are ASCII, so scanning bytes is safe for UTF-8 content.
 */
export class JsonArraySplitter {
	private state: State = 'before-array';
	private line = 1;
	private column = 0;
	private row = 0;
	private depth = 0;
	private inString = false;
	private escaped = false;
	private elementLine = 1;
	private elementColumn = 1;
	private parts: Buffer[] = [];
	private partsBytes = 0;
	private isFirstChunk = true;
	/** Right after `[`, where `]` closes an empty array (elsewhere it would follow a trailing comma). */
	private afterOpen = false;

	/** Feeds the next chunk; returns the elements it completed. */
	public push(chunk: Buffer): JsonElement[] {
		const done: JsonElement[] = [];
		let start = 0;
		if (this.isFirstChunk) {
			this.isFirstChunk = false;
			if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf)
				start = 3;
		}

		let elementStart = this.state === 'in-element' ? start : -1;
		for (let i = start; i < chunk.length; i++) {
			const byte = chunk[i]!;
			this.column++;
			if (this.state === 'in-element') {
				if (this.inString) {
					if (this.escaped)
						this.escaped = false;
					else if (byte === Byte.Backslash)
						this.escaped = true;
					else if (byte === Byte.Quote)
						this.inString = false;
				} else if (byte === Byte.Quote)
					this.inString = true;
				else if (byte === Byte.OpenBrace || byte === Byte.OpenBracket)
					this.depth++;
				else if (byte === Byte.CloseBrace || (byte === Byte.CloseBracket && this.depth > 0))
					this.depth--;
				else if (this.depth === 0 && (byte === Byte.Comma || byte === Byte.CloseBracket)) {
					this.appendPart(chunk.subarray(elementStart, i));
					done.push(this.finishElement());
					this.state = byte === Byte.Comma ? 'before-element' : 'after-array';
				}
			} else if (!isWhitespace(byte)) {
				if (this.state === 'before-array') {
					if (byte !== Byte.OpenBracket)
						this.fail('expected a JSON array of problems (`[{"question": …, "answer": …}, …]`)');
					this.state = 'before-element';
					this.afterOpen = true;
				} else if (this.state === 'before-element') {
					if (byte === Byte.CloseBracket && this.afterOpen)
						this.state = 'after-array';
					else if (byte === Byte.CloseBracket || byte === Byte.Comma)
						this.fail(`unexpected "${String.fromCharCode(byte)}" where an array element should start`);
					else {
						this.afterOpen = false;
						this.state = 'in-element';
						this.elementLine = this.line;
						this.elementColumn = this.column;
						elementStart = i;
						this.depth = 0;
						this.inString = false;
						this.escaped = false;
						i--;
						this.column--;
						continue;
					}
				} else
					this.fail('unexpected content after the end of the array');
			}

			if (byte === Byte.Newline) {
				this.line++;
				this.column = 0;
			}
		}

		if (this.state === 'in-element')
			this.appendPart(chunk.subarray(elementStart));
		return done;
	}

	/** Call after the last chunk: throws when the array is unterminated. */
	public end(): void {
		if (this.state === 'before-array')
			this.fail('the file is empty: expected a JSON array of problems');
		if (this.state !== 'after-array')
			this.fail(`the array is not closed (the file ends inside ${this.state === 'in-element' ? `row ${this.row + 1}, which starts at line ${this.elementLine}` : 'the array'})`);
	}

	private appendPart(part: Buffer): void {
		if (part.length === 0)
			return;
		this.partsBytes += part.length;
		if (this.partsBytes > maxRecordBytes)
			throw new RstarError('dataset.malformed',
				`row ${this.row + 1} (line ${this.elementLine}) is over ${maxRecordBytes / 1024 / 1024} MiB: is the file a JSON array of problems?`,
				{row: this.row + 1, line: this.elementLine});
		// Copied: the caller may reuse the chunk's memory after push returns.
		this.parts.push(Buffer.from(part));
	}

	private finishElement(): JsonElement {
		this.row++;
		const element = {bytes: Buffer.concat(this.parts), row: this.row, line: this.elementLine, column: this.elementColumn};
		this.parts = [];
		this.partsBytes = 0;
		return element;
	}

	private fail(message: string): never {
		throw new RstarError('dataset.malformed', `line ${this.line}, column ${this.column}: ${message}`,
			{line: this.line, column: this.column});
	}
}

function isWhitespace(byte: number): boolean {
	return byte === Byte.Space || byte === Byte.Newline || byte === Byte.Tab || byte === Byte.Return;
}
