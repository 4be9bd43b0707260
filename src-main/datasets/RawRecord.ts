/** One record of a dataset file before field mapping. */
export interface RawRecord {
	/** 1-based record number: array element, JSONL record or Parquet row. */
	row: number;
	/** 1-based line where the record starts; absent for Parquet. */
	line?: number;
	/** The parsed record, when its bytes were readable. */
	value?: unknown;
	/** Why the record's bytes cannot be read (NUL byte, invalid UTF-8); the row is rejected, the file is not. */
	unreadable?: string;
}

/** Reported as rows are read, for progress bars on large files. */
export type ReadProgress = (bytesRead: number) => void;

/**
 * A single record may not exceed this: readers never hold more than one record (plus one read chunk) in memory,
 * so this bounds their memory whatever the file's size.
 */
export const maxRecordBytes = 16 * 1024 * 1024;

/** A string field that is not valid UTF-8 (Parquet byte arrays are decoded strictly into this). */
export class InvalidUtf8Field {
	public constructor(public readonly byteLength: number) {}
}
