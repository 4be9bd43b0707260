import type {StoredNode} from '../contract/search.js';
import type {Grader} from '../engine/ports.js';
import type {Trajectory} from './accuracyVsN.js';
import {answerClasses} from './answerClasses.js';

export interface TrajectoriesOfOptions {
	/**
	 * Keep only each rollout's best-scored answer (ties: the earlier node), in rollout order: the reference's
	 * per-rollout record that its PPM votes (`selectAnswer`'s `ppm-top-k-majority` and `ppm-weighted-vote`) draw from,
	 * so that N counts rollouts. Otherwise every answer leaf, in node order. Defaults to false.
	 */
	onePerRollout?: boolean;
	signal?: AbortSignal;
}

/**
 * The answer-terminal trajectories of a stored search tree, for `accuracyVsN`: the answer leaves with an answer (the
 * ones `selectAnswer` chooses among). A trajectory's score is its leaf's PPM score, or the leaf's value where it has
 * none, as `selectAnswer` scores it; `correct` is the stored verdict, and an unjudged answer (no gold) counts as wrong.
 * Answers are classed by the grader (see `answerClasses`).
 */
export async function trajectoriesOf(nodes: readonly StoredNode[], grader: Grader, options: TrajectoriesOfOptions = {}): Promise<Trajectory[]> {
	let leaves = nodes.filter(node => node.reason === 'answer' && node.finalAnswer !== null);
	if (options.onePerRollout) {
		const best = new Map<number, StoredNode>();
		for (const node of leaves) {
			const held = best.get(node.rollout);
			if (!held || score(node) > score(held))
				best.set(node.rollout, node);
		}
		leaves = [...best.values()].sort((a, b) => a.rollout - b.rollout);
	}
	const classes = await answerClasses(leaves.map(node => node.finalAnswer), grader, options.signal);
	return leaves.map((node, i) => ({answerClass: classes[i]!, correct: node.correct === true, ppm: score(node)}));
}

function score(node: StoredNode): number {
	return node.ppm ?? node.value;
}
