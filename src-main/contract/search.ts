import {z} from 'zod';
import {overridesOf} from './overridesOf.js';

export const qModes = ['terminal-guided', 'ppm-augmented'] as const;
/**
 * How a search picks its answer: `majority-vote` over every answer leaf; `highest-q`, the answer leaf with the highest
 * Q (the reference's `eval_output.py`); `best-ppm`, the best-scored answer (its beam search's answer);
 * `ppm-top-k-majority`, the best-scored answer of each rollout, then a majority vote among the `voteTopK` best of those
 * (its `eval_maj.py`); `ppm-weighted-vote`, the same k answers, each group weighted by its summed score.
 */
export const answerSelections = ['majority-vote', 'highest-q', 'best-ppm', 'ppm-top-k-majority', 'ppm-weighted-vote'] as const;
export type AnswerSelection = (typeof answerSelections)[number];
export const promptFormats = ['rstar-sft', 'few-shot'] as const;
export const searchPresets = ['rstar-bootstrap', 'rstar-round', 'rstar-eval-mcts', 'rstar-eval-beam'] as const;
export type SearchPreset = (typeof searchPresets)[number];

/**
 * Every knob of a search, visible and stored with it. The rules default to the reference implementation's
 * (microsoft/rStar, branch rStar-math); the budgets (rollouts, candidates) to a quick search — a preset sets the
 * reference's.
 */
