import fs from 'node:fs';
import path from 'node:path';
import {BuiltinDatasetManifest} from '../contract/manifests.js';
import {DatasetStore} from '../store/DatasetStore.js';
import type {Workspace} from '../store/Workspace.js';
import {importDataset} from './importDataset.js';

/**
 * Imports the shipped datasets a workspace does not have yet (by name), so a new workspace opens with data in it.
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
		if (store.findDatasetByName(entry.name))
			continue;
		await importDataset(workspace, {
			name: entry.name, filePath: path.join(datasetsDir, entry.file), source: entry.source, builtin: true
		});
		imported.push(entry.name);
	}
	return imported;
}
