import {checkAnswer} from '../checker/checkAnswer.js';
import type {SearchSettings, TerminalReason} from '../contract/search.js';
import type {Candidate, Clock, Executor, Policy, Scorer} from './ports.js';
import {systemClock} from './ports.js';
import {deriveSeed, mulberry32} from './rng.js';
import {SearchTree, type TreeNode} from './SearchTree.js';
import {parseStep, markers} from './stepFormat.js';
import {bestByUct} from './uct.js';

/** What the engine reports as it works: enough to replay a search step by step. */
export type SearchEvent =
	| {kind: 'select'; rollout: number; nodeId: number; siblings: {id: number; uct: number}[]}
	| {kind: 'expand'; rollout: number; nodeId: number; children: number[]; merged: number}
	| {kind: 'execute'; rollout: number; nodeId: number; ok: boolean; output: string | null; error: string | null; ms: number}
	| {kind: 'score'; rollout: number; nodeIds: number[]; scores: number[]}
	| {kind: 'terminal'; rollout: number; nodeId: number; reason: TerminalReason; reward: number; correct: boolean | null}
	| {kind: 'backup'; rollout: number; path: number[]; reward: number};

export interface MctsSearchOptions {
	question: string;
	/** Acceptable final answers; empty when the problem has no ground truth. */
	goldAnswers: readonly string[];
	settings: SearchSettings;
	policy: Policy;
	executor: Executor;
	/** The PPM; required for `ppm-augmented`. */
	scorer?: Scorer;
	clock?: Clock;
	/** Continue this tree (resume), whose first `completedRollouts` rollouts are done. */
	tree?: SearchTree;
	completedRollouts?: number;
	onEvent?(event: SearchEvent): void;
	/** Called after each rollout with the nodes it created or changed and its events; awaited (persistence). */
	onRolloutDone?(rollout: number, changed: readonly TreeNode[], events: readonly SearchEvent[]): void | Promise<void>;
}

/** Where wall time went, for the bench. */
export interface SearchTimings {
	generationMs: number;
	executionMs: number;
	scoringMs: number;
	totalMs: number;
	generatedTokens: number;
}

/**
 * Monte Carlo Tree Search over code-augmented CoT steps, as in rStar-Math. Each rollout selects by UCT down the tree,
 * expands a leaf with N sampled candidate steps, evaluates them (code executed, answers checked, PPM scored), goes on
 * until it reaches a terminal, and backs the terminal's reward up the path. Deterministic under the seed: every
 * random choice draws from seeds derived from (seed, rollout, node, candidate).
 */
export class MctsSearch {
	public readonly tree: SearchTree;
	public readonly timings: SearchTimings = {generationMs: 0, executionMs: 0, scoringMs: 0, totalMs: 0, generatedTokens: 0};
	private completed: number;
	private readonly clock: Clock;
	private events: SearchEvent[] = [];
	private changed = new Set<TreeNode>();

	public constructor(private readonly options: MctsSearchOptions) {
		if (options.settings.qMode === 'ppm-augmented' && !options.scorer)
			throw new Error('a ppm-augmented search needs a PPM (scorer)');
		this.tree = options.tree ?? new SearchTree(options.question);
		this.completed = options.completedRollouts ?? 0;
		this.clock = options.clock ?? systemClock;
	}

	public get completedRollouts(): number {
		return this.completed;
	}

	/** Runs the remaining rollouts; stops early when the whole tree is terminal, or when `signal` aborts. */
	public async run(signal?: AbortSignal): Promise<void> {
		const started = this.clock.now();
		try {
			while (this.completed < this.options.settings.rollouts && !this.tree.root.terminal) {
				signal?.throwIfAborted();
				await this.rollout(this.completed, signal);
				this.completed++;
				await this.options.onRolloutDone?.(this.completed - 1, [...this.changed], this.events);
				this.events = [];
				this.changed.clear();
			}
		} finally {
			this.timings.totalMs += this.clock.now() - started;
		}
	}

