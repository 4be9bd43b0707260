import {Search, type SearchOptions} from './Search.js';
import type {TreeNode} from './SearchTree.js';
import {selectChild} from './uct.js';

/**
 * Monte Carlo Tree Search over code-augmented CoT steps, rule for rule as the reference implementation's `MCTS`
 * agent (microsoft/rStar, branch rStar-math). A rollout walks down from the root: at each node it expands the node if
 * it has no children yet, then selects the open child with the best UCT, for at most `maxDepth` nodes. Values come
 * only from updates, never from a prior:
 * - sampling mode (`useGroundTruth` and a ground truth): every answer child is judged when it is created and ±1 is
 *   backed up from it to the root;
 * - a failed terminal (code errors past the threshold, the depth limit) takes −1 on itself alone;
 * - `ppm-augmented`: every new open child takes its PPM score as one visit (N = 1, Q = score), not propagated; and
 *   without judging, an answer's score is backed up to the root instead.
 * A node whose children are all terminal becomes terminal when selection finds no open child; the rollout then ends
 * with no further update. Deterministic under the seed: sampling seeds derive from (seed, rollout, node, candidate).
 */
export class MctsSearch extends Search {
	public constructor(options: SearchOptions) {
		if (options.settings.qMode === 'ppm-augmented' && !options.scorer)
			throw new Error('a ppm-augmented search needs a PPM (scorer)');
		super(options);
	}

	protected async search(signal?: AbortSignal): Promise<void> {
		while (this.completed < this.options.settings.rollouts && !this.tree.root.terminal) {
			signal?.throwIfAborted();
			await this.rollout(this.completed, signal);
			await this.commit(this.completed);
		}
	}

	/** One rollout (the reference's `solve` loop for one agent): select from the root, then expand and select per step. */
	private async rollout(rollout: number, signal?: AbortSignal): Promise<void> {
		let node: TreeNode | null = this.tree.root;
		if (node.children.length > 0)
			node = this.select(rollout, node);
		for (let step = 0; node && step < this.options.settings.maxDepth; step++) {
			if (node.children.length === 0) {
				await this.expand(rollout, node, signal);
				if (node.children.length === 0) {
					// The policy gave nothing to work with: nothing to select from, now or later.
					this.expander.makeTerminal(rollout, node, 'unparsable', null);
					return;
				}
			}
			node = this.select(rollout, node);
		}
	}

	/** Expansion and the values its children take at once (see the class comment). */
	private async expand(rollout: number, node: TreeNode, signal?: AbortSignal): Promise<void> {
		const {settings, scorer} = this.options;
		const children = await this.expander.expand(rollout, node, settings.candidates, settings.errorThreshold, signal);
		for (const child of children)
			if (child.reward !== null)
				this.backup(rollout, child.reason === 'answer' ? this.tree.path(child.id) : [child], child.reward);
		if (!scorer)
			return;
		// The reference scores the new children that no update reached yet (`update_leaf_value`).
		const fresh = children.filter(child => child.visits === 0);
		await this.expander.score(rollout, fresh, signal);
		if (settings.qMode !== 'ppm-augmented')
			return;
		for (const child of fresh) {
			if (child.reason === 'answer') {
				child.reward = child.ppm!;
				this.backup(rollout, this.tree.path(child.id), child.ppm!);
			} else if (!child.terminal)
				this.backup(rollout, [child], child.ppm!);
		}
	}

	/** Selection: the open child with the best UCT (ties: the first created); none open makes `parent` terminal. */
	private select(rollout: number, parent: TreeNode): TreeNode | null {
		const {chosen, scores} = selectChild(this.tree.childrenOf(parent), parent.visits, this.options.settings.cPuct);
		if (!chosen) {
			this.expander.makeTerminal(rollout, parent, 'children-terminal', null);
			return null;
		}
		chosen.uct = scores.find(score => score.id === chosen.id)!.uct;
		this.touch(chosen);
		this.emit({kind: 'select', rollout, nodeId: chosen.id, siblings: scores});
		return chosen;
	}
}
