import type {ExecLimitsInput, ExecResult} from '../contract/sandbox.js';
import type {StopReason} from '../contract/search.js';

/** One sampled continuation of a trajectory: the next step. */
export interface Candidate {
	/** The step's text, its end marker included when it has one. */
	text: string;
	stopReason: StopReason;
	/** Tokens generated for it. */
	tokens: number;
}

export interface ExpandRequest {
	question: string;
	/** The steps so far, root to leaf, as generated. */
	steps: readonly string[];
	/** How many candidates to sample (N). */
	count: number;
	temperature: number;
	topP: number;
	/** Top-k sampling; 0 is off. */
	topK: number;
	maxTokens: number;
	/** One seed per candidate: the same seeds give the same candidates. */
	seeds: readonly number[];
	deadlineMs: number;
}

/** How much of the policy's context a question's prompt takes, in tokens. */
export interface PromptFit {
	/** The question in the policy's prompt format, before any step. */
	promptTokens: number;
	/** What one sequence of the policy's context holds: the prompt and every step of a trajectory. */
	contextTokens: number;
}

/** The policy model: samples N candidate next steps for a trajectory. */
export interface Policy {
	expand(request: ExpandRequest, signal?: AbortSignal): Promise<Candidate[]>;
	/** Measures the prompt of `question` against the context (a search checks it fits before it starts). */
	fit(question: string): Promise<PromptFit>;
}

/** The process preference model: scores partial trajectories, each in (−1, 1). */
export interface Scorer {
	score(question: string, trajectories: readonly string[][], signal?: AbortSignal): Promise<number[]>;
}

/**
 * Runs Python programs (the sandbox implements it). `run` never rejects for anything the program does: every failure
 * of the program or of its sandbox is an ExecResult with ok = false.
 */
export interface Executor {
	run(code: string, limits?: ExecLimitsInput): Promise<ExecResult>;
}

/** A grader's verdict: whether two answers are equal, and the rule that decided it. */
export interface Verdict {
	equal: boolean;
	/** Names the rule that decided, e.g. `exact`, `math-verify`, `timeout`. */
	rule: string;
}

/**
 * Decides whether a predicted final answer equals any of the acceptable gold answers (the reward of an answer
 * terminal, and the equality behind answer votes). `grade` never rejects for anything in the answers: a pathological
 * answer is "not equal" (rule `timeout`) within the grader's time budget.
 */
export interface Grader {
	grade(gold: readonly string[], pred: string, signal?: AbortSignal): Promise<Verdict>;
}

export interface Clock {
	now(): number;
}

export const systemClock: Clock = {now: () => performance.now()};
