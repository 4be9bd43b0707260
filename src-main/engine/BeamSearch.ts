import {Search, type SearchOptions} from './Search.js';
import type {TreeNode} from './SearchTree.js';

/** Where a beam search stands before a depth: the steps to rank, and the beam width left. */
interface BeamState {
	candidates: TreeNode[];
	width: number;
}

/**
 * Step-level beam search, rule for rule as the reference implementation's `BS` agent: from each kept step, sample B2
 * candidates; every new child — terminals included — is scored by the PPM (its `value`) and all are ranked together,
 * best first (ties: creation order). Each answer found leaves the beam and narrows it by one for good; the top
 * `width` of the ranking are kept (a terminal among them holds its slot but is not expanded); any code error ends a
 * trajectory. The answer is the best-scored answer found (`best-ppm`). Each depth is one unit of progress (`rollout`
 * in events and storage), so a stopped beam search resumes at the next depth: its state is recomputed from the tree.
 */
export class BeamSearch extends Search {
	public constructor(options: SearchOptions) {
		if (!options.scorer)
			throw new Error('beam search ranks steps with a PPM: pass one (scorer)');
		super(options);
	}

	protected async search(signal?: AbortSignal): Promise<void> {
		const {settings} = this.options;
		let state = this.stateAt(this.completed);
		for (let depth = this.completed; depth < settings.maxDepth; depth++) {
			signal?.throwIfAborted();
			const open = this.keep(depth, state, true).filter(node => !node.terminal && node.depth <= settings.maxDepth);
			if (open.length === 0)
				return;
			const children: TreeNode[] = [];
			for (const beam of open)
				children.push(...await this.expander.expand(depth, beam, settings.beamCandidates, 1, signal));
			await this.expander.score(depth, children, signal);
			for (const child of children) {
				child.value = child.ppm!;
				this.touch(child);
			}
			state = {candidates: children, width: state.width};
			await this.commit(depth);
		}
	}

	/**
	 * The reference's `select_next_step`: rank the candidates by value, take each answer out (the width shrinks by
	 * one), and keep the top `width` of the ranking. Mutates `state.width`.
	 */
	private keep(depth: number, state: BeamState, record: boolean): TreeNode[] {
		const ranked = [...state.candidates].sort((a, b) => b.value - a.value);
		state.width -= ranked.filter(node => node.reason === 'answer').length;
		const kept = ranked.slice(0, Math.max(0, state.width));
		if (record)
			this.emit({kind: 'beam', rollout: depth, ranked: ranked.map(node => ({id: node.id, ppm: node.value})), kept: kept.map(node => node.id)});
		return kept;
	}

	/** The state after `depth` depths, recomputed from the tree (the root and the full width before any). */
	private stateAt(depth: number): BeamState {
		const state: BeamState = {candidates: [this.tree.root], width: this.options.settings.beamWidth};
		for (let level = 0; level < depth; level++) {
			const open = this.keep(level, state, false).filter(node => !node.terminal);
			state.candidates = open.flatMap(node => this.tree.childrenOf(node));
		}
		return state;
	}
}
