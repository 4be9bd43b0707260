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

/** The nodes from the root to `id`, in a tree whose array index is the node id (the engine's, a stored search's). */
export function pathTo<T extends {parentId: number | null}>(nodes: readonly T[], id: number): T[] {
	const path: T[] = [];
	for (let node: T | undefined = nodes[id]; node; node = node.parentId === null ? undefined : nodes[node.parentId])
		path.unshift(node);
	return path;
}

/** The program executed for a trajectory: the code of every step, concatenated, as the method requires. */
export function trajectoryProgram(path: readonly {code: string}[]): string {
	return path.map(node => node.code).filter(code => code.trim() !== '').join('\n');
}

const nodeId = z.number().int().min(0);

/**
 * What a search reports as it works, in order: enough to replay it step by step. `rollout` is the beam depth in beam
 * search. Persisted as the search's event log and pushed live to the UIs.
 */
export const SearchEvent = z.discriminatedUnion('kind', [
	/** Selection chose `nodeId` among its siblings by UCT; every sibling's UCT is kept. */
	z.object({kind: z.literal('select'), rollout: z.number().int(), nodeId, siblings: z.array(z.object({id: nodeId, uct: z.number()}))}),
	/** Expansion of `nodeId` added `children`; `merged` identical candidates were dropped. */
	z.object({kind: z.literal('expand'), rollout: z.number().int(), nodeId, children: z.array(nodeId), merged: z.number().int()}),
	/** The trajectory's code up to `nodeId` ran. */
	z.object({kind: z.literal('execute'), rollout: z.number().int(), nodeId, ok: z.boolean(), output: z.string().nullable(), error: z.string().nullable(), ms: z.number()}),
	/** The PPM scored new steps. */
	z.object({kind: z.literal('score'), rollout: z.number().int(), nodeIds: z.array(nodeId), scores: z.array(z.number())}),
	z.object({kind: z.literal('terminal'), rollout: z.number().int(), nodeId, reason: z.enum(terminalReasons), reward: z.number(), correct: z.boolean().nullable()}),
	/** Back-propagation: one visit and `reward` for every node of `path` (root first). */
	z.object({kind: z.literal('backup'), rollout: z.number().int(), path: z.array(nodeId), reward: z.number()}),
	/** Beam search: the open nodes of one depth ranked by PPM, and the ones kept. */
	z.object({kind: z.literal('beam'), rollout: z.number().int(), ranked: z.array(z.object({id: nodeId, ppm: z.number()})), kept: z.array(nodeId)})
]);
export type SearchEvent = z.infer<typeof SearchEvent>;

/** A node with its prior: Q(s) while N(s) = 0 (0, the PPM score, or a terminal's reward). */
export const StoredNode = SearchNode.extend({prior: z.number()});
export type StoredNode = z.infer<typeof StoredNode>;

/**
 * `queued`: waiting for a slot on its policy model; `interrupted`: its process ended without finishing it (killed,
 * crashed) — resumable like `stopped`.
 */
export const searchStatuses = ['queued', 'running', 'done', 'failed', 'stopped', 'interrupted'] as const;
export type SearchStatus = (typeof searchStatuses)[number];

/** One search as listed: what it ran on, and how it ended. */
export const SearchSummary = z.object({
	id: z.number().int(),
	problemId: z.number().int().nullable(),
	question: z.string(),
	goldAnswers: z.array(z.string()),
	settings: SearchSettings,
	policyPath: z.string(),
	ppmPath: z.string().nullable(),
	status: z.enum(searchStatuses),
	completedRollouts: z.number().int(),
	answer: z.string().nullable(),
	correct: z.boolean().nullable(),
	error: z.string().nullable(),
	nodeCount: z.number().int(),
	createdAt: z.string(),
	finishedAt: z.string().nullable()
});
export type SearchSummary = z.infer<typeof SearchSummary>;

/** Start a search on a stored problem, or on a typed question with optional acceptable answers. */
export const SearchStartParams = z.object({
	problemId: z.number().int().optional(),
	question: z.string().trim().min(1).max(100_000).optional(),
	answers: z.array(z.string().max(10_000)).max(100).default([]),
	/** A GGUF file. Defaults to the embedded policy. */
	policyPath: z.string().min(1).max(4096).optional(),
	/** A PPM bundle folder; none by default. */
	ppmPath: z.string().min(1).max(4096).optional(),
	settings: SearchSettings.partial().default({})
}).refine(params => (params.problemId === undefined) !== (params.question === undefined), {
	message: 'give either problemId or question, not both'
});

/** A step-level preference pair made by hand from two sibling steps, with its provenance. */
export const PreferencePair = z.object({
	id: z.number().int(),
	searchId: z.number().int(),
	/** The shared parent of both steps. */
	parentId: nodeId,
	chosenId: nodeId,
	rejectedId: nodeId,
	/** Q of each step when the pair was made. */
	chosenQ: z.number(),
	rejectedQ: z.number(),
	/** Who made it: `hand` pairs name their author. */
	source: z.enum(['hand']),
	author: z.string(),
	note: z.string(),
	createdAt: z.string()
});
export type PreferencePair = z.infer<typeof PreferencePair>;

export const PairCreateParams = z.object({
	searchId: z.number().int(),
	chosenId: nodeId,
	rejectedId: nodeId,
	author: z.string().trim().min(1).max(200),
	note: z.string().max(10_000).default('')
}).refine(params => params.chosenId !== params.rejectedId, {message: 'a pair needs two different steps'});
