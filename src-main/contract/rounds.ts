import {z} from 'zod';
import {AccuracyVsN} from './evaluations.js';
import {JobSummary} from './jobs.js';
import {overridesOf} from './overridesOf.js';
import {SearchSettings} from './search.js';
import {PpmTrainOptions, SftOptions} from './trainer.js';

/**
 * The share of a round's training rows set aside as held-out data, scored as training goes (the loss curve's held-out
 * line, the PPM's held-out pairwise accuracy); none are held out while that share is under one row.
 */
const heldOutFraction = z.number().min(0).max(0.5).default(0.1);

/** What a round trains with: the trainer's own options, less the files the round names itself. */
export const RoundPolicyTraining = SftOptions.omit({out: true, data: true, evalData: true, init: true}).extend({
	/** Start from the policy the round searched with (a continued fine-tune), or train a fresh model from the data. */
	continueFrom: z.enum(['searched-policy', 'scratch']).default('searched-policy'),
	heldOut: heldOutFraction
});
export const RoundPpmTraining = PpmTrainOptions.omit({out: true, pairs: true, evalPairs: true, init: true}).extend({heldOut: heldOutFraction});

/** How PPM pairs are mined from a round's trees; the defaults are the reference's (extra_rm_file.py, train/sample_rm_data.py). */
export const PairExtractionOptions = z.object({
	/** Chosen steps per parent: its children with a correct answer below, best Q first. */
	chosenPerNode: z.number().int().min(1).max(64).default(2),
	/** Rejected steps per parent: its children with a wrong answer below, worst Q first. */
	rejectedPerNode: z.number().int().min(1).max(64).default(2),
	/** When a parent has a single chosen (rejected) step, this many rejected (chosen) ones are taken instead. */
	widenedPerNode: z.number().int().min(1).max(64).default(4),
	/** Pairs whose chosen Q exceeds the rejected Q by less are dropped. */
	minStepMargin: z.number().min(0).max(2).default(0.5),
	/**
	 * Pairs whose two step texts are fewer edits apart are dropped (code points). The reference's 20 suits a large
	 * model's steps; a tiny policy's wrong step can differ from the right one in a single digit.
	 */
	minEditDistance: z.number().int().min(0).max(100_000).default(20),
	/**
	 * Which children are paired next: `all` of those with both a correct and a wrong answer below, or only the
	 * `most-visited` of them (the reference's `--mode all` and `--mode vis_count`).
	 */
	descent: z.enum(['all', 'most-visited']).default('all')
});
export type PairExtractionOptions = z.output<typeof PairExtractionOptions>;

/**
 * What a round trains on besides its own extraction. rStar-Math's rounds draw fresh data from hundreds of thousands
 * of problems; a small pool's few rows, trained on alone, pull a policy away from what it knew (seen here: a tiny
 * policy fine-tuned on its own 71 rows lost most of its Level 2). Earlier rounds' rows and a replay file (the
 * bootstrap's own training data, say) keep it.
 */
export const RoundTrainingData = z.object({
	/** Add every earlier round's SFT rows and PPM pairs of the evolution. */
	earlierRounds: z.boolean().default(false),
	/** SFT rows ({query, response} lines) added to every round's policy data. */
	sft: z.string().min(1).nullable().default(null),
	/** PPM pairs ({prompt, pos, neg, pos_count, neg_count} lines) added to every round's PPM data. */
	pairs: z.string().min(1).nullable().default(null)
});

/** A round's evaluation: datasets scored with the round's new models once they are trained. */
export const RoundEvaluationConfig = z.object({
	/** Dataset ids; each is evaluated greedily (the policy's pass@1) and by a search with the new policy and PPM. */
	datasetIds: z.array(z.number().int()).default([]),
	/** At most this many problems per level of each dataset (all of them when absent). */
	perLevel: z.number().int().min(1).optional(),
	/** The PPM-guided search: a preset (the reference's beam search by default) and overrides. */
	search: overridesOf(SearchSettings).default({preset: 'rstar-eval-beam'}),
	/** Accuracy against N trajectories, from the search's answers by subsampling. */
	ns: z.array(z.number().int().min(1)).default([1, 2, 4, 8, 16, 32, 64]),
	resamples: z.number().int().min(1).max(10_000).default(200)
});

/**
 * Everything a round runs with, fixed when it is created (the next round starts from a copy of it). The models a
 * round searches with come from the schedule unless given: round 1 the bootstrap policy and no PPM, terminal-guided;
 * round 2 the policy of round 1, still terminal-guided; rounds 3 and later the policy and PPM of the round before,
 * PPM-augmented (rStar-Math §3.3 and the reference's `sample_mcts.yaml` / `sft_sample_mcts.yaml`).
 */
