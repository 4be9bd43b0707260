import fs from 'node:fs';
import path from 'node:path';
import type {ImportReport, RowIssue} from '../contract/datasets.js';
import {RstarError} from '../contract/errors.js';
import {sha256File} from '../sha256File.js';
import {DatasetStore} from '../store/DatasetStore.js';
import type {Workspace} from '../store/Workspace.js';
import {mapProblemRow} from './mapProblemRow.js';
import {detectFormat, readRecords} from './readRecords.js';

export interface ImportDatasetOptions {
	name: string;
	filePath: string;
	/** The name the user knows the file by (an upload's original name). Defaults to the file path's base name. */
	fileName?: string;
	/** Recorded as the dataset's source. Defaults to `fileName`. */
	source?: string;
	/** Shipped with the app. Defaults to `false`. */
	builtin?: boolean;
	/** Import the valid rows and report the rejected ones instead of importing nothing. Defaults to `false`. */
	skipInvalid?: boolean;
	onProgress?: (progress: {rows: number; bytes: number; totalBytes: number}) => void;
	signal?: AbortSignal;
}

/** Issues kept in full per import; past this only counts grow, so a huge file cannot grow the report unboundedly. */
const maxListedIssues = 200;

/**
 * Imports a dataset file into the workspace in one transaction: either every accepted row lands, or nothing does.
 * Rows stream from disk, so memory stays bounded. The import writes on a connection of its own, so readers on the
 * workspace's main connection never see a half-imported dataset.
 */
export async function importDataset(workspace: Workspace, options: ImportDatasetOptions): Promise<ImportReport> {
	const fileName = options.fileName ?? path.basename(options.filePath);
	const totalBytes = await fileSize(options.filePath);
	const format = await detectFormat(options.filePath, fileName);
	const sha256 = await sha256File(options.filePath);

	const datasets = new DatasetStore(workspace.db);
	const sameFile = options.builtin ? undefined : datasets.findImportedFile(sha256);
	if (sameFile)
		throw new RstarError('dataset.already-imported',
			`${fileName} is already imported, as dataset "${sameFile.name}" (same sha256) — delete that dataset first (Delete… on the Datasets page, or \`rstar dataset delete "${sameFile.name}"\`) to import it again`,
			{datasetId: sameFile.id, name: sameFile.name});
	if (datasets.findDatasetByName(options.name))
		throw new RstarError('dataset.name-taken', `a dataset named "${options.name}" already exists — pick another --name`);

	const connection = workspace.openConnection();
	const store = new DatasetStore(connection.db);
	const issues: RowIssue[] = [];
	let issueCount = 0;
	let rejectedCount = 0;
	let imported = 0;
	let rowsRead = 0;
	try {
		connection.db.exec('BEGIN IMMEDIATE');
		const datasetId = store.insertDataset({
			name: options.name, source: options.source ?? fileName, format, sha256, builtin: options.builtin ?? false
		});
		for await (const record of readRecords(options.filePath, format, bytes => options.onProgress?.({rows: rowsRead, bytes, totalBytes}))) {
			options.signal?.throwIfAborted();
			rowsRead++;
			const mapped = record.unreadable !== undefined
				? {issues: [{severity: 'rejected' as const, message: `the record ${record.unreadable}`}]}
				: mapProblemRow(record.value);
			for (const issue of mapped.issues) {
				issueCount++;
				if (issues.length < maxListedIssues)
					issues.push({row: record.row, ...(record.line !== undefined && {line: record.line}), ...issue});
			}
			if (!mapped.problem) {
				rejectedCount++;
				continue;
			}
			if (rejectedCount === 0 || options.skipInvalid) {
				store.insertProblem(datasetId, record.row, mapped.problem);
				imported++;
			}
		}

		if (rejectedCount > 0 && !options.skipInvalid) {
			const rejected = issues.filter(issue => issue.severity === 'rejected');
			throw new RstarError('dataset.invalid-rows',
				`${rejectedCount} row${rejectedCount === 1 ? '' : 's'} of ${fileName} cannot be imported, so nothing was: ` +
				rejected.slice(0, 5).map(formatIssue).join('; ') + (rejectedCount > 5 ? `; … ${rejectedCount - 5} more` : '') +
				' — fix the file, or import with skipInvalid (--skip-invalid) to leave those rows out',
				{issues: rejected});
		}
		if (imported === 0)
			throw new RstarError('dataset.malformed', `${fileName} holds no problems`);

		const warnings = issues.map(issue => issue.severity === 'rejected' ? `${formatIssue(issue)} — skipped` : formatIssue(issue));
		if (issueCount > issues.length)
			warnings.push(`… and ${issueCount - issues.length} more row issues not listed`);
		store.setWarnings(datasetId, warnings);
		connection.db.exec('COMMIT');

		const dataset = datasets.getDataset(datasetId)!;
		return {dataset, imported, skipped: rejectedCount, warnings, issues};
	} catch (error) {
		if (connection.db.inTransaction)
			connection.db.exec('ROLLBACK');
		throw error;
	} finally {
		connection.close();
	}
}

export function formatIssue(issue: RowIssue): string {
	const where = issue.line !== undefined ? `row ${issue.row} (line ${issue.line})` : `row ${issue.row}`;
	return `${where}: ${issue.message}`;
}

async function fileSize(filePath: string): Promise<number> {
	try {
		const stat = await fs.promises.stat(filePath);
		if (!stat.isFile())
			throw new RstarError('dataset.malformed', `${filePath} is not a file`);
		return stat.size;
	} catch (error) {
		if (error instanceof RstarError)
			throw error;
		throw new RstarError('not-found', `cannot read ${filePath}: ${(error as Error).message}`);
	}
}
