import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {PairService} from '../../../src-main/services/PairService.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {callServe, startServe} from '../../support/runCli.js';
import {storeScriptedSearch} from '../../support/scriptedSearch.js';
import {useTempDir} from '../../support/tempDir.js';

/**
 * A decision or a step label reported saved is on disk: the server is killed (SIGKILL, nothing flushed, no handler
 * run) right after each answer, and what it answered is there when the workspace is opened again.
 */
describe('labels survive a killed server', () => {
	const tempDir = useTempDir();

	it('keeps every decision and step label the server reported saved before it was killed', async () => {
		const db = path.join(tempDir(), 'w.db');
		const stored = await storeScriptedSearch(db, 'What is 3 + 4?', 60);
		const seed = Workspace.open(db);
		const pairIds: number[] = [];
		try {
			const pairs = new PairService(seed);
			pairs.import({fileName: 'seed.jsonl', author: 'ada', content: ['a', 'b', 'c'].map(name => JSON.stringify({prompt: `p ${name}`, pos: `good ${name}`, neg: `bad ${name}`})).join('\n')});
			pairIds.push(...pairs.queue({sort: 'id', direction: 'asc', offset: 0, limit: 10}).rows.map(row => row.id));
		} finally {
			seed.close();
		}
		const leaf = stored.nodes.find(node => node.depth >= 2)!;
		const verdicts = ['accepted', 'swapped', 'both-bad'] as const;
		for (const [i, pairId] of pairIds.entries()) {
			const serve = await startServe(['--db', db]);
			const saved = await callServe(serve, 'pair.label', {pairId, verdict: verdicts[i], labeller: 'ada', note: `label ${i}`});
			expect(saved).toMatchObject({pair: {id: pairId, status: verdicts[i]}});
			await callServe(serve, 'label.step', {searchId: stored.searchId, leafId: leaf.id, nodeId: leaf.parentId === 0 ? leaf.id : leaf.parentId!, rating: i - 1, labeller: 'ada'});
			await serve.kill();
		}

		const after = Workspace.open(db);
		try {
			const rows = after.db.prepare('SELECT p.id, p.status, d.verdict, d.note FROM preference_pairs p JOIN pair_decisions d ON d.pair_id = p.id ORDER BY p.id').all();
			expect(rows).toEqual(pairIds.map((id, i) => ({id, status: verdicts[i], verdict: verdicts[i], note: `label ${i}`})));
			expect(after.db.prepare('SELECT rating FROM step_labels').all()).toEqual([{rating: 1}]);
		} finally {
			after.close();
		}
	}, 120_000);
});