export const RoundConfig = z.object({
	evolution: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" and "-", 100 at most'),
	number: z.number().int().min(1).max(1000),
	pool: z.object({
		datasetId: z.number().int(),
		/** At most this many problems of each level (the first ones, in the dataset's order). */
		perLevel: z.number().int().min(1).optional(),
		/** Only these levels. */
		levels: z.array(z.string().min(1)).optional(),
		/** A random sample of this many of those problems, seeded by the round's search seed. */
		sample: z.number().int().min(1).optional()
	}),
	policyPath: z.string().min(1),
	ppmPath: z.string().min(1).nullable(),
	/** The settings the pool is searched with: the schedule's preset with the round's overrides on top. */
	settings: SearchSettings,
	/** The overrides alone, which the next round inherits. */
	overrides: overridesOf(SearchSettings),
	/** Problems searched at once; they share the policy and PPM processes. */
	concurrency: z.number().int().min(1).max(64).default(2),
	/** Top correct trajectories per problem for SFT (the reference keeps 2). */
	sftPerProblem: z.number().int().min(1).max(100).default(2),
	pairs: PairExtractionOptions.prefault({}),
	replay: RoundTrainingData.prefault({}),
	policyTraining: RoundPolicyTraining,
	ppmTraining: RoundPpmTraining,
	evaluation: RoundEvaluationConfig
});
export type RoundConfig = z.output<typeof RoundConfig>;
export type RoundConfigInput = z.input<typeof RoundConfig>;

export const roundStatuses = ['created', 'running', 'done', 'failed', 'stopped', 'interrupted'] as const;
export type RoundStatus = (typeof roundStatuses)[number];

/** A round's stages, in the order they run; each runs once, and a resumed round starts at the first not done. */
export const roundStages = ['search', 'extract', 'train-policy', 'train-ppm', 'evaluate'] as const;
export type RoundStage = (typeof roundStages)[number];

/** Per level: problems, and how many the search reached a right answer in (what becomes training data). */
export const LevelSolveRate = z.object({problems: z.number().int(), found: z.number().int(), rate: z.number()});
export type LevelSolveRate = z.infer<typeof LevelSolveRate>;

/** The search stage's figures (rStar-Math Table 2 and the cost of getting there). */
export const RoundSearchResult = z.object({
	problems: z.number().int(),
	/** With a right answer found, per level and overall; problems without ground truth are searched, not counted. */
	byLevel: z.record(z.string(), LevelSolveRate),
	overall: LevelSolveRate,
	nodes: z.number().int(),
	/** Policy tokens generated (each node's step). */
	generatedTokens: z.number().int(),
	executionErrors: z.number().int(),
	timeouts: z.number().int(),
	/** Wall seconds the stage ran (over all runs of it), and per problem with a right answer found. */
	seconds: z.number(),
	secondsPerSolved: z.number().nullable(),
	searchIds: z.array(z.number().int())
});
export type RoundSearchResult = z.infer<typeof RoundSearchResult>;

export const RoundExtraction = z.object({
	directory: z.string(),
	files: z.record(z.string(), z.string()),
	sftRows: z.number().int(),
	pairRows: z.number().int(),
	/** Hand-made pairs of the round's searches, included as they are. */
	handPairs: z.number().int(),
	/** The filters and counts the extraction ran with, recorded with the files. */
	options: z.record(z.string(), z.unknown())
});
export type RoundExtraction = z.infer<typeof RoundExtraction>;

/** What creating a round takes: everything optional but the evolution and, for round 1, the pool. */
export const RoundCreateParams = z.object({
	evolution: RoundConfig.shape.evolution,
	/** Defaults to the next number of the evolution. */
	number: z.number().int().min(1).max(1000).optional(),
	/** The pool's dataset; defaults to the previous round's. */
	poolDatasetId: z.number().int().optional(),
	perLevel: z.number().int().min(1).optional(),
	levels: z.array(z.string().min(1)).optional(),
	/** A seeded random sample of this many problems of the pool (after levels and the per-level cap). */
	sample: z.number().int().min(1).optional(),
	/** Defaults to the schedule's (the embedded policy in round 1, the previous round's after). */
	policyPath: z.string().min(1).max(4096).optional(),
	ppmPath: z.string().min(1).max(4096).nullable().optional(),
	/** Search settings over the schedule's preset; inherited from the previous round where not given. */
	overrides: overridesOf(SearchSettings).optional(),
	concurrency: z.number().int().min(1).max(64).optional(),
	sftPerProblem: z.number().int().min(1).max(100).optional(),
	pairs: overridesOf(PairExtractionOptions).optional(),
	replay: overridesOf(RoundTrainingData).optional(),
	policyTraining: overridesOf(RoundPolicyTraining).optional(),
	ppmTraining: overridesOf(RoundPpmTraining).optional(),
	evaluation: overridesOf(RoundEvaluationConfig).optional()
});
export type RoundCreateParams = z.input<typeof RoundCreateParams>;

