import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ApiParsedParams, ApiResult} from '../contract/api.js';
import {maxUploadBytes, type DatasetSummary} from '../contract/datasets.js';
import {RstarError} from '../contract/errors.js';
import {importDataset, type ImportDatasetOptions} from '../datasets/importDataset.js';
import {DatasetStore} from '../store/DatasetStore.js';
import type {Workspace} from '../store/Workspace.js';
import type {EventBus} from './EventBus.js';

/** The contract's `dataset.*` and `problem.*` methods. */
export class DatasetService {
	private readonly store: DatasetStore;

	public constructor(private readonly workspace: Workspace, private readonly events: EventBus) {
		this.store = new DatasetStore(workspace.db);
	}

	public list(): ApiResult<'dataset.list'> {
		return this.store.listDatasets();
	}

	/** The dataset named `nameOrId` (its name, or its id as text): how the CLI names one. */
	public find(nameOrId: string): DatasetSummary {
		const datasets = this.store.listDatasets();
		const dataset = datasets.find(d => d.name === nameOrId || String(d.id) === nameOrId);
		if (!dataset)
			throw new RstarError('not-found', `no dataset "${nameOrId}" in this workspace (it has: ${datasets.map(d => d.name).join(', ')})`);
		return dataset;
	}

	/** Imports a file from disk (the CLI's path: streamed, no size cap). */
	public async importFile(options: Omit<ImportDatasetOptions, 'onProgress'>): Promise<ApiResult<'dataset.import'>> {
		let lastEmit = 0;
		const report = await importDataset(this.workspace, {
			...options,
			onProgress: progress => {
				// A progress event per read chunk would flood the UI on large files; a few per second is plenty.
				const now = Date.now();
				if (now - lastEmit >= 250) {
					lastEmit = now;
					this.events.emit('dataset.importProgressed', {name: options.name, ...progress});
				}
			}
		});
		this.events.emit('dataset.imported', {dataset: report.dataset});
		this.events.log(report.warnings.length > 0 ? 'warn' : 'info',
			`imported ${report.imported} problems into "${report.dataset.name}"` +
			(report.warnings.length > 0 ? ` with ${report.warnings.length} warnings` : ''));
		return report;
	}

	/** Imports an uploaded file (the UI's path): written to a private temporary folder, imported, removed. */
	public async importUpload(params: ApiParsedParams<'dataset.import'>): Promise<ApiResult<'dataset.import'>> {
		const bytes = Buffer.from(params.contentBase64, 'base64');
		if (bytes.length > maxUploadBytes)
			throw new RstarError('dataset.too-large', `${params.fileName} is over 64 MiB: import it with \`rstar dataset import FILE --name NAME\``);

		const folder = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rstar-upload-'));
		try {
			const filePath = path.join(folder, 'upload');
			await fs.promises.writeFile(filePath, bytes, {mode: 0o600});
			return await this.importFile({name: params.name, filePath, fileName: params.fileName, skipInvalid: params.skipInvalid});
		} finally {
			await fs.promises.rm(folder, {recursive: true, force: true});
		}
	}

	/**
	 * Deletes an imported dataset, and the searches of its problems when `searches` is `remove` (kept unlinked
	 * otherwise). The built-in ones are refused: they are the shared benchmarks every workspace measures against,
	 * searches and evaluations link to their problems by id, and the next start would import them again under new
	 * ids (breaking those links while looking as if nothing had happened). A dataset with a queued or running search
	 * is refused too: stop those first.
	 */
	public delete({id, searches}: ApiParsedParams<'dataset.delete'>): ApiResult<'dataset.delete'> {
		const dataset = this.importedDataset(id, 'deleted');
		const {active} = this.store.searchCounts(id);
		if (active > 0)
			throw new RstarError('dataset.busy', `"${dataset.name}" has ${active} queued or running search${active === 1 ? '' : 'es'}: stop ${active === 1 ? 'it' : 'them'} on the Search page, then delete`,
				{datasetId: id, activeSearches: active});
		const result = this.store.deleteDataset(id, searches);
		if (result.deleted) {
			this.events.emit('dataset.deleted', {id});
			this.events.log('info', `deleted dataset "${dataset.name}" (${dataset.problemCount} problems); ` +
				(searches === 'remove' ? `removed its ${searchCount(result.searchesRemoved)}` : `kept its ${searchCount(result.searchesKept)}, unlinked`));
		}
		return result;
	}

	/** Renames an imported dataset; built-ins are refused (every start finds them by name, and would import them again). */
	public rename({id, name}: ApiParsedParams<'dataset.rename'>): ApiResult<'dataset.rename'> {
		const dataset = this.importedDataset(id, 'renamed');
		const taken = this.store.findDatasetByName(name);
		if (taken && taken.id !== id)
			throw new RstarError('dataset.name-taken', `a dataset named "${name}" exists already: pick another name`, {name});
		this.store.renameDataset(id, name);
		const renamed = this.store.getDataset(id)!;
		this.events.emit('dataset.renamed', {dataset: renamed});
		this.events.log('info', `renamed dataset "${dataset.name}" to "${renamed.name}"`);
		return renamed;
	}

	/**
	 * A dataset's problems as a file `dataset.import` reads back: rStar's `{index, question, answer}` layout with the
	 * level, subject and the source row's other fields. An answer is a string, or an array when several are accepted.
	 */
	public export({id, format}: ApiParsedParams<'dataset.export'>): ApiResult<'dataset.export'> {
		const dataset = this.existingDataset(id);
		const rows: string[] = [];
		for (const problem of this.store.datasetProblems(id)) {
			const row = {
				index: problem.sourceIndex ?? problem.ordinal, question: problem.question,
				answer: problem.answers.length === 1 ? problem.answers[0] : problem.answers,
				...(problem.level === null ? {} : {level: problem.level}), ...(problem.subject === null ? {} : {subject: problem.subject}),
				...problem.meta
			};
			rows.push(format === 'jsonl' ? JSON.stringify(row) : `\t${JSON.stringify(row)}`);
		}
		const content = format === 'jsonl' ? `${rows.join('\n')}\n` : `[\n${rows.join(',\n')}\n]\n`;
		return {fileName: `${dataset.name.replace(/[^\w.()-]+/g, '_')}.${format}`, content, problems: rows.length};
	}

	private existingDataset(id: number): DatasetSummary {
		const dataset = this.store.getDataset(id);
		if (!dataset)
			throw new RstarError('not-found', `no dataset with id ${id}: \`rstar dataset list\` shows their ids`, {datasetId: id});
		return dataset;
	}

	/** The dataset `id`, refused when it does not exist or is built-in (`change` says what was asked, for the message). */
	private importedDataset(id: number, change: 'deleted' | 'renamed'): DatasetSummary {
		const dataset = this.existingDataset(id);
		if (dataset.builtin)
			throw new RstarError('dataset.builtin',
				`"${dataset.name}" is a built-in dataset and cannot be ${change}: searches and evaluations refer to its problems, and every start would restore it — import its file as a dataset of your own for a copy you can change or delete`,
				{datasetId: id, name: dataset.name});
		return dataset;
	}

	public listProblems(query: ApiParsedParams<'problem.list'>): ApiResult<'problem.list'> {
		return this.store.queryProblems(query);
	}

	public getProblem({id}: ApiParsedParams<'problem.get'>): ApiResult<'problem.get'> {
		const problem = this.store.getProblem(id);
		if (!problem)
			throw new RstarError('not-found', `no problem with id ${id}`);
		return problem;
	}
}

function searchCount(count: number): string {
	return `${count} search${count === 1 ? '' : 'es'}`;
}
