import {z} from 'zod';

export const qModes = ['terminal-guided', 'ppm-augmented'] as const;
export const answerSelections = ['majority-vote', 'best-ppm', 'ppm-weighted-vote'] as const;
export const promptFormats = ['rstar-sft', 'few-shot'] as const;

/** Every knob of a search, visible and stored with it. Defaults follow the rStar-Math paper. */
export const SearchSettings = z.object({
	/** `mcts`, or `beam`: step-level beam search ranked by the PPM (cheaper, needs a PPM). Defaults to `mcts`. */
	mode: z.enum(['mcts', 'beam']).default('mcts'),
	/** Beam search: open steps kept per depth (B1). Defaults to 2. */
	beamWidth: z.number().int().min(1).max(64).default(2),
	/** Beam search: candidates sampled from each kept step (B2). Defaults to 4. */
	beamCandidates: z.number().int().min(1).max(64).default(4),
	/** `terminal-guided`: Q from ±1 final-answer rewards; `ppm-augmented`: new nodes start at the PPM's score. Defaults to `terminal-guided`. */
	qMode: z.enum(qModes).default('terminal-guided'),
	/** Rollouts per problem. Defaults to 16. */
	rollouts: z.number().int().min(1).max(10_000).default(16),
	/** Candidate steps sampled per expansion (N). Defaults to 8. */
	candidates: z.number().int().min(1).max(64).default(8),
	/** Steps from the root before a trajectory is cut (terminal, reward −1). Defaults to 16. */
	maxDepth: z.number().int().min(1).max(64).default(16),
	/** c in UCT = Q + c·sqrt(ln N_parent / N). Defaults to 2. */
	cPuct: z.number().min(0).max(100).default(2),
	/** Consecutive steps whose code fails before the trajectory is cut (terminal, reward −1). Defaults to 2. */
	errorThreshold: z.number().int().min(1).max(16).default(2),
	/** Sampling temperature. Defaults to 0.7. */
	temperature: z.number().min(0).max(5).default(0.7),
	/** Nucleus sampling. Defaults to 0.95. */
	topP: z.number().gt(0).max(1).default(0.95),
	/** Tokens one step may take before it is cut (unparsable terminal). Defaults to 512. */
	maxStepTokens: z.number().int().min(8).max(8192).default(512),
	/** Wall time of one expansion. Defaults to 120 s. */
	stepDeadlineMs: z.number().int().min(100).max(3_600_000).default(120_000),
	/** Time limit of each code execution. Defaults to 10 s. */
	execTimeoutMs: z.number().int().min(50).max(600_000).default(10_000),
	/** Terminal value from the ground truth (±1); without it a PPM-augmented search scores terminals with the PPM. Defaults to `true`. */
	useGroundTruth: z.boolean().default(true),
	answerSelection: z.enum(answerSelections).default('majority-vote'),
	promptFormat: z.enum(promptFormats).default('rstar-sft'),
	/**
	 * Sample every candidate from a fresh KV cache: the search is then bit-reproducible under its seed (a resumed
	 * search builds exactly the tree an uninterrupted one does), at the cost of evaluating every prefix again.
	 * Defaults to `false` (prefixes reused; llama.cpp's batching can then change a near-tie sample).
	 */
	reproducible: z.boolean().default(false),
	seed: z.number().int().min(0).max(2 ** 31 - 1).default(0)
});
export type SearchSettings = z.output<typeof SearchSettings>;
export type SearchSettingsInput = z.input<typeof SearchSettings>;

/** Why a node ends its trajectory. */
export const terminalReasons = ['answer', 'code-error', 'depth', 'unparsable', 'too-long', 'children-terminal'] as const;
export type TerminalReason = (typeof terminalReasons)[number];

/** How a sampled step ended. */
export const stopReasons = ['end_of_step', 'end_of_code', 'end_of_answer', 'eos', 'max-tokens', 'deadline'] as const;
export type StopReason = (typeof stopReasons)[number];

export const SearchNode = z.object({
	id: z.number().int(),
	parentId: z.number().int().nullable(),
	depth: z.number().int(),
	/** The step as generated, end marker included (the root holds the prompt's question). */
	text: z.string(),
	/** Python of this step (the step without its markers), empty for answer steps. */
	code: z.string(),
	/** What running the trajectory's code up to this step printed, or its error. */
	output: z.string().nullable(),
	error: z.string().nullable(),
	finalAnswer: z.string().nullable(),
	terminal: z.boolean(),
	reason: z.enum(terminalReasons).nullable(),
	/** Final answer checked against the ground truth: null when there is none to check. */
	correct: z.boolean().nullable(),
	visits: z.number().int(),
	valueSum: z.number(),
	ppm: z.number().nullable(),
	stopReason: z.enum(stopReasons).nullable(),
	consecutiveErrors: z.number().int(),
	/** UCT value when this node was last selected. */
	uct: z.number().nullable(),
	/** The rollout that created it. */
	rollout: z.number().int()
});
export type SearchNode = z.infer<typeof SearchNode>;

/** How many candidates one expansion samples: N for MCTS, B2 for beam search (the policy's parallel sequences). */
export function candidatesPerExpansion(settings: SearchSettings): number {
	return settings.mode === 'beam' ? settings.beamCandidates : settings.candidates;
}