/** A model a round trained (or kept), with its lineage: the data it saw, the file it started from. */
export const TrainedModel = z.object({
	id: z.number().int(),
	kind: z.enum(['policy', 'ppm']),
	path: z.string(),
	sha256: z.string(),
	roundId: z.number().int().nullable(),
	initPath: z.string().nullable(),
	data: z.record(z.string(), z.unknown()),
	training: z.record(z.string(), z.unknown()),
	createdAt: z.string()
});
export type TrainedModel = z.infer<typeof TrainedModel>;

/**
 * Where a stage stands: `done` once its result is recorded; else as its latest job left it (`running`, `paused`,
 * `failed`, `stopped`, `interrupted`); `pending` before any job of it ran.
 */
export const stageStatuses = ['pending', 'running', 'paused', 'done', 'failed', 'stopped', 'interrupted'] as const;
export const RoundStageView = z.object({
	stage: z.enum(roundStages),
	status: z.enum(stageStatuses),
	/** The latest job of the stage, if any ran. */
	job: JobSummary.nullable()
});
export type RoundStageView = z.infer<typeof RoundStageView>;

/** A round as the Rounds page shows it: its settings, its stages' state and what each made. */
export const RoundView = z.object({
	id: z.number().int(),
	evolution: z.string(),
	number: z.number().int(),
	status: z.enum(roundStatuses),
	error: z.string().nullable(),
	config: RoundConfig,
	stages: z.array(RoundStageView),
	searchResult: RoundSearchResult.nullable(),
	extraction: RoundExtraction.nullable(),
	policyModel: TrainedModel.nullable(),
	ppmModel: TrainedModel.nullable(),
	/** The evaluations that scored the round's models: per dataset, greedy and (with a PPM) search. */
	evaluations: z.array(z.object({datasetId: z.number().int(), greedyEvaluationId: z.number().int(), searchEvaluationId: z.number().int().nullable()})),
	createdAt: z.string(),
	finishedAt: z.string().nullable()
});
export type RoundView = z.infer<typeof RoundView>;

export const roundProblemStatuses = ['pending', 'queued', 'running', 'done', 'failed', 'stopped', 'interrupted'] as const;

/** One problem of a round's pool and its search, for the live table of the search stage. */
export const RoundProblem = z.object({
	problemId: z.number().int(),
	level: z.string().nullable(),
	/** The first 300 characters. */
	question: z.string(),
	searchId: z.number().int().nullable(),
	status: z.enum(roundProblemStatuses),
	/** The search reached a right answer (null: not searched yet, or no ground truth). */
	found: z.boolean().nullable(),
	/** Its selected answer is right. */
	correct: z.boolean().nullable(),
	nodes: z.number().int(),
	completedRollouts: z.number().int()
});
export type RoundProblem = z.infer<typeof RoundProblem>;

const Rates = z.object({overall: z.number(), problems: z.number().int(), byLevel: z.record(z.string(), z.number())});

/**
 * Per round of an evolution: the search's solve rate per level (rStar-Math Table 2), what it cost, the data it gave,
 * and the new models' scores per evaluated dataset — greedy pass@1 and PPM-guided search (Tables 3, 4, 6).
 */
export const RoundReport = z.object({
	evolution: z.string(),
	rounds: z.array(z.object({
		id: z.number().int(),
		number: z.number().int(),
		status: z.enum(roundStatuses),
		error: z.string().nullable(),
		searchedWith: z.object({policyPath: z.string(), ppmPath: z.string().nullable(), preset: z.string().nullable(), qMode: z.string()}),
		search: RoundSearchResult.omit({searchIds: true}).nullable(),
		extraction: z.object({sftRows: z.number().int(), pairRows: z.number().int(), handPairs: z.number().int()}).nullable(),
		policy: z.object({path: z.string(), steps: z.number().int(), finalLoss: z.number().nullable()}).nullable(),
		ppm: z.object({path: z.string(), steps: z.number().int(), heldOutPairwiseAccuracy: z.number().nullable()}).nullable(),
		evaluation: z.array(z.object({
			dataset: z.string(),
			greedy: Rates.nullable(),
			search: Rates.extend({
				preset: z.string().nullable(),
				answerSelection: z.string(),
				byAnswerSelection: z.record(z.string(), z.number()).nullable(),
				accuracyVsN: AccuracyVsN.nullable()
			}).nullable()
		}))
	}))
});
export type RoundReport = z.infer<typeof RoundReport>;
