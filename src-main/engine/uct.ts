import {q, type TreeNode} from './SearchTree.js';

/** UCT(s) = Q(s) + c·sqrt(ln N(parent) / N(s)); the exploration term is 0 while N(s) = 0. */
export function uct(node: TreeNode, parentVisits: number, c: number): number {
	const exploration = node.visits === 0 || parentVisits === 0 ? 0 : c * Math.sqrt(Math.log(parentVisits) / node.visits);
	return q(node) + exploration;
}

/**
 * The child to descend into: the highest UCT among `candidates`, ties broken by `random` (seeded) so that the choice
 * is reproducible yet not biased to sampling order. Returns every candidate's UCT for the record.
 */
export function bestByUct(candidates: readonly TreeNode[], parentVisits: number, c: number, random: () => number): {chosen: TreeNode; scores: {id: number; uct: number}[]} {
	const scores = candidates.map(node => ({id: node.id, uct: uct(node, parentVisits, c)}));
	const best = Math.max(...scores.map(score => score.uct));
	const tied = scores.filter(score => Math.abs(score.uct - best) < 1e-12);
	const pick = tied[Math.floor(random() * tied.length)]!;
	return {chosen: candidates.find(node => node.id === pick.id)!, scores};
}
