import type {PreferencePair} from '../contract/search.js';
import {q} from '../engine/SearchTree.js';
import {prefixOf, type ExtractionTree} from './ExtractionTree.js';
import {pairKey, type PairExample} from './extractPairs.js';

/**
 * A hand-made preference pair as a row of the reference's pair layout, beside the mined ones: the prefix down to the
 * shared parent as the reference's `get_prefix` (extra_rm_file.py) builds it, the two step texts, and counts of 1 — a
 * pair that stands alone, weighted 1 by the PPM trainer (`1 / (pos_count · neg_count)`, train/rm.py). Hand pairs pass
 * no margin or edit-distance filter: their author chose them. Q values are the tree's as given (final for a finished
 * search; the stored pair keeps those of when it was made). Its key is the one a mined pair of the same steps has.
 */
export function handPairRow(tree: ExtractionTree, pair: Pick<PreferencePair, 'id' | 'searchId' | 'parentId' | 'chosenId' | 'rejectedId'>): PairExample {
	if (pair.searchId !== tree.searchId)
		throw new Error(`hand pair ${pair.id} belongs to search ${pair.searchId}, not ${tree.searchId}`);
	const chosen = tree.nodes[pair.chosenId];
	const rejected = tree.nodes[pair.rejectedId];
	if (!chosen || !rejected || chosen.parentId !== pair.parentId || rejected.parentId !== pair.parentId)
		throw new Error(`hand pair ${pair.id}: steps ${pair.chosenId} and ${pair.rejectedId} are not children of node ${pair.parentId} in search ${tree.searchId}`);
	return {
		row: {prompt: prefixOf(tree, pair.parentId), neg: rejected.text, pos: chosen.text, neg_count: 1, pos_count: 1},
		provenance: {
			key: pairKey(tree.searchId, pair.parentId, pair.chosenId, pair.rejectedId), source: 'hand', handPairId: pair.id,
			searchId: tree.searchId, problemId: tree.problemId, parentId: pair.parentId, chosenId: pair.chosenId, rejectedId: pair.rejectedId,
			chosenQ: q(chosen), rejectedQ: q(rejected), stepMargin: q(chosen) - q(rejected)
		}
	};
}
