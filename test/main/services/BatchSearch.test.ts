import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {settingsFor} from '../../../src-main/contract/presets.js';
import {ensureBuiltinDatasets} from '../../../src-main/datasets/ensureBuiltinDatasets.js';
import {defaultPolicyPath, resourcesDir} from '../../../src-main/paths.js';
import {runBatch} from '../../../src-main/services/BatchSearch.js';
import {JobRunner} from '../../../src-main/services/JobRunner.js';
import {SearchService} from '../../../src-main/services/SearchService.js';
import {DatasetStore} from '../../../src-main/store/DatasetStore.js';
import {JobStore} from '../../../src-main/store/JobStore.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {CheckerGrader} from '../../support/checkerGrader.js';
import {ScriptedExecutor, twoStepLoaders} from '../../support/scriptedPolicy.js';
import {useTempDir} from '../../support/tempDir.js';

const loaders = twoStepLoaders();

describe('runBatch', () => {
	const tempDir = useTempDir();

	it('pauses on a full disk, says so in its job, and goes on by itself once there is room: every problem searched once', async () => {
		const workspace = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			await ensureBuiltinDatasets(workspace, path.join(resourcesDir(), 'datasets'));
			const datasets = new DatasetStore(workspace.db);
			const pool = datasets.listDatasets().find(dataset => dataset.name === 'tiny-curriculum-train')!;
			const problems = datasets.selectProblems({datasetId: pool.id, perLevel: 2});
			const searches = new SearchService(workspace, loaders, new ScriptedExecutor(), new CheckerGrader());
			const jobs = new JobRunner(workspace);
			const evaluationId = Number(workspace.db.prepare(`INSERT INTO evaluations (dataset_id, kind, settings, policy_path, status, created_at)
				VALUES (?, 'search', '{}', 'p', 'running', '')`).run(pool.id).lastInsertRowid);

			// The database may not grow: the first search that needs a new page fails with SQLITE_FULL. (VACUUM first: the
			// free pages the seeding left would take a few searches' rows before any new page is needed.)
			workspace.db.exec('VACUUM');
			const pages = workspace.db.pragma('page_count', {simple: true}) as number;
			workspace.db.pragma(`max_page_count = ${pages}`);
			const batch = jobs.run({kind: 'test', roundId: null, title: 'batch'}, job => runBatch(searches, {
				link: {evaluationId}, problems, settings: settingsFor(null, {rollouts: 3, candidates: 2}),
				policyPath: defaultPolicyPath(), ppmPath: null, concurrency: 2
			}, job));
			const jobStore = new JobStore(workspace.db);
			await expect.poll(() => jobStore.list().at(-1)?.status, {timeout: 20_000, interval: 50}).toBe('paused');
			expect(jobStore.list().at(-1)?.error).toMatch(/^the disk is full \(.*\): free some space; the batch goes on by itself$/);

			workspace.db.pragma('max_page_count = 1073741823');
			await batch;
			expect(jobStore.list().at(-1)?.status).toBe('done');
			const linked = searches.linked({evaluationId});
			expect(linked.map(search => search.problemId).sort()).toEqual(problems.map(problem => problem.id).sort());
			expect(linked.map(search => search.status)).toEqual(problems.map(() => 'done'));
			expect(workspace.db.pragma('integrity_check', {simple: true})).toBe('ok');
		} finally {
			workspace.close();
		}
	}, 60_000);
});
