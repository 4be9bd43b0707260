import {z} from 'zod';

/**
 * Curation: the queue of step-level preference pairs (mined by a round's extraction, made by hand, imported), the
 * decisions people take on them, step labels on whole trajectories (PRM800K's scheme), the team's guidelines, saved
 * views of the queue and agreement samples.
 */

/** Where a pair came from: a round's extraction (`mined`), the Search page (`hand`), a JSONL file (`imported`). */
export const pairSources = ['hand', 'mined', 'imported'] as const;
export type PairSource = (typeof pairSources)[number];

/**
 * A pair's state: `pending` until judged; `accepted` as it stands; `rejected` (not a useful pair); `edited` (accepted
 * with a step's text corrected: exports use the edit, the original is kept); `swapped` (the rejected step is the
 * better one: exports swap them); `both-good` / `both-bad` (no preference between them); `skipped`.
 */
export const pairStatuses = ['pending', 'accepted', 'rejected', 'edited', 'swapped', 'both-good', 'both-bad', 'skipped'] as const;
export type PairStatus = (typeof pairStatuses)[number];

/** What a decision can set: every status; `pending` resets a pair. */
export const pairVerdicts = pairStatuses;
export type PairVerdict = PairStatus;

const labeller = z.string().trim().min(1, 'give your name (who labels)').max(200);

/**
 * A filter over the queue; every field optional, all given must hold. Flat, so the CLI's flags derive from it.
 * `ppm`: the stored PPM scores of the two steps favour the chosen one (`agrees`), the rejected one (`disagrees`), or
 * there are none (`none`).
 */
export const PairFilters = z.object({
	roundId: z.number().int().optional(),
	datasetId: z.number().int().optional(),
	level: z.string().max(100).optional(),
	problemId: z.number().int().optional(),
	searchId: z.number().int().optional(),
	source: z.enum(pairSources).optional(),
	status: z.enum(pairStatuses).optional(),
	/** Who took the pair's latest decision. */
	labeller: z.string().max(200).optional(),
	depthMin: z.number().int().optional(),
	depthMax: z.number().int().optional(),
	/** Q margin: chosen Q − rejected Q. */
	marginMin: z.number().optional(),
	marginMax: z.number().optional(),
	/** Levenshtein distance between the two steps' texts (characters). */
	editDistanceMin: z.number().int().optional(),
	editDistanceMax: z.number().int().optional(),
	ppm: z.enum(['agrees', 'disagrees', 'none']).optional(),
	/** The pair's problem is flagged bad (true) or not (false). */
	flagged: z.boolean().optional()
});
export type PairFilters = z.output<typeof PairFilters>;

export const pairSortColumns = ['id', 'round', 'dataset', 'level', 'problem', 'depth', 'margin', 'editDistance', 'ppmMargin', 'status', 'labeller', 'decidedAt'] as const;
export type PairSortColumn = (typeof pairSortColumns)[number];

/** A filtered, sorted view of the queue: what a saved view stores. Ties sort by id. */
export const PairView = PairFilters.extend({
	sort: z.enum(pairSortColumns).default('id'),
	direction: z.enum(['asc', 'desc']).default('asc')
});
export type PairView = z.output<typeof PairView>;
export type PairViewInput = z.input<typeof PairView>;

export const PairQuery = PairView.extend({
	offset: z.number().int().min(0).default(0),
	limit: z.number().int().min(1).max(1000).default(200)
});

/** The PPM's preference between the two steps, from their stored scores, as shown to a labeller. */
export const PairSuggestion = z.object({
	chosenScore: z.number(),
	rejectedScore: z.number(),
	prefers: z.enum(['chosen', 'rejected'])
});
export type PairSuggestion = z.infer<typeof PairSuggestion>;

