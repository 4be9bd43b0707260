import {checkAnswer} from '../checker/checkAnswer.js';
import type {SearchSettings} from '../contract/search.js';
import {q, type SearchTree, type TreeNode} from './SearchTree.js';

export interface SelectedAnswer {
	answer: string | null;
	/** The terminal node the answer is taken from. */
	nodeId: number | null;
	/** Votes (or summed PPM weight) behind it. */
	support: number;
}

/**
 * The search's answer from its answer terminals: `majority-vote` (equal answers, by the checker, pool their votes;
 * ties go to the higher mean Q), `best-ppm` (the terminal the PPM scores highest), or `ppm-weighted-vote` (each
 * terminal votes with its PPM score mapped to (0, 1)).
 */
export function selectAnswer(tree: SearchTree, rule: SearchSettings['answerSelection']): SelectedAnswer {
	const answers = tree.nodes.filter(node => node.reason === 'answer' && node.finalAnswer !== null);
	if (answers.length === 0)
		return {answer: null, nodeId: null, support: 0};

	if (rule === 'best-ppm') {
		const best = answers.reduce((a, b) => (b.ppm ?? -Infinity) > (a.ppm ?? -Infinity) ? b : a);
		return {answer: best.finalAnswer, nodeId: best.id, support: best.ppm ?? 0};
	}

	const groups: {members: TreeNode[]; weight: number}[] = [];
	for (const node of answers) {
		const weight = rule === 'ppm-weighted-vote' ? ((node.ppm ?? 0) + 1) / 2 : 1;
		const group = groups.find(candidate => checkAnswer(candidate.members[0]!.finalAnswer!, node.finalAnswer!).equal);
		if (group) {
			group.members.push(node);
			group.weight += weight;
		} else
			groups.push({members: [node], weight});
	}
	const meanQ = (group: {members: TreeNode[]}) => group.members.reduce((sum, node) => sum + q(node), 0) / group.members.length;
	const best = groups.reduce((a, b) => b.weight > a.weight + 1e-12 || (Math.abs(b.weight - a.weight) <= 1e-12 && meanQ(b) > meanQ(a)) ? b : a);
	return {answer: best.members[0]!.finalAnswer, nodeId: best.members[0]!.id, support: best.weight};
}
