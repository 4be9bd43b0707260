import {Search, type SearchOptions} from './Search.js';
import type {TreeNode} from './SearchTree.js';

/**
 * Step-level beam search: from each of the B1 kept steps, sample B2 candidates; evaluate and PPM-score them; keep
 * the B1 best-scored open steps for the next depth. Cheaper than MCTS (no rollouts back to the root), and only as
 * good as the PPM. Each depth is one unit of progress (`rollout` in events and storage), so a stopped beam search
 * resumes at the next depth: the kept steps of every depth are recomputed from the stored scores.
 */
export class BeamSearch extends Search {
	public constructor(options: SearchOptions) {
		if (!options.scorer)
			throw new Error('beam search ranks steps with a PPM: pass one (scorer)');
		super(options);
	}

	protected async search(signal?: AbortSignal): Promise<void> {
		const {settings} = this.options;
		let beams = this.keptAt(this.completed);
		for (let depth = this.completed; depth < settings.maxDepth && beams.length > 0; depth++) {
			signal?.throwIfAborted();
			const open: TreeNode[] = [];
			for (const beam of beams)
				open.push(...(await this.expander.expand(depth, beam, settings.beamCandidates, signal)).filter(child => !child.terminal));
			for (const terminal of this.tree.nodes.filter(node => node.rollout === depth && node.terminal && node.children.length === 0))
				this.backup(depth, terminal);
			beams = this.rank(depth, open);
			await this.commit(depth);
		}
	}

	/** The B1 open steps with the best PPM scores (ties: the earlier node). */
	private rank(depth: number, open: readonly TreeNode[], record = true): TreeNode[] {
		const ranked = [...open].sort((a, b) => (b.ppm ?? -Infinity) - (a.ppm ?? -Infinity) || a.id - b.id);
		const kept = ranked.slice(0, this.options.settings.beamWidth);
		if (record)
			this.emit({kind: 'beam', rollout: depth, ranked: ranked.map(node => ({id: node.id, ppm: node.ppm ?? 0})), kept: kept.map(node => node.id)});
		return kept;
	}

	/** The steps kept after `depth` levels, recomputed from the tree (the root before any). */
	private keptAt(depth: number): TreeNode[] {
		let beams = [this.tree.root];
		for (let level = 0; level < depth; level++)
			beams = this.rank(level, beams.flatMap(beam => beam.children.map(id => this.tree.node(id)).filter(child => !child.terminal)), false);
		return beams;
	}
}
