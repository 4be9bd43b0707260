import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ensureBuiltinDatasets} from '../../../src-main/datasets/ensureBuiltinDatasets.js';
import {defaultPolicyPath, resourcesDir} from '../../../src-main/paths.js';
import {EvaluationService} from '../../../src-main/services/EvaluationService.js';
import {JobRunner} from '../../../src-main/services/JobRunner.js';
import {RoundService} from '../../../src-main/services/RoundService.js';
import {SearchService, type ModelLoaders} from '../../../src-main/services/SearchService.js';
import {DatasetStore} from '../../../src-main/store/DatasetStore.js';
import {JobStore} from '../../../src-main/store/JobStore.js';
import {RoundStore} from '../../../src-main/store/RoundStore.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {CheckerGrader} from '../../support/checkerGrader.js';
import {ScriptedExecutor, twoStepLoaders} from '../../support/scriptedPolicy.js';
import {useTempDir} from '../../support/tempDir.js';

const noModels: ModelLoaders = {policy: () => Promise.reject(new Error('no model here')), ppm: () => Promise.reject(new Error('no model here'))};

describe('RoundService', () => {
	const tempDir = useTempDir();

	async function open() {
		const dir = tempDir();
		const workspace = Workspace.open(path.join(dir, 'w.db'));
		await ensureBuiltinDatasets(workspace, path.join(resourcesDir(), 'datasets'));
		const searches = new SearchService(workspace, noModels, new ScriptedExecutor(), new CheckerGrader());
		const jobs = new JobRunner(workspace);
		const rounds = new RoundService(workspace, searches, new EvaluationService(workspace, searches, new CheckerGrader(), jobs), jobs);
		const pool = new DatasetStore(workspace.db).listDatasets().find(dataset => dataset.name === 'tiny-curriculum-train')!;
		/** Stands in for a round's training: model files that exist, registered with the round. */
		const trained = (roundId: number) => {
			for (const kind of ['policy', 'ppm'] as const) {
				const file = path.join(dir, `r${roundId}-${kind}`);
				fs.writeFileSync(file, kind);
				new RoundStore(workspace.db).recordModel(roundId, {kind, path: file, sha256: kind, initPath: null, data: {}, training: {}});
			}
		};
		return {workspace, rounds, pool, trained, dir};
	}

	it('follows the paper\'s schedule and inherits what a round does not set; only given settings override a preset', async () => {
		const {workspace, rounds, pool, trained, dir} = await open();
		try {
			const first = rounds.create({evolution: 'e', poolDatasetId: pool.id, perLevel: 3, overrides: {rollouts: 8, promptFormat: 'rstar-sft'}, pairs: {minEditDistance: 1}});
			expect(first.config).toMatchObject({number: 1, policyPath: defaultPolicyPath(), ppmPath: null, pool: {datasetId: pool.id, perLevel: 3}, pairs: {minEditDistance: 1, minStepMargin: 0.5}});
			// The preset's candidates (12) and threshold stand; the flag's rollouts and prompt format go over them.
			expect(first.config.settings).toMatchObject({preset: 'rstar-bootstrap', qMode: 'terminal-guided', rollouts: 8, candidates: 12, errorThreshold: 2, promptFormat: 'rstar-sft'});
			expect(() => rounds.create({evolution: 'e'})).toThrow(/round 2 searches with the policy of round 1, which has not trained one yet/);

			trained(first.id);
			const second = rounds.create({evolution: 'e'});
			expect(second.config).toMatchObject({number: 2, policyPath: path.join(dir, `r${first.id}-policy`), ppmPath: null, pool: {datasetId: pool.id, perLevel: 3}, pairs: {minEditDistance: 1}});
			expect(second.config.settings).toMatchObject({preset: 'rstar-round', qMode: 'terminal-guided', rollouts: 8, candidates: 12, errorThreshold: 1, temperature: 1});

			trained(second.id);
			const third = rounds.create({evolution: 'e', overrides: {candidates: 4}});
			expect(third.config).toMatchObject({number: 3, policyPath: path.join(dir, `r${second.id}-policy`), ppmPath: path.join(dir, `r${second.id}-ppm`)});
			expect(third.config.settings).toMatchObject({preset: 'rstar-round', qMode: 'ppm-augmented', candidates: 4});
			expect(third.config.overrides).toEqual({rollouts: 8, promptFormat: 'rstar-sft', candidates: 4});
			expect(() => rounds.create({evolution: 'e', number: 3})).toThrow(/already has a round 3/);
			expect(rounds.find('e/2').id).toBe(second.id);
			expect(() => rounds.find('e/9')).toThrow(/no round "e\/9"/);
		} finally {
			workspace.close();
		}
	}, 60_000);

	it('runs a stage only after the stages before it, and records a failed stage\'s job with its error', async () => {
		const {workspace, rounds, pool} = await open();
		try {
			const round = rounds.create({evolution: 'e', poolDatasetId: pool.id, perLevel: 1});
			await expect(rounds.run(round.id, {only: ['extract']})).rejects.toThrow(/extract comes after search, which is not done/);
			// The models cannot load here: the search stage fails, as its job and the round say.
			await expect(rounds.run(round.id)).rejects.toThrow(/no model here/);
			expect(rounds.get(round.id)).toMatchObject({status: 'failed', searchResult: null});
			expect(new JobStore(workspace.db).list({roundId: round.id})).toMatchObject([{kind: 'round.search', status: 'failed', error: expect.stringMatching(/no model here/)}]);
			// A stage another live process runs (this test's own pid stands in for it) is not run twice.
			new JobStore(workspace.db).create({kind: 'round.search', roundId: round.id, title: 'e round 1: search'});
			await expect(rounds.run(round.id)).rejects.toThrow(new RegExp(`^e round 1 is running in process ${process.pid} \\(job \\d+, e round 1: search\\): wait for it`));
		} finally {
			workspace.close();
		}
	}, 60_000);

	it('runs a round in the background: its pool sample, live problem table and stage views; pause, resume and stop', async () => {
		const dir = tempDir();
		const workspace = Workspace.open(path.join(dir, 'w.db'));
		try {
			await ensureBuiltinDatasets(workspace, path.join(resourcesDir(), 'datasets'));
			const searches = new SearchService(workspace, twoStepLoaders(100), new ScriptedExecutor(), new CheckerGrader());
			const jobs = new JobRunner(workspace);
			const rounds = new RoundService(workspace, searches, new EvaluationService(workspace, searches, new CheckerGrader(), jobs), jobs);
			const pool = new DatasetStore(workspace.db).listDatasets().find(dataset => dataset.name === 'tiny-curriculum-train')!;
			const request = {evolution: 'bg', poolDatasetId: pool.id, perLevel: 4, sample: 3, concurrency: 1, overrides: {rollouts: 2, candidates: 2}};
			const config = rounds.preview(request);
			expect(rounds.list()).toEqual([]);
			const round = rounds.create(request);
			expect(round.config).toEqual(config);
			const pending = rounds.problems(round.id);
			// Three of the pool, in the dataset's order, the same three every time the seed is the same.
			expect(pending.map(problem => problem.status)).toEqual(['pending', 'pending', 'pending']);
			expect(pending.map(problem => problem.problemId)).toEqual([...pending.map(problem => problem.problemId)].sort((a, b) => a - b));
			expect(rounds.problems(round.id)).toEqual(pending);
			expect(() => rounds.pause(round.id)).toThrow(/bg round 1 is not running: there is nothing to pause/);
			expect(rounds.view(round).stages.map(stage => stage.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);

			expect(rounds.start(round.id, {only: ['search']}).status).toBe('running');
			expect(() => rounds.start(round.id)).toThrow(/bg round 1 is running/);
			const doneCount = () => rounds.problems(round.id).filter(problem => problem.status === 'done').length;
			await expect.poll(doneCount, {timeout: 20_000, interval: 20}).toBeGreaterThanOrEqual(1);
			rounds.pause(round.id);
			expect(rounds.view(rounds.get(round.id)).stages[0]).toMatchObject({stage: 'search', status: 'paused', job: {status: 'paused'}});
			// The search in flight finishes; nothing new starts while paused.
			await expect.poll(() => rounds.problems(round.id).some(problem => problem.status === 'running'), {timeout: 20_000, interval: 20}).toBe(false);
			const whilePaused = doneCount();
			await new Promise(resolve => setTimeout(resolve, 700));
			expect(doneCount()).toBe(whilePaused);
			expect(whilePaused).toBeLessThan(3);

			rounds.resume(round.id);
			await expect.poll(() => rounds.view(rounds.get(round.id)).stages[0]!.status, {timeout: 30_000, interval: 50}).toBe('done');
			const searched = rounds.problems(round.id);
			expect(searched.map(problem => problem.status)).toEqual(['done', 'done', 'done']);
			expect(searched.every(problem => problem.searchId !== null && problem.nodes > 1 && problem.found !== null)).toBe(true);
			const view = rounds.view(rounds.get(round.id));
			expect(view.searchResult).toMatchObject({problems: 3});
			expect(view.stages.map(stage => stage.status)).toEqual(['done', 'pending', 'pending', 'pending', 'pending']);
			await expect.poll(() => rounds.get(round.id).status).toBe('created');

			// Stopped: the round and its stage say so; what was searched stays, and a run goes on from there.
			const second = rounds.create({evolution: 'stop', poolDatasetId: pool.id, perLevel: 2, concurrency: 1, overrides: {rollouts: 4, candidates: 2}});
			rounds.start(second.id, {only: ['search']});
			await expect.poll(() => jobs.list({roundId: second.id}).length).toBe(1);
			rounds.stop(second.id);
			await expect.poll(() => rounds.get(second.id).status, {timeout: 20_000}).toBe('stopped');
			expect(rounds.view(rounds.get(second.id)).stages[0]).toMatchObject({status: 'stopped', job: {error: 'stopped by the user'}});

			// Closing the app stops the rounds it runs, and waits for them to record it.
			rounds.start(second.id, {only: ['search']});
			await rounds.close();
			expect(rounds.get(second.id)).toMatchObject({status: 'stopped', error: 'the app closed while the round ran: run it again to go on'});
		} finally {
			await new Promise(resolve => setTimeout(resolve, 200));
			workspace.close();
		}
	}, 90_000);
});
