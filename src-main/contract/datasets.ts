import {z} from 'zod';

export const datasetFormats = ['json', 'jsonl', 'parquet'] as const;
export const DatasetFormat = z.enum(datasetFormats);
export type DatasetFormat = z.infer<typeof DatasetFormat>;

export const DatasetSummary = z.object({
	id: z.number().int(),
	name: z.string(),
	/** Where the rows came from: a file name, or the attribution of a built-in set. */
	source: z.string(),
	format: DatasetFormat,
	sha256: z.string(),
	builtin: z.boolean(),
	problemCount: z.number().int(),
	/** Problems imported flagged "no ground truth". */
	noAnswerCount: z.number().int(),
	levels: z.array(z.string()),
	importedAt: z.string()
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

/** What happened to one row that was not taken verbatim. */
export const RowIssue = z.object({
	/** 1-based record number in the file (array element, JSONL record, Parquet row). */
	row: z.number().int(),
	/** 1-based line of the file where the record starts; absent for Parquet. */
	line: z.number().int().optional(),
	field: z.string().optional(),
	/** `normalised`: imported with a recorded change; `rejected`: not importable as it stands. */
	severity: z.enum(['normalised', 'rejected']),
	message: z.string()
});
export type RowIssue = z.infer<typeof RowIssue>;

export const ImportReport = z.object({
	dataset: DatasetSummary,
	imported: z.number().int(),
	/** Rejected rows left out because the caller asked for `skipInvalid`. */
	skipped: z.number().int(),
	/** One line per row that was normalised, skipped or has no ground truth. */
	warnings: z.array(z.string()),
	issues: z.array(RowIssue)
});
export type ImportReport = z.infer<typeof ImportReport>;

export const datasetNamePattern = /^[\p{L}\p{N}][\p{L}\p{N} ._\-()]{0,79}$/u;
export const DatasetName = z.string().regex(datasetNamePattern, 'a dataset name is 1–80 letters, digits, spaces or ._-() and starts with a letter or digit');

/** Uploads over the API are capped; larger files go through `rstar dataset import`, which streams from disk. */
export const maxUploadBytes = 64 * 1024 * 1024;

export const DatasetImportParams = z.object({
	name: DatasetName,
	/** The picked file's name; its extension selects the format when it has one. */
	fileName: z.string().min(1).max(255),
	contentBase64: z.string().max(Math.ceil(maxUploadBytes / 3) * 4, 'the file is over 64 MiB: import it with `rstar dataset import FILE --name NAME`'),
	/** Import the valid rows and report the rejected ones instead of failing. Defaults to `false`. */
	skipInvalid: z.boolean().default(false)
});

/** What happens to the searches of a deleted dataset's problems: kept (with their question, no longer linked) or removed. */
export const DatasetDeleteParams = z.object({
	id: z.number().int(),
	/** `keep`: the searches stay, with their question and answers, unlinked from the problem; `remove`: deleted with their trees. Defaults to `"keep"`. */
	searches: z.enum(['keep', 'remove']).default('keep')
});

export const DatasetDeleteResult = z.object({
	deleted: z.boolean(),
	/** Searches of the dataset's problems that were kept, unlinked. */
	searchesKept: z.number().int(),
	/** Searches of the dataset's problems that were removed. */
	searchesRemoved: z.number().int()
});

export const DatasetRenameParams = z.object({id: z.number().int(), name: DatasetName});

export const datasetExportFormats = ['json', 'jsonl'] as const;

export const DatasetExportParams = z.object({
	id: z.number().int(),
	/** `json`: rStar's evaluation layout, one array; `jsonl`: one problem per line. Defaults to `"json"`. */
	format: z.enum(datasetExportFormats).default('json')
});

/** A dataset as a file that `dataset.import` reads back: `{index, question, answer, level?, subject?, …other fields}` per problem. */
export const DatasetExport = z.object({
	fileName: z.string(),
	content: z.string(),
	problems: z.number().int()
});
export type DatasetExport = z.infer<typeof DatasetExport>;

export const ProblemSummary = z.object({
	id: z.number().int(),
	datasetId: z.number().int(),
	datasetName: z.string(),
	ordinal: z.number().int(),
	sourceIndex: z.string().nullable(),
	question: z.string(),
	answers: z.array(z.string()),
	level: z.string().nullable(),
	subject: z.string().nullable()
});
export type ProblemSummary = z.infer<typeof ProblemSummary>;

export const Problem = ProblemSummary.extend({
	/** Fields of the source row that have no column of their own, kept verbatim. */
	meta: z.record(z.string(), z.unknown())
});
export type Problem = z.infer<typeof Problem>;

export const ProblemQuery = z.object({
	datasetId: z.number().int().optional(),
	level: z.string().max(200).optional(),
	hasAnswer: z.boolean().optional(),
	/** Words to find in the question (all of them, as prefixes), or with `literal` the exact text. */
	text: z.string().max(500).optional(),
	/** Match `text` as a literal, case-sensitive fragment (`\\frac{1}{2}`) instead of as words. Defaults to `false`. */
	literal: z.boolean().default(false),
	offset: z.number().int().min(0).default(0),
	limit: z.number().int().min(1).max(500).default(100)
});
export type ProblemQuery = z.infer<typeof ProblemQuery>;

export const ProblemPage = z.object({
	total: z.number().int(),
	offset: z.number().int(),
	rows: z.array(ProblemSummary)
});
export type ProblemPage = z.infer<typeof ProblemPage>;
