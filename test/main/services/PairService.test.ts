import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {PairCreateParams, SearchSettings} from '../../../src-main/contract/search.js';
import {SearchTree} from '../../../src-main/engine/SearchTree.js';
import {PairService} from '../../../src-main/services/PairService.js';
import {SearchStore} from '../../../src-main/store/SearchStore.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {useTempDir} from '../../support/tempDir.js';

/** A stored search whose root has two visited children (Q 1 and −1) and one grandchild. */
function storedSearch(space: Workspace): number {
	const store = new SearchStore(space.db);
	const searchId = store.create({
		problemId: null, question: 'q', goldAnswers: ['7'], settings: SearchSettings.parse({}), policyPath: 'p.gguf',
		policySha256: '0'.repeat(64), ppmPath: null, ppmSha256: null
	});
	const tree = new SearchTree('q');
	const good = tree.add({parentId: 0, depth: 1, text: 'x = 7<end_of_step>', rollout: 0});
	const bad = tree.add({parentId: 0, depth: 1, text: 'x = 8<end_of_step>', rollout: 0});
	tree.add({parentId: 1, depth: 2, text: 'print(x)<end_of_code>', rollout: 0});
	Object.assign(good, {visits: 2, valueSum: 2});
	Object.assign(bad, {visits: 1, valueSum: -1});
	store.commitRollout(searchId, 1, tree.nodes, []);
	return searchId;
}

describe('PairService', () => {
	const tempDir = useTempDir();

	it('stores a hand-made pair of sibling steps with its provenance: search, nodes, Q values, who, when', () => {
		const space = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			const searchId = storedSearch(space);
			const pairs = new PairService(space);
			const pair = pairs.create(PairCreateParams.parse({searchId, chosenId: 1, rejectedId: 2, author: 'ada', note: 'adds, not subtracts'}));
			expect(pair).toMatchObject({searchId, parentId: 0, chosenId: 1, rejectedId: 2, chosenQ: 1, rejectedQ: -1, source: 'hand', author: 'ada', note: 'adds, not subtracts'});
			expect(Date.parse(pair.createdAt)).not.toBeNaN();
			expect(pairs.listForSearch(searchId)).toEqual([pair]);
		} finally {
			space.close();
		}
	});

	it('refuses steps that are not siblings, unknown nodes and searches, and a step paired with itself', () => {
		const space = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			const searchId = storedSearch(space);
			const pairs = new PairService(space);
			expect(() => pairs.create({searchId, chosenId: 3, rejectedId: 2, author: 'ada', note: ''})).toThrow(/not sibling steps/);
			expect(() => pairs.create({searchId, chosenId: 1, rejectedId: 0, author: 'ada', note: ''})).toThrow(/not sibling steps/);
			expect(() => pairs.create({searchId, chosenId: 1, rejectedId: 40, author: 'ada', note: ''})).toThrow(/no stored node 40/);
			expect(() => pairs.create({searchId: 77, chosenId: 1, rejectedId: 2, author: 'ada', note: ''})).toThrow(/no search 77/);
			expect(PairCreateParams.safeParse({searchId, chosenId: 1, rejectedId: 1, author: 'ada'}).success).toBe(false);
			expect(PairCreateParams.safeParse({searchId, chosenId: 1, rejectedId: 2, author: ' '}).success).toBe(false);
			expect(pairs.listForSearch(searchId)).toEqual([]);
		} finally {
			space.close();
		}
	});

	it('refuses the same pair twice, naming the pair it holds, and undoes a pair so it can be made again', () => {
		const space = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			const searchId = storedSearch(space);
			const pairs = new PairService(space);
			const first = pairs.create({searchId, chosenId: 1, rejectedId: 2, author: 'ada', note: ''});
			expect(() => pairs.create({searchId, chosenId: 1, rejectedId: 2, author: 'bob', note: 'again'}))
				.toThrow(expect.objectContaining({code: 'pair.duplicate', message: expect.stringMatching(new RegExp(`pair #${first.id} already prefers step #1 to #2 \\(by ada\\)`))}));
			// The other way round is another preference, and may be stored.
			const reversed = pairs.create({searchId, chosenId: 2, rejectedId: 1, author: 'ada', note: ''});
			expect(pairs.listForSearch(searchId)).toEqual([first, reversed]);

			pairs.delete(first.id);
			expect(pairs.listForSearch(searchId)).toEqual([reversed]);
			expect(() => pairs.delete(first.id)).toThrow(expect.objectContaining({code: 'not-found'}));
			expect(pairs.create({searchId, chosenId: 1, rejectedId: 2, author: 'ada', note: ''}).id).toBeGreaterThan(reversed.id);
		} finally {
			space.close();
		}
	});
});
