import {q, type TreeNode} from './SearchTree.js';

/** UCT(s) = Q(s) + c·sqrt(ln N(parent) / N(s)); an unvisited node (or one under an unvisited parent) scores Q alone, 0. */
export function uct(node: Pick<TreeNode, 'visits' | 'valueSum'>, parentVisits: number, c: number): number {
	const exploration = node.visits === 0 || parentVisits === 0 ? 0 : c * Math.sqrt(Math.log(parentVisits) / node.visits);
	return q(node) + exploration;
}

/**
 * The child to descend into, as the reference's `select_child`: the highest UCT among the children that are not
 * terminal, ties to the first in creation order; null when every child is terminal. Returns the UCTs for the record.
 */
export function selectChild(children: readonly TreeNode[], parentVisits: number, c: number): {chosen: TreeNode | null; scores: {id: number; uct: number}[]} {
	const open = children.filter(child => !child.terminal);
	const scores = open.map(node => ({id: node.id, uct: uct(node, parentVisits, c)}));
	let best = -1;
	scores.forEach((score, i) => {
		if (best === -1 || score.uct > scores[best]!.uct)
			best = i;
	});
	return {chosen: best === -1 ? null : open[best]!, scores};
}