/** A row of the queue. Tree fields are null for an imported pair, which carries its texts only. */
export const QueuePair = z.object({
	id: z.number().int(),
	source: z.enum(pairSources),
	status: z.enum(pairStatuses),
	searchId: z.number().int().nullable(),
	parentId: z.number().int().nullable(),
	chosenId: z.number().int().nullable(),
	rejectedId: z.number().int().nullable(),
	roundId: z.number().int().nullable(),
	/** `evolution r<number>`, for display. */
	roundLabel: z.string().nullable(),
	problemId: z.number().int().nullable(),
	datasetId: z.number().int().nullable(),
	datasetName: z.string().nullable(),
	level: z.string().nullable(),
	/** The shared parent's depth (the root's children are depth 1 steps: their parent is at depth 0). */
	depth: z.number().int().nullable(),
	chosenQ: z.number().nullable(),
	rejectedQ: z.number().nullable(),
	margin: z.number().nullable(),
	editDistance: z.number().int(),
	ppmChosen: z.number().nullable(),
	ppmRejected: z.number().nullable(),
	/** Who took the latest decision, and when; null while pending and never judged. */
	labeller: z.string().nullable(),
	decidedAt: z.string().nullable(),
	/** Who made the pair (a hand pair's author; `round` or the importer's name otherwise). */
	author: z.string(),
	createdAt: z.string(),
	/** The pair's problem is flagged bad. */
	flagged: z.boolean(),
	/** The first line of each step, for the table. */
	chosenPreview: z.string(),
	rejectedPreview: z.string()
});
export type QueuePair = z.infer<typeof QueuePair>;

/** Pairs by status (every status present, 0 when none). */
export const PairCounts = z.record(z.enum(pairStatuses), z.number().int());
export type PairCounts = z.infer<typeof PairCounts>;

export const PairPage = z.object({
	/** Pairs the filter matches. */
	total: z.number().int(),
	rows: z.array(QueuePair),
	/** The filtered set by status. */
	counts: PairCounts,
	/** The whole queue by status. */
	overall: PairCounts,
	/** The whole queue by round (null: pairs of no round), then status. */
	byRound: z.array(z.object({roundId: z.number().int().nullable(), label: z.string(), counts: PairCounts}))
});
export type PairPage = z.infer<typeof PairPage>;

/** A small view of a step's subtree for the focus view: its nodes, root (the step) first, at most `subtreeLimit`. */
export const SubtreeNode = z.object({
	id: z.number().int(),
	parentId: z.number().int().nullable(),
	q: z.number(),
	visits: z.number().int(),
	/** `correct`, `wrong`, `unchecked`, `code-error`, `failed`, `exhausted` or `open`, as the tree viewer draws it. */
	kind: z.string()
});
export const subtreeLimit = 80;

/** One of the two candidate steps, in full. */
export const PairStep = z.object({
	nodeId: z.number().int().nullable(),
	/** The step as generated. */
	text: z.string(),
	/** The labeller's correction, if any: what exports use. */
	editedText: z.string().nullable(),
	/** What running the trajectory's code down to this step printed, or its error. */
	output: z.string().nullable(),
	error: z.string().nullable(),
	q: z.number().nullable(),
	visits: z.number().int().nullable(),
	ppm: z.number().nullable(),
	/** Answer leaves below the step judged right and wrong. */
	correctLeaves: z.number().int(),
	wrongLeaves: z.number().int(),
	subtree: z.array(SubtreeNode),
	/** Nodes of the subtree beyond those listed. */
	subtreeMore: z.number().int()
});
export type PairStep = z.infer<typeof PairStep>;

export const PairDecision = z.object({
	id: z.number().int(),
	pairId: z.number().int(),
	labeller: z.string(),
	verdict: z.enum(pairVerdicts),
	note: z.string(),
	/** The texts an `edited` decision set. */
	chosenText: z.string().nullable(),
	rejectedText: z.string().nullable(),
	/** Milliseconds the item was open before the decision. */
	msSpent: z.number().int(),
	/** The PPM suggestion on screen when deciding; null when none was shown (hidden, or no scores). */
	suggestion: PairSuggestion.nullable(),
	guidelineVersion: z.number().int().nullable(),
	/** The agreement sample the decision was taken in (blind); such decisions leave the pair's status alone. */
	sampleId: z.number().int().nullable(),
	createdAt: z.string()
});
export type PairDecision = z.infer<typeof PairDecision>;

export const ProblemFlag = z.object({author: z.string(), note: z.string(), createdAt: z.string()});

/** A pair as the focus view shows it. Blind (an agreement sample): `suggestion` and `decisions` are withheld. */
export const PairDetail = QueuePair.extend({
	question: z.string().nullable(),
	/** The steps from the question down to the shared parent, with what each printed. Imported pairs: empty. */
	prefix: z.array(z.object({nodeId: z.number().int(), text: z.string(), output: z.string().nullable(), error: z.string().nullable()})),
	/** The prompt as exports write it (the training template, question and prefix; an imported pair's own). */
	prompt: z.string(),
	chosen: PairStep,
	rejected: PairStep,
	note: z.string(),
	suggestion: PairSuggestion.nullable(),
	decisions: z.array(PairDecision),
	problemFlag: ProblemFlag.nullable(),
	blind: z.boolean()
});
export type PairDetail = z.infer<typeof PairDetail>;