	private emit(event: SearchEvent): void {
		this.events.push(event);
		this.options.onEvent?.(event);
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
				await this.expand(rollout, node, signal);
				if (node.children.length === 0) {
					this.makeTerminal(rollout, node, 'unparsable', -1);
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
		const candidates = fresh ? children : open;
		const {chosen, scores} = bestByUct(candidates.length > 0 ? candidates : children, parent.visits, this.options.settings.cPuct, random);
		chosen.uct = scores.find(score => score.id === chosen.id)!.uct;
		this.changed.add(chosen);
		this.emit({kind: 'select', rollout, nodeId: chosen.id, siblings: scores});
		return chosen;
	}

	/** Expansion: N candidates from the policy, identical ones merged, then evaluated. */
	private async expand(rollout: number, node: TreeNode, signal?: AbortSignal): Promise<void> {
		const {settings} = this.options;
		const started = this.clock.now();
		const candidates = await this.options.policy.expand({
			question: this.options.question,
			steps: this.tree.steps(node.id),
			count: settings.candidates,
			temperature: settings.temperature,
			topP: settings.topP,
			maxTokens: settings.maxStepTokens,
			seeds: Array.from({length: settings.candidates}, (_, i) => deriveSeed(settings.seed, rollout, node.id, i)),
			deadlineMs: settings.stepDeadlineMs
		}, signal);
		this.timings.generationMs += this.clock.now() - started;
		this.timings.generatedTokens += candidates.reduce((sum, candidate) => sum + candidate.tokens, 0);

		const kept = mergeCandidates(candidates);
		const children = kept.map(candidate => {
			const child = this.tree.add({parentId: node.id, depth: node.depth + 1, text: candidate.text, rollout});
			child.stopReason = candidate.stopReason;
			this.changed.add(child);
			return child;
		});
		this.changed.add(node);
		this.emit({kind: 'expand', rollout, nodeId: node.id, children: children.map(child => child.id), merged: candidates.length - kept.length});
		await Promise.all(children.map(child => this.evaluate(rollout, child)));
		await this.score(rollout, children, signal);
		if (children.length > 0 && children.every(child => child.terminal)) {
			node.terminal = true;
			node.reason = 'children-terminal';
		}
	}

	/** Evaluation of one new step: parse it, run the trajectory's code, check a final answer. */
	private async evaluate(rollout: number, child: TreeNode): Promise<void> {
		const {settings} = this.options;
		const parent = this.tree.node(child.parentId!);
		const step = parseStep(child.text);
		if (step.kind === 'unparsable')
			return this.makeTerminal(rollout, child, child.stopReason === 'max-tokens' || child.stopReason === 'deadline' ? 'too-long' : 'unparsable', -1);

		if (step.kind === 'answer') {
			child.finalAnswer = step.finalAnswer;
			const gold = this.options.goldAnswers;
			child.correct = gold.length > 0 && child.finalAnswer !== null ? checkAnswer(gold, child.finalAnswer).equal : null;
			// PPM-augmented without the ground truth: the PPM's score is the terminal's value (see score()).
			const reward = child.correct === null ? 0 : child.correct ? 1 : -1;
			return this.makeTerminal(rollout, child, 'answer', settings.useGroundTruth || settings.qMode === 'terminal-guided' ? reward : 0);
		}

		child.code = step.code;
		const started = this.clock.now();
		const result = await this.options.executor.run(this.tree.program(child.id), {timeoutMs: settings.execTimeoutMs});
		this.timings.executionMs += this.clock.now() - started;
		child.output = result.stdout;
		child.error = result.ok ? null : result.error;
		child.consecutiveErrors = result.ok ? 0 : parent.consecutiveErrors + 1;
		this.emit({kind: 'execute', rollout, nodeId: child.id, ok: result.ok, output: result.stdout, error: child.error, ms: result.ms});
		if (child.consecutiveErrors >= settings.errorThreshold)
			return this.makeTerminal(rollout, child, 'code-error', -1);
		if (child.depth >= settings.maxDepth)
			return this.makeTerminal(rollout, child, 'depth', -1);
	}

	/** PPM scores for the new steps: their prior Q in ppm-augmented mode; recorded in any mode when a PPM is given. */
	private async score(rollout: number, children: TreeNode[], signal?: AbortSignal): Promise<void> {
		const {scorer, settings} = this.options;
		if (!scorer || children.length === 0)
			return;
		const started = this.clock.now();
		const scores = await scorer.score(this.options.question, children.map(child => this.tree.steps(child.id)), signal);
		this.timings.scoringMs += this.clock.now() - started;
		children.forEach((child, i) => {
			child.ppm = scores[i]!;
			if (settings.qMode !== 'ppm-augmented')
				return;
			if (!child.terminal)
				child.prior = child.ppm;
			else if (child.reason === 'answer' && !(settings.useGroundTruth && child.correct !== null)) {
				child.reward = child.ppm;
				child.prior = child.ppm;
			}
		});
		this.emit({kind: 'score', rollout, nodeIds: children.map(child => child.id), scores});
	}

	private makeTerminal(rollout: number, node: TreeNode, reason: TerminalReason, reward: number): void {
		node.terminal = true;
		node.reason = reason;
		node.reward = reward;
		node.prior = reward;
		this.changed.add(node);
		this.emit({kind: 'terminal', rollout, nodeId: node.id, reason, reward, correct: node.correct});
	}

	/** Back-propagation: every node from the terminal up to the root gets one visit and the terminal's reward. */
	private backup(rollout: number, terminal: TreeNode): void {
		const reward = terminal.reward ?? -1;
		const path = this.tree.path(terminal.id);
		for (const node of path) {
			node.visits++;
			node.valueSum += reward;
			node.q = node.valueSum / node.visits;
			this.changed.add(node);
		}
		this.emit({kind: 'backup', rollout, path: path.map(node => node.id), reward});
	}
}

/**
 * Identical candidates are merged (the first kept). Of the candidates that end the solution with an answer, only
 * the first is kept, as the reference implementation does.
 */
export function mergeCandidates(candidates: readonly Candidate[]): Candidate[] {
	const seen = new Set<string>();
	let answerKept = false;
	const kept: Candidate[] = [];
	for (const candidate of candidates) {
		const key = candidate.text.trim();
		if (seen.has(key))
			continue;
		seen.add(key);
		if (key.endsWith(markers.endOfAnswer)) {
			if (answerKept)
				continue;
			answerKept = true;
		}
		kept.push(candidate);
	}
	return kept;
}
