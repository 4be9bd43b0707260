import type {PairStatus} from '../contract/curation.js';
import type {PairRow} from '../rounds/extractPairs.js';

/**
 * The statuses each export scope holds (contract: `pairExportScopes`). Rejected, both-good, both-bad and skipped pairs
 * never leave: they carry no preference a model should learn.
 */
export const pairExportStatuses = {
	curated: ['pending', 'accepted', 'edited', 'swapped'],
	judged: ['accepted', 'edited', 'swapped']
} as const satisfies Record<string, readonly PairStatus[]>;

/**
 * A curated pair as a row of the reference's layout: a step's edit replaces its text, a swapped pair trades its
 * sides (and the reference's counts with them: `pos_count` counts the chosen side's siblings).
 */
export function curatedRow(pair: {status: PairStatus; chosenText: string; rejectedText: string; chosenEdit: string | null; rejectedEdit: string | null; posCount: number; negCount: number}, prompt: string): PairRow {
	const chosen = pair.chosenEdit ?? pair.chosenText;
	const rejected = pair.rejectedEdit ?? pair.rejectedText;
	return pair.status === 'swapped'
		? {prompt, neg: chosen, pos: rejected, neg_count: pair.posCount, pos_count: pair.negCount}
		: {prompt, neg: rejected, pos: chosen, neg_count: pair.negCount, pos_count: pair.posCount};
}
