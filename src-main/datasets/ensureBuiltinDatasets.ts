import fs from 'node:fs';
import path from 'node:path';
import {BuiltinDatasetLabels, BuiltinDatasetManifest} from '../contract/manifests.js';
import {DatasetStore} from '../store/DatasetStore.js';
import type {Workspace} from '../store/Workspace.js';
import {importDataset} from './importDataset.js';

/**
 * Imports the shipped datasets a workspace does not have yet (by name), so a new workspace opens with data in it,
 * and gives a built-in dataset's problems the levels and subjects of its labels file when they have none.
 * Returns the names imported.
 */
export async function ensureBuiltinDatasets(workspace: Workspace, datasetsDir: string): Promise<string[]> {
	const manifestPath = path.join(datasetsDir, 'manifest.json');
	const parsed = BuiltinDatasetManifest.safeParse(JSON.parse(await fs.promises.readFile(manifestPath, 'utf8')));
	if (!parsed.success)
		throw new Error(`${manifestPath} is not a valid manifest: ${parsed.error.message}`);

	const store = new DatasetStore(workspace.db);
	const imported: string[] = [];
	for (const entry of parsed.data.datasets) {
		let dataset = store.findDatasetByName(entry.name);
		if (!dataset) {
			({dataset} = await importDataset(workspace, {
				name: entry.name, filePath: path.join(datasetsDir, entry.file), source: entry.source, builtin: true
			}));
			imported.push(entry.name);
		}
		// A workspace made before the labels shipped gets them now; a labelled one is left alone.
		if (entry.labels && dataset.builtin && dataset.levels.length === 0)
			store.fillLabels(dataset.id, await readLabels(path.join(datasetsDir, entry.labels)));
	}
	return imported;
}

async function readLabels(labelsPath: string): Promise<BuiltinDatasetLabels> {
	const parsed = BuiltinDatasetLabels.safeParse(JSON.parse(await fs.promises.readFile(labelsPath, 'utf8')));
	if (!parsed.success)
		throw new Error(`${labelsPath} is not a valid labels file: ${parsed.error.message}`);
	return parsed.data;
}
