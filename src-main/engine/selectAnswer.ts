import type {SearchSettings} from '../contract/search.js';
import type {Grader} from './ports.js';
import {q, type SearchTree, type TreeNode} from './SearchTree.js';

export interface SelectedAnswer {
	answer: string | null;
	/** The terminal node the answer is taken from. */
	nodeId: number | null;
	/** What stands behind it: votes, summed scores, its Q or its score, by the rule. */
	support: number;
}

const none: SelectedAnswer = {answer: null, nodeId: null, support: 0};

/**
 * The search's answer from its answer leaves, by `settings.answerSelection` (see `answerSelections`). Answers are
 * the same when the grader says so. A leaf's score is its PPM score, or its value where it has none.
 */
export async function selectAnswer(tree: SearchTree, settings: Pick<SearchSettings, 'answerSelection' | 'voteTopK'>, grader: Grader): Promise<SelectedAnswer> {
	const answers = tree.nodes.filter(node => node.reason === 'answer' && node.finalAnswer !== null);
	if (answers.length === 0)
		return none;
	switch (settings.answerSelection) {
		case 'majority-vote': {
			const groups = await groupEqual(answers, grader);
			const best = groups.reduce((a, b) => b.length > a.length || (b.length === a.length && meanQ(b) > meanQ(a)) ? b : a);
			return {answer: best[0]!.finalAnswer, nodeId: best[0]!.id, support: best.length};
		}
		case 'highest-q': {
			const best = highestQ(tree);
			return best ? {answer: best.finalAnswer, nodeId: best.id, support: q(best)} : none;
		}
		case 'best-ppm': {
			const best = answers.reduce((a, b) => score(b) > score(a) ? b : a);
			return {answer: best.finalAnswer, nodeId: best.id, support: score(best)};
		}
		case 'ppm-top-k-majority':
		case 'ppm-weighted-vote': {
			const top = bestPerRollout(answers).slice(0, settings.voteTopK);
			const groups = await groupEqual(top, grader);
			const weight = (group: TreeNode[]) => settings.answerSelection === 'ppm-weighted-vote' ? group.reduce((sum, node) => sum + score(node), 0) : group.length;
			// Ties go to the group holding the better-scored answer: the groups come in the order of their best member.
			const best = groups.reduce((a, b) => weight(b) > weight(a) ? b : a);
			return {answer: best[0]!.finalAnswer, nodeId: best[0]!.id, support: weight(best)};
		}
	}
}

function score(node: TreeNode): number {
	return node.ppm ?? node.value;
}

export function meanQ(group: readonly TreeNode[]): number {
	return group.reduce((sum, node) => sum + q(node), 0) / group.length;
}

/** Groups of equal answers, in the order of their first member; the same text needs no grading. */
export async function groupEqual(nodes: readonly TreeNode[], grader: Grader): Promise<TreeNode[][]> {
	const groups: TreeNode[][] = [];
	for (const node of nodes) {
		let home: TreeNode[] | undefined = groups.find(group => group[0]!.finalAnswer === node.finalAnswer);
		for (const group of groups) {
			if (home)
				break;
			if ((await grader.grade([group[0]!.finalAnswer!], node.finalAnswer!)).equal)
				home = group;
		}
		if (home)
			home.push(node);
		else
			groups.push([node]);
	}
	return groups;
}

/**
 * The reference's `eval_output.py` walk: level by level, the children of the open nodes ranked by Q (stable), their
 * answer leaves collected in that order; the answer leaf with the highest Q wins (ties: the first collected).
 */
function highestQ(tree: SearchTree): TreeNode | null {
	const found: TreeNode[] = [];
	let current = [tree.root];
	while (current.length > 0) {
		const ranked = current.flatMap(node => tree.childrenOf(node)).sort((a, b) => q(b) - q(a));
		found.push(...ranked.filter(node => node.reason === 'answer' && node.children.length === 0));
		current = ranked.filter(node => node.reason !== 'answer' && node.children.length > 0);
	}
	return found.length === 0 ? null : found.reduce((a, b) => q(b) > q(a) ? b : a);
}

/**
 * The reference's per-rollout record (`record_intermediate_metric`): for each rollout, the answer it created with the
 * best score; these, best first (ties: the earlier rollout).
 */
function bestPerRollout(answers: readonly TreeNode[]): TreeNode[] {
	const best = new Map<number, TreeNode>();
	for (const node of answers) {
		const held = best.get(node.rollout);
		if (!held || score(node) > score(held))
			best.set(node.rollout, node);
	}
	return [...best.values()].sort((a, b) => score(b) - score(a) || a.rollout - b.rollout);
}
