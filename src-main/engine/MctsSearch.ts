import {deriveSeed, mulberry32} from './rng.js';
import {Search, type SearchOptions} from './Search.js';
import type {TreeNode} from './SearchTree.js';
import {bestByUct} from './uct.js';

/**
 * Monte Carlo Tree Search over code-augmented CoT steps, as in rStar-Math. Each rollout selects by UCT down the tree,
 * expands a leaf with N sampled candidate steps, evaluates them (code executed, answers checked, PPM scored), goes on
 * until it reaches a terminal, and backs the terminal's reward up the path. Deterministic under the seed: every
 * random choice draws from seeds derived from (seed, rollout, node, candidate).
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

	private async rollout(rollout: number, signal?: AbortSignal): Promise<void> {
		const random = mulberry32(deriveSeed(this.options.settings.seed, rollout));
		let node = this.tree.root;
		for (;;) {
			if (node.terminal) {
				this.backup(rollout, node);
				return;
			}
			if (node.children.length === 0) {
				await this.expander.expand(rollout, node, this.options.settings.candidates, signal);
				if (node.children.length === 0) {
					this.expander.makeTerminal(rollout, node, 'unparsable', -1);
					continue;
				}
			}
			node = this.select(rollout, node, random);
		}
	}

	/** Selection: the non-terminal child with the best UCT; right after expansion, terminal children compete too. */
	private select(rollout: number, parent: TreeNode, random: () => number): TreeNode {
		const children = parent.children.map(id => this.tree.node(id));
		const fresh = children.every(child => child.visits === 0);
		const open = children.filter(child => !child.terminal);
		const candidates = fresh || open.length === 0 ? children : open;
		const {chosen, scores} = bestByUct(candidates, parent.visits, this.options.settings.cPuct, random);
		chosen.uct = scores.find(score => score.id === chosen.id)!.uct;
		this.touch(chosen);
		this.emit({kind: 'select', rollout, nodeId: chosen.id, siblings: scores});
		return chosen;
	}
}
