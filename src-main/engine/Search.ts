import type {SearchSettings} from '../contract/search.js';
import type {Clock, Executor, Grader, Policy, Scorer} from './ports.js';
import {systemClock} from './ports.js';
import type {SearchEvent, SearchTimings} from './searchEvents.js';
import {SearchTree, update, type TreeNode} from './SearchTree.js';
import {StepExpander} from './StepExpander.js';

export interface SearchOptions {
	question: string;
	/** Acceptable final answers; empty when the problem has no ground truth. */
	goldAnswers: readonly string[];
	settings: SearchSettings;
	policy: Policy;
	executor: Executor;
	/** Judges final answers against `goldAnswers`. */
	grader: Grader;
	/** The PPM; required for `ppm-augmented` and for beam search. */
	scorer?: Scorer;
	clock?: Clock;
	/** Continue this tree (resume), whose first `completedRollouts` rollouts (beam depths) are done. */
	tree?: SearchTree;
	completedRollouts?: number;
	onEvent?(event: SearchEvent): void;
	/** Called after each rollout (an MCTS rollout, or a beam depth) with the nodes it created or changed and its events; awaited. */
	onRolloutDone?(rollout: number, changed: readonly TreeNode[], events: readonly SearchEvent[]): void | Promise<void>;
}

/**
 * What MCTS and beam search share: the tree, the expander, the timings, and the bookkeeping that hands each
 * completed rollout's changes and events to persistence as one unit.
 */
export abstract class Search {
	public readonly tree: SearchTree;
	public readonly timings: SearchTimings = {generationMs: 0, executionMs: 0, scoringMs: 0, totalMs: 0, generatedTokens: 0};
	protected completed: number;
	protected readonly clock: Clock;
	protected readonly expander: StepExpander;
	private events: SearchEvent[] = [];
	private changed = new Set<TreeNode>();

	protected constructor(protected readonly options: SearchOptions) {
		this.tree = options.tree ?? new SearchTree(options.question);
		this.completed = options.completedRollouts ?? 0;
		this.clock = options.clock ?? systemClock;
		this.expander = new StepExpander({
			...options, clock: this.clock, tree: this.tree, timings: this.timings,
			emit: event => this.emit(event), touched: node => this.touch(node)
		});
	}

	public get completedRollouts(): number {
		return this.completed;
	}

	/** Runs the remaining rollouts (beam depths); stops early when there is nothing left to search, or when `signal` aborts. */
	public async run(signal?: AbortSignal): Promise<void> {
		const started = this.clock.now();
		try {
			await this.search(signal);
		} finally {
			this.timings.totalMs += this.clock.now() - started;
		}
	}

	protected abstract search(signal?: AbortSignal): Promise<void>;

	protected emit(event: SearchEvent): void {
		this.events.push(event);
		this.options.onEvent?.(event);
	}

	protected touch(node: TreeNode): void {
		this.changed.add(node);
	}

	/** Closes rollout `rollout`: counts it and hands its changes to persistence. */
	protected async commit(rollout: number): Promise<void> {
		this.completed = rollout + 1;
		await this.options.onRolloutDone?.(rollout, [...this.changed], this.events);
		this.events = [];
		this.changed.clear();
	}

	/**
	 * The reference's `update_recursive` when `path` runs from the root: every node on it gets one visit and `value`.
	 * A path of one node is its plain `update` (a failed terminal's −1, a PPM score as one visit).
	 */
	protected backup(rollout: number, path: readonly TreeNode[], value: number): void {
		for (const node of path) {
			update(node, value);
			this.touch(node);
		}
		this.emit({kind: 'backup', rollout, path: path.map(node => node.id), reward: value});
	}
}
