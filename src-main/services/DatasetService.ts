import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ApiParsedParams, ApiResult} from '../contract/api.js';
import {maxUploadBytes} from '../contract/datasets.js';
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
	 * Deletes an imported dataset. The built-in ones are refused: they are the shared benchmarks every workspace
	 * measures against, searches and evaluations link to their problems by id, and the next start would import them
	 * again under new ids (breaking those links while looking as if nothing had happened).
	 */
	public delete({id}: ApiParsedParams<'dataset.delete'>): ApiResult<'dataset.delete'> {
		const dataset = this.store.getDataset(id);
		if (dataset?.builtin)
			throw new RstarError('dataset.builtin',
				`"${dataset.name}" is a built-in dataset and cannot be deleted: searches and evaluations refer to its problems, and every start would restore it — import its file as a dataset of your own for a copy you can change or delete`,
				{datasetId: id, name: dataset.name});
		const deleted = this.store.deleteDataset(id);
		if (deleted)
			this.events.emit('dataset.deleted', {id});
		return {deleted};
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
