import type {SearchSummary} from '../../../src-main/contract/search';

/**
 * How far a search got, in its own unit: rollouts out of its budget for MCTS; for beam search, whose `rollout` count
 * is the depths it searched, the depth out of its maximum (it may end sooner, when every kept step ends).
 */
export function progressLabel(search: Pick<SearchSummary, 'completedRollouts' | 'settings'>): string {
	return search.settings.mode === 'beam'
		? `depth ${search.completedRollouts}/${search.settings.maxDepth}`
		: `${search.completedRollouts}/${search.settings.rollouts} rollouts`;
}