export const PairGetParams = z.object({
	pairId: z.number().int(),
	/** Withhold the suggestion and earlier decisions (agreement samples). */
	blind: z.boolean().default(false)
});

/** A decision's fields; `PairLabelParams` adds the rule that an edit carries a text (the CLI's flags derive from these). */
export const PairLabelFields = z.object({
	pairId: z.number().int(),
	verdict: z.enum(pairVerdicts),
	labeller,
	note: z.string().max(10_000).default(''),
	/** For `edited`: the corrected text of either step (at least one). */
	chosenText: z.string().min(1).max(100_000).optional(),
	rejectedText: z.string().min(1).max(100_000).optional(),
	msSpent: z.number().int().min(0).default(0),
	suggestionShown: PairSuggestion.nullable().default(null),
	/** Labelling an item of this agreement sample. */
	sampleId: z.number().int().optional()
});
export const PairLabelParams = PairLabelFields.refine(params => params.verdict !== 'edited' || params.chosenText !== undefined || params.rejectedText !== undefined, {
	message: 'an edit gives the corrected text of at least one step (chosenText or rejectedText)', path: ['chosenText']
});

export const PairLabelResult = z.object({decision: PairDecision, pair: QueuePair});

/** The next pending pair of a view, in its order. */
export const PairNextParams = PairView.extend({
	/** Not this one (the item just left, if still pending). */
	exceptId: z.number().int().optional()
});
export const PairNext = z.object({
	pairId: z.number().int().nullable(),
	/** Pending pairs in the view. */
	pending: z.number().int()
});

export const PairBulkParams = PairFilters.extend({
	verdict: z.enum(['accepted', 'rejected', 'pending']),
	labeller
});

/** The pair layouts exports write: the reference's `{prompt, pos, neg, pos_count, neg_count}`, TRL's `{prompt, chosen, rejected}`. */
export const pairExportLayouts = ['reference', 'trl'] as const;

/**
 * Which pairs an export holds: `curated` — pending, accepted, edited and swapped (the curated state the rounds
 * train on); `judged` — accepted, edited and swapped only. Never rejected, both-good, both-bad, skipped, or pairs of a
 * problem flagged bad.
 */
export const pairExportScopes = ['curated', 'judged'] as const;

export const PairExportParams = PairFilters.extend({
	layout: z.enum(pairExportLayouts).default('reference'),
	scope: z.enum(pairExportScopes).default('curated')
});

/** What an export holds and how it was selected, written beside it. */
export const ExportManifest = z.object({
	kind: z.string(),
	layout: z.string(),
	filters: z.record(z.string(), z.unknown()),
	rows: z.number().int(),
	counts: z.record(z.string(), z.number().int()),
	createdAt: z.string()
});
export type ExportManifest = z.infer<typeof ExportManifest>;

export const CurationExport = z.object({
	fileName: z.string(),
	content: z.string(),
	manifest: ExportManifest
});
export type CurationExport = z.infer<typeof CurationExport>;

export const PairImportParams = z.object({
	fileName: z.string().min(1).max(1000),
	/** JSONL, one pair a line, in the reference's layout or TRL's (told apart line by line). */
	content: z.string().max(200_000_000),
	author: labeller
});
export const PairImportResult = z.object({
	imported: z.number().int(),
	/** Lines whose pair the queue holds already (same prompt and texts). */
	duplicates: z.number().int(),
	/** Lines refused, with why (the first 50). */
	refused: z.array(z.object({line: z.number().int(), message: z.string()})),
	refusedTotal: z.number().int()
});

export const PairUndoParams = z.object({labeller});
export const PairUndoResult = z.object({undone: PairDecision, pair: QueuePair});

export const ProblemFlagParams = z.object({
	pairId: z.number().int(),
	flagged: z.boolean(),
	labeller,
	note: z.string().max(10_000).default('')
});

export const SavedPairView = z.object({id: z.number().int(), name: z.string(), view: PairView, createdAt: z.string()});
export type SavedPairView = z.infer<typeof SavedPairView>;
export const PairViewSaveParams = z.object({name: z.string().trim().min(1).max(200), view: PairView});

// ---- Step labels (PRM800K) ----

/** −1 wrong, 0 neutral (fine but not progress), +1 good. */
export const StepRating = z.union([z.literal(-1), z.literal(0), z.literal(1)]);
export type StepRating = z.infer<typeof StepRating>;

