import type {StopReason, TerminalReason} from '../contract/search.js';
import type {Candidate, Clock} from './ports.js';
import type {SearchOptions} from './Search.js';
import {deriveSeed} from './rng.js';
import type {SearchEvent, SearchTimings} from './searchEvents.js';
import type {SearchTree, TreeNode} from './SearchTree.js';
import {codeStepText, isErrorObservation, markers, observationOf, parseStep} from './stepFormat.js';

export interface StepExpanderOptions extends Pick<SearchOptions, 'question' | 'goldAnswers' | 'settings' | 'policy' | 'executor' | 'scorer' | 'grader'> {
	clock: Clock;
	tree: SearchTree;
	timings: SearchTimings;
	emit(event: SearchEvent): void;
	/** Every node created or changed is reported here, for persistence. */
	touched(node: TreeNode): void;
}

/**
 * Expansion, shared by MCTS and beam search, as the reference's `create_child`: sample candidate steps for a node,
 * drop duplicates, and make each a child — an answer (judged against the ground truth when there is one), or a code
 * step whose trajectory code runs, its output stored in its text, ending the trajectory past the consecutive-error
 * threshold or the depth limit. How children are valued (back-propagation, PPM) is each search's own rule.
 */
export class StepExpander {
	public constructor(private readonly options: StepExpanderOptions) {}

	/**
	 * Adds the evaluated children of `node` (one per distinct candidate); `rollout` (the MCTS rollout, or the beam
	 * depth) seeds the sampling. `errorThreshold`: consecutive failing code steps that end a trajectory.
	 */
	public async expand(rollout: number, node: TreeNode, count: number, errorThreshold: number, signal?: AbortSignal): Promise<TreeNode[]> {
		const {settings, tree, timings, clock} = this.options;
		const started = clock.now();
		const candidates = await this.options.policy.expand({
			question: this.options.question,
			steps: tree.steps(node.id),
			count,
			temperature: settings.temperature,
			topP: settings.topP,
			topK: settings.topK,
			maxTokens: settings.maxStepTokens,
			seeds: Array.from({length: count}, (_, i) => deriveSeed(settings.seed, rollout, node.id, i)),
			deadlineMs: settings.stepDeadlineMs
		}, signal);
		timings.generationMs += clock.now() - started;
		timings.generatedTokens += candidates.reduce((sum, candidate) => sum + candidate.tokens, 0);

		const kept = mergeCandidates(candidates);
		const children = kept.map(candidate => {
			const child = tree.add({parentId: node.id, depth: node.depth + 1, text: candidate.text, rollout});
			child.stopReason = candidate.stopReason;
			this.options.touched(child);
			return child;
		});
		this.options.touched(node);
		this.options.emit({kind: 'expand', rollout, nodeId: node.id, children: children.map(child => child.id), merged: candidates.length - kept.length});
		// The children's programs run in parallel on the sandbox pool and are graded in parallel: the phase's wall time
		// is what counts. Each child's outcome depends only on its own step and its parent, so order does not matter.
		const evaluating = clock.now();
		await Promise.all(children.map(child => this.evaluate(rollout, child, errorThreshold, signal)));
		timings.executionMs += clock.now() - evaluating;
		return children;
	}

	/** The PPM's scores of `nodes` (their partial trajectories), recorded on them; none without a PPM. */
	public async score(rollout: number, nodes: readonly TreeNode[], signal?: AbortSignal): Promise<void> {
		const {scorer, tree, timings, clock} = this.options;
		if (!scorer || nodes.length === 0)
			return;
		const started = clock.now();
		const scores = await scorer.score(this.options.question, nodes.map(node => tree.steps(node.id)), signal);
		timings.scoringMs += clock.now() - started;
		nodes.forEach((node, i) => {
			node.ppm = scores[i]!;
			this.options.touched(node);
		});
		this.options.emit({kind: 'score', rollout, nodeIds: nodes.map(node => node.id), scores});
	}

	/** Ends `node`'s trajectory; `reward` is its judged value when one is known now. */
	public makeTerminal(rollout: number, node: TreeNode, reason: TerminalReason, reward: number | null): void {
		node.terminal = true;
		node.reason = reason;
		node.reward = reward;
		this.options.touched(node);
		this.options.emit({kind: 'terminal', rollout, nodeId: node.id, reason, reward, correct: node.correct});
	}

	/** One new step: an answer is judged; code runs with the trajectory's code before it; the depth limit applies. */
	private async evaluate(rollout: number, child: TreeNode, errorThreshold: number, signal?: AbortSignal): Promise<void> {
		const {settings, tree} = this.options;
		const parent = tree.node(child.parentId!);
		const step = parseStep(child.text);
		if (step.kind === 'answer') {
			child.finalAnswer = step.finalAnswer;
			const gold = this.options.goldAnswers;
			child.correct = gold.length > 0 ? (await this.options.grader.grade(gold, step.finalAnswer!, signal)).equal : null;
			// Judged now (±1) in the reference's sampling mode; otherwise valued later, by the PPM or not at all.
			const reward = settings.useGroundTruth && child.correct !== null ? (child.correct ? 1 : -1) : null;
			return this.makeTerminal(rollout, child, 'answer', reward);
		}
		if (step.kind !== 'plain') {
			child.code = step.code;
			const result = await this.options.executor.run(tree.program(child.id), {timeoutMs: settings.execTimeoutMs});
			child.output = result.stdout;
			child.error = result.ok ? null : result.error;
			const observation = observationOf(result, settings.execTimeoutMs);
			const failed = isErrorObservation(observation);
			child.consecutiveErrors = failed ? parent.consecutiveErrors + 1 : 0;
			const endsForErrors = failed && child.consecutiveErrors >= errorThreshold;
			child.text = codeStepText(child.text, observation, endsForErrors);
			this.options.emit({kind: 'execute', rollout, nodeId: child.id, ok: !failed, output: result.stdout, error: child.error ?? (failed ? observation : null), ms: result.ms});
			if (endsForErrors)
				return this.makeTerminal(rollout, child, 'code-error', -1);
		}
		if (child.depth > settings.maxDepth)
			return this.makeTerminal(rollout, child, 'depth', -1);
	}
}

/** The end marker a candidate stopped at, which the reference's sampler reports apart from the text. */
const stopMarkers: Partial<Record<StopReason, string>> = {
	end_of_step: markers.endOfStep, end_of_code: markers.endOfCode, end_of_answer: markers.endOfAnswer
};

/**
 * The reference's candidate filter: candidates whose generated text (the stop marker aside) is the same are merged,
 * the first kept; and when any candidate stopped at `<end_of_answer>`, only the first of those is kept — the
 * expansion then yields that one answer.
 */
export function mergeCandidates(candidates: readonly Candidate[]): Candidate[] {
	const seen = new Set<string>();
	const distinct = candidates.filter(candidate => {
		const marker = stopMarkers[candidate.stopReason];
		const key = marker && candidate.text.endsWith(marker) ? candidate.text.slice(0, -marker.length) : candidate.text;
		if (seen.has(key))
			return false;
		seen.add(key);
		return true;
	});
	const answer = distinct.find(candidate => candidate.stopReason === 'end_of_answer');
	return answer ? [answer] : distinct;
}
