import {checkAnswer} from '../checker/checkAnswer.js';
import type {TerminalReason} from '../contract/search.js';
import type {Candidate, Clock} from './ports.js';
import type {SearchOptions} from './Search.js';
import {deriveSeed} from './rng.js';
import type {SearchEvent, SearchTimings} from './searchEvents.js';
import type {SearchTree, TreeNode} from './SearchTree.js';
import {markers, parseStep} from './stepFormat.js';

export interface StepExpanderOptions extends Pick<SearchOptions, 'question' | 'goldAnswers' | 'settings' | 'policy' | 'executor' | 'scorer'> {
	clock: Clock;
	tree: SearchTree;
	timings: SearchTimings;
	emit(event: SearchEvent): void;
	/** Every node created or changed is reported here, for persistence. */
	touched(node: TreeNode): void;
}

/**
 * Expansion and evaluation, shared by MCTS and beam search: sample candidate steps for a node, merge identical
 * ones, run each new step's trajectory code, check final answers, score the new steps with the PPM, and mark
 * terminals with their reward.
 */
export class StepExpander {
	public constructor(private readonly options: StepExpanderOptions) {}

	/** Adds up to `count` evaluated children to `node`; `round` (the rollout, or the beam depth) seeds the sampling. */
	public async expand(round: number, node: TreeNode, count: number, signal?: AbortSignal): Promise<TreeNode[]> {
		const {settings, tree, timings, clock} = this.options;
		const started = clock.now();
		const candidates = await this.options.policy.expand({
			question: this.options.question,
			steps: tree.steps(node.id),
			count,
			temperature: settings.temperature,
			topP: settings.topP,
			maxTokens: settings.maxStepTokens,
			seeds: Array.from({length: count}, (_, i) => deriveSeed(settings.seed, round, node.id, i)),
			deadlineMs: settings.stepDeadlineMs
		}, signal);
		timings.generationMs += clock.now() - started;
		timings.generatedTokens += candidates.reduce((sum, candidate) => sum + candidate.tokens, 0);

		const kept = mergeCandidates(candidates);
		const children = kept.map(candidate => {
			const child = tree.add({parentId: node.id, depth: node.depth + 1, text: candidate.text, rollout: round});
			child.stopReason = candidate.stopReason;
			this.options.touched(child);
			return child;
		});
		this.options.touched(node);
		this.options.emit({kind: 'expand', rollout: round, nodeId: node.id, children: children.map(child => child.id), merged: candidates.length - kept.length});
		// The children's programs run in parallel on the sandbox pool: the phase's wall time is what counts.
		const evaluating = clock.now();
		await Promise.all(children.map(child => this.evaluate(round, child)));
		timings.executionMs += clock.now() - evaluating;
		await this.score(round, children, signal);
		if (children.length > 0 && children.every(child => child.terminal)) {
			node.terminal = true;
			node.reason = 'children-terminal';
		}
		return children;
	}

	public makeTerminal(round: number, node: TreeNode, reason: TerminalReason, reward: number): void {
		node.terminal = true;
		node.reason = reason;
		node.reward = reward;
		node.prior = reward;
		this.options.touched(node);
		this.options.emit({kind: 'terminal', rollout: round, nodeId: node.id, reason, reward, correct: node.correct});
	}

	/** Evaluation of one new step: parse it, run the trajectory's code, check a final answer. */
	private async evaluate(round: number, child: TreeNode): Promise<void> {
		const {settings, tree} = this.options;
		const parent = tree.node(child.parentId!);
		const step = parseStep(child.text);
		if (step.kind === 'unparsable')
			return this.makeTerminal(round, child, child.stopReason === 'max-tokens' || child.stopReason === 'deadline' ? 'too-long' : 'unparsable', -1);

		if (step.kind === 'answer') {
			child.finalAnswer = step.finalAnswer;
			const gold = this.options.goldAnswers;
			child.correct = gold.length > 0 && child.finalAnswer !== null ? checkAnswer(gold, child.finalAnswer).equal : null;
			// Without the ground truth, a PPM-augmented search values the terminal by the PPM (see score()).
			const reward = child.correct === null ? 0 : child.correct ? 1 : -1;
			return this.makeTerminal(round, child, 'answer', settings.useGroundTruth || settings.qMode === 'terminal-guided' ? reward : 0);
		}

		child.code = step.code;
		const result = await this.options.executor.run(tree.program(child.id), {timeoutMs: settings.execTimeoutMs});
		child.output = result.stdout;
		child.error = result.ok ? null : result.error;
		child.consecutiveErrors = result.ok ? 0 : parent.consecutiveErrors + 1;
		this.options.emit({kind: 'execute', rollout: round, nodeId: child.id, ok: result.ok, output: result.stdout, error: child.error, ms: result.ms});
		if (child.consecutiveErrors >= settings.errorThreshold)
			return this.makeTerminal(round, child, 'code-error', -1);
		if (child.depth >= settings.maxDepth)
			return this.makeTerminal(round, child, 'depth', -1);
	}

	/** PPM scores for the new steps: their prior Q in ppm-augmented mode; recorded in any mode when a PPM is given. */
	private async score(round: number, children: TreeNode[], signal?: AbortSignal): Promise<void> {
		const {scorer, settings, tree, timings, clock} = this.options;
		if (!scorer || children.length === 0)
			return;
		const started = clock.now();
		const scores = await scorer.score(this.options.question, children.map(child => tree.steps(child.id)), signal);
		timings.scoringMs += clock.now() - started;
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
		this.options.emit({kind: 'score', rollout: round, nodeIds: children.map(child => child.id), scores});
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