export const SearchSettings = z.object({
	/** The preset these settings started from, if any (values given with it override it). */
	preset: z.enum(searchPresets).nullable().default(null),
	/** `mcts`, or `beam`: step-level beam search ranked by the PPM (cheaper, needs a PPM). Defaults to `mcts`. */
	mode: z.enum(['mcts', 'beam']).default('mcts'),
	/** Beam search: steps kept per depth (B1), shrinking by one for each answer found. Defaults to 8. */
	beamWidth: z.number().int().min(1).max(64).default(8),
	/** Beam search: candidates sampled from each kept step (B2). Defaults to 8. */
	beamCandidates: z.number().int().min(1).max(64).default(8),
	/**
	 * `terminal-guided`: Q from the answers' ±1 rewards alone; `ppm-augmented`: each new step also takes its PPM score
	 * as one visit (N = 1, Q = score), not propagated. Defaults to `terminal-guided`.
	 */
	qMode: z.enum(qModes).default('terminal-guided'),
	/** Rollouts per problem. Defaults to 16 (the reference's presets: 48 when sampling, 12 for evaluation). */
	rollouts: z.number().int().min(1).max(10_000).default(16),
	/** Candidate steps sampled per expansion (N). Defaults to 8 (the reference's presets: 12 when sampling, 32 for evaluation). */
	candidates: z.number().int().min(1).max(64).default(8),
	/** Steps from the root a trajectory may take: a new step deeper than this ends it (terminal, −1). Defaults to 16. */
	maxDepth: z.number().int().min(1).max(64).default(16),
	/** c in UCT = Q + c·sqrt(ln N_parent / N). Defaults to 2. */
	cPuct: z.number().min(0).max(100).default(2),
	/**
	 * Consecutive steps whose code fails that end a trajectory (terminal, −1): 2 for the bootstrap round, 1 for later
	 * rounds and evaluation. Beam search ends a trajectory at any failure. Defaults to 2.
	 */
	errorThreshold: z.number().int().min(1).max(16).default(2),
	/** Sampling temperature. Defaults to 0.7. */
	temperature: z.number().min(0).max(5).default(0.7),
	/** Nucleus sampling. Defaults to 1 (off). */
	topP: z.number().gt(0).max(1).default(1),
	/** Top-k sampling; 0 is off. Defaults to 0. */
	topK: z.number().int().min(0).max(100_000).default(0),
	/** Tokens one step may take; a step cut there is parsed as the reference parses it (code, unless it mentions `boxed`). Defaults to 2048. */
	maxStepTokens: z.number().int().min(8).max(8192).default(2048),
	/** Wall time of one expansion. Defaults to 120 s. */
	stepDeadlineMs: z.number().int().min(100).max(3_600_000).default(120_000),
	/** Time limit of each code execution. Defaults to 10 s (the reference: 60 s). */
	execTimeoutMs: z.number().int().min(50).max(600_000).default(10_000),
	/**
	 * Judge answers against the ground truth when they are created and back ±1 up to the root (the reference's
	 * sampling mode, for making training data). Off — or with no ground truth — answers are not judged for Q: a
	 * PPM-augmented search backs their PPM score up instead (its evaluation mode). Defaults to `true`.
	 */
	useGroundTruth: z.boolean().default(true),
	answerSelection: z.enum(answerSelections).default('majority-vote'),
	/** The k of `ppm-top-k-majority` and `ppm-weighted-vote`. Defaults to 4 (the reference's `top_n`). */
	voteTopK: z.number().int().min(1).max(1024).default(4),
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

/** How a node is marked wherever the tree is drawn: its answer's verdict, the way it was pruned, or still open. */
export type NodeKind = 'correct' | 'wrong' | 'unchecked' | 'code-error' | 'failed' | 'exhausted' | 'open';

export function nodeKindOf(node: {reason: TerminalReason | null; correct: boolean | null}): NodeKind {
	switch (node.reason) {
		case null: return 'open';
		case 'answer': return node.correct === null ? 'unchecked' : node.correct ? 'correct' : 'wrong';
		case 'code-error': return 'code-error';
		case 'children-terminal': return 'exhausted';
		default: return 'failed';
	}
}

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
	/** N(s): updates this node received (back-propagations through it, or its own value as one visit). */
	visits: z.number().int(),
	/** The sum of those updates; Q(s) = valueSum / visits, 0 while unvisited. */
	valueSum: z.number(),
	/** The reference's `value`: the first value this node was updated with (0 before any update). */
	value: z.number(),
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

/**
 * The program executed for the last step of `path` (root first): the code of every step since the last step that
 * closed a program (its text holds `<end_of_code>` or an output block), concatenated, as the reference collects it.
 */
export function trajectoryProgram(path: readonly {text: string; code: string}[]): string {
	let start = 0;
	path.forEach((node, i) => {
		if (i < path.length - 1 && (node.text.includes('<end_of_code>') || node.text.includes('<end_of_output>')))
			start = i + 1;
	});
	return path.slice(start).map(node => node.code).filter(code => code.trim() !== '').join('\n');
}

/** Whether a tree reached a right answer (an answer leaf judged correct): what a round can learn from, a search's "found". */
export function reachedRightAnswer(nodes: readonly {reason: string | null; correct: boolean | null}[]): boolean {
	return nodes.some(node => node.reason === 'answer' && node.correct === true);
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
	/** `nodeId` ends its trajectory; `reward` is its judged value when known at that point (±1, −1 for a failure). */
	z.object({kind: z.literal('terminal'), rollout: z.number().int(), nodeId, reason: z.enum(terminalReasons), reward: z.number().nullable(), correct: z.boolean().nullable()}),
	/**
	 * An update: one visit and `reward` for every node of `path` (root first). A back-propagation runs from the root
	 * to a judged answer; a path of one node updates that node alone (a failed terminal's −1, a PPM score as one visit).
	 */
	z.object({kind: z.literal('backup'), rollout: z.number().int(), path: z.array(nodeId), reward: z.number()}),
	/** Beam search: the open nodes of one depth ranked by PPM, and the ones kept. */
	z.object({kind: z.literal('beam'), rollout: z.number().int(), ranked: z.array(z.object({id: nodeId, ppm: z.number()})), kept: z.array(nodeId)})
]);
export type SearchEvent = z.infer<typeof SearchEvent>;

/** A node as stored and served: the search node itself. */
export const StoredNode = SearchNode;
export type StoredNode = SearchNode;

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
	/** Settings over the preset named in them (or the defaults): only those given, so a preset's others stand. */
	settings: overridesOf(SearchSettings).default({})
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

/**
 * What a finished (or stopped) search came to, computed from its stored tree: the answers' vote split, its nodes by
 * kind, the tokens it generated and where its work time went.
 */
export const SearchOutcome = z.object({
	searchId: z.number().int(),
	/**
	 * The answer leaves grouped by equal answer (the grader's equality, as majority vote groups them), most votes
	 * first (ties: the higher mean Q); `chosen` marks the group of the search's answer.
	 */
	votes: z.array(z.object({answer: z.string(), count: z.number().int(), meanQ: z.number(), correct: z.boolean().nullable(), chosen: z.boolean()})),
	/** Nodes by kind: `open` (not terminal), or the terminal reason; the root counts as open. */
	nodes: z.object({total: z.number().int(), open: z.number().int(), byReason: z.record(z.enum(terminalReasons), z.number().int())}),
	/** Answer leaves judged right or wrong, or with no ground truth to judge; pruned: code errors, depth, unparsable or cut steps. */
	counts: z.object({correct: z.number().int(), wrong: z.number().int(), unjudged: z.number().int(), pruned: z.number().int()}),
	generatedTokens: z.number().int(),
	/** Work time by stage (ms): sampling steps, running their code and judging answers, scoring with the PPM; `total` is their sum. */
	timeMs: z.object({generation: z.number(), execution: z.number(), scoring: z.number(), total: z.number()})
});
export type SearchOutcome = z.infer<typeof SearchOutcome>;