/** How a labeller finished a trajectory, as PRM800K's labellers did. */
export const finishReasons = ['solution', 'found-error', 'bad-problem', 'give-up'] as const;

export const TrajectoryRef = z.object({searchId: z.number().int(), leafId: z.number().int()});

export const TrajectoryLabels = z.object({
	searchId: z.number().int(),
	leafId: z.number().int(),
	labeller: z.string(),
	question: z.string(),
	/** The trajectory's steps, root's child first, with what each printed and this labeller's rating. */
	steps: z.array(z.object({
		nodeId: z.number().int(), text: z.string(), code: z.string(), output: z.string().nullable(), error: z.string().nullable(),
		q: z.number(), rating: StepRating.nullable()
	})),
	firstWrongStep: z.number().int().nullable(),
	finish: z.object({reason: z.enum(finishReasons), createdAt: z.string(), msSpent: z.number().int()}).nullable(),
	guidelineVersion: z.number().int().nullable()
});
export type TrajectoryLabels = z.infer<typeof TrajectoryLabels>;

export const StepLabelParams = TrajectoryRef.extend({nodeId: z.number().int(), rating: StepRating, labeller});
export const TrajectoryFinishParams = TrajectoryRef.extend({
	labeller,
	firstWrongStep: z.number().int().nullable(),
	reason: z.enum(finishReasons),
	msSpent: z.number().int().min(0).default(0)
});

export const TrajectoryLabelSummary = z.object({
	searchId: z.number().int(),
	leafId: z.number().int(),
	labeller: z.string(),
	rated: z.number().int(),
	steps: z.number().int(),
	firstWrongStep: z.number().int().nullable(),
	reason: z.enum(finishReasons).nullable(),
	updatedAt: z.string()
});

export const StepwiseExportParams = z.object({
	searchId: z.number().int().optional(),
	/** TRL's stepwise labels are true/false: a neutral (0) step counts as `positive` (not an error) or `negative`. */
	neutral: z.enum(['positive', 'negative']).default('positive')
});

// ---- Guidelines ----

export const Guidelines = z.object({
	/** null before anyone wrote any. */
	version: z.number().int().nullable(),
	text: z.string(),
	author: z.string().nullable(),
	createdAt: z.string().nullable()
});
export type Guidelines = z.infer<typeof Guidelines>;
export const GuidelinesSetParams = z.object({text: z.string().max(200_000), author: labeller});

// ---- Agreement ----

export const AgreementStartParams = PairFilters.extend({
	name: z.string().trim().max(200).default(''),
	/** Pairs drawn (at random, seeded) from those the filter matches. */
	size: z.number().int().min(1).max(2000),
	seed: z.number().int().default(1),
	/** Who labels the sample; each item goes to `k` of them, in turn. */
	labellers: z.array(labeller).min(1).max(50),
	k: z.number().int().min(1).max(50).default(1)
}).refine(params => params.k <= params.labellers.length, {message: 'k cannot exceed the number of labellers', path: ['k']});

export const AgreementSample = z.object({
	id: z.number().int(),
	name: z.string(),
	size: z.number().int(),
	k: z.number().int(),
	labellers: z.array(z.string()),
	/** Assignments (item × labeller) and how many are labelled. */
	assigned: z.number().int(),
	labelled: z.number().int(),
	createdAt: z.string()
});
export type AgreementSample = z.infer<typeof AgreementSample>;

export const AgreementNextParams = z.object({sampleId: z.number().int(), labeller});
export const AgreementNext = z.object({pairId: z.number().int().nullable(), remaining: z.number().int()});

/** Agreement between two sets of verdicts on the same items: how many, raw share equal, Cohen's κ (null when undefined). */
export const Agreement = z.object({n: z.number().int(), raw: z.number().nullable(), kappa: z.number().nullable()});
export type Agreement = z.infer<typeof Agreement>;

/**
 * Self: each blind verdict against the same labeller's latest earlier verdict on the pair (outside samples); PPM: the
 * blind preference (accepted or edited: chosen; swapped: rejected; other verdicts left out) against the PPM's;
 * between labellers: every two labellers' verdicts on the same item.
 */
export const AgreementRow = z.object({
	roundId: z.number().int().nullable(),
	label: z.string(),
	self: Agreement,
	ppm: Agreement,
	between: Agreement
});
export const AgreementReport = z.object({sample: AgreementSample, rows: z.array(AgreementRow), overall: AgreementRow});
export type AgreementReport = z.infer<typeof AgreementReport>;
