import {z} from 'zod';
import {overridesOf} from './overridesOf.js';
import {answerSelections, SearchSettings} from './search.js';

/**
 * How a set of N trajectories decides a problem:
 * - `pass@N`: any of them is correct;
 * - `majority`: the most frequent answer is correct;
 * - `best-ppm`: the answer of the best-scored trajectory is correct;
 * - `weighted-vote`: the answer with the largest summed PPM score is correct.
 */
export const accuracyMethods = ['pass@N', 'majority', 'best-ppm', 'weighted-vote'] as const;
export type AccuracyMethod = (typeof accuracyMethods)[number];

/** A method's accuracy over the resamples: each resample's accuracy is the fraction of the group's problems solved. */
export const AccuracySpread = z.object({
	mean: z.number(),
	/** Population standard deviation over the resamples (divides by their count). */
	sd: z.number(),
	/** 5th and 95th percentiles, linearly interpolated between the closest ranks (numpy's default). */
	p5: z.number(),
	p95: z.number()
});
export type AccuracySpread = z.infer<typeof AccuracySpread>;

export const AccuracyGroup = z.object({
	problems: z.number().int(),
	/** Problems with fewer than N trajectories: each was decided by all it has, so N overstates their budget. */
	fewerThanN: z.number().int(),
	accuracy: z.record(z.enum(accuracyMethods), AccuracySpread)
});
export type AccuracyGroup = z.infer<typeof AccuracyGroup>;

export const AccuracyAtN = z.object({
	n: z.number().int(),
	overall: AccuracyGroup,
	/** One group per level, ordered by level; problems without a level form the last group. */
	byLevel: z.array(AccuracyGroup.extend({level: z.string().nullable()}))
});
export type AccuracyAtN = z.infer<typeof AccuracyAtN>;

export const AccuracyVsN = z.object({
	resamples: z.number().int(),
	seed: z.number().int(),
	/** In the order of the budgets asked for. */
	points: z.array(AccuracyAtN)
});
export type AccuracyVsN = z.infer<typeof AccuracyVsN>;

export const LevelScore = z.object({
	problems: z.number().int(),
	/** Problems whose selected answer is right (pass@1 for a greedy run). */
	solved: z.number().int(),
	/** solved / problems. */
	rate: z.number(),
	/**
	 * Problems where the search reached at least one right answer — what a self-evolution round can turn into
	 * training data (the terminal-guided search's "solve rate" in rStar-Math's data synthesis).
	 */
	found: z.number().int(),
	/** found / problems. */
	foundRate: z.number()
});
export type LevelScore = z.infer<typeof LevelScore>;

/** How often a way of picking the answer picks a right one, overall and per level. */
const SelectionScore = z.object({problems: z.number().int(), solved: z.number().int(), rate: z.number()});
export const SelectionScores = z.object({overall: SelectionScore, byLevel: z.record(z.string(), SelectionScore)});
export type SelectionScores = z.infer<typeof SelectionScores>;

export const evaluationKinds = ['greedy', 'search'] as const;
export const evaluationStatuses = ['running', 'done', 'failed', 'stopped', 'interrupted'] as const;

export const EvaluationReport = z.object({
	evaluationId: z.number().int(),
	dataset: z.string(),
	kind: z.enum(evaluationKinds),
	settings: SearchSettings,
	policyPath: z.string(),
	ppmPath: z.string().nullable(),
	overall: LevelScore,
	/** Per level, "(none)" for problems without one. */
	byLevel: z.record(z.string(), LevelScore),
	/** One stored search per problem, in the dataset's order. */
	searchIds: z.array(z.number().int()),
	/** A search's accuracy against N of its answer trajectories (pass@N, majority, best-PPM, weighted vote); null for greedy. */
	accuracyVsN: AccuracyVsN.nullable(),
	/** A search's accuracy had it picked its answer by each of the answer-selection modes; null for greedy. */
	byAnswerSelection: z.record(z.enum(answerSelections), SelectionScores).nullable(),
	seconds: z.number()
});
export type EvaluationReport = z.infer<typeof EvaluationReport>;

/** An evaluation as listed: what it scored, and how it ended (its report once done). */
export const EvaluationSummary = z.object({
	id: z.number().int(),
	roundId: z.number().int().nullable(),
	/** "evolution/number" of its round, if any. */
	round: z.string().nullable(),
	datasetId: z.number().int(),
	dataset: z.string(),
	kind: z.enum(evaluationKinds),
	policyPath: z.string(),
	ppmPath: z.string().nullable(),
	status: z.enum(evaluationStatuses),
	/** Overall rate of the selected answers, once done. */
	rate: z.number().nullable(),
	problems: z.number().int().nullable(),
	createdAt: z.string(),
	finishedAt: z.string().nullable()
});
export type EvaluationSummary = z.infer<typeof EvaluationSummary>;

/** An evaluation started from the Evaluation page (or `rstar eval`): a job in the background. */
export const EvaluationStartParams = z.object({
	datasetId: z.number().int(),
	/** Only problems of this level. */
	level: z.string().min(1).optional(),
	/** At most this many problems of each level. */
	perLevel: z.number().int().min(1).optional(),
	/** The first N problems. */
	limit: z.number().int().min(1).optional(),
	/** A GGUF policy; the embedded one by default. */
	policyPath: z.string().min(1).max(4096).optional(),
	ppmPath: z.string().min(1).max(4096).optional(),
	/** `greedy`: pass@1 of the policy; `search`: the settings' search, with accuracy against N. */
	kind: z.enum(evaluationKinds),
	settings: overridesOf(SearchSettings).default({}),
	ns: z.array(z.number().int().min(1).max(4096)).min(1).max(32).default([1, 2, 4, 8, 16, 32, 64]),
	resamples: z.number().int().min(1).max(10_000).default(200),
	concurrency: z.number().int().min(1).max(64).default(2)
});
export type EvaluationStartParams = z.output<typeof EvaluationStartParams>;

/** Counts per bin of equal width over [min, max]; the last bin holds max. */
export const Histogram = z.object({min: z.number(), max: z.number(), counts: z.array(z.number().int())});
export type Histogram = z.infer<typeof Histogram>;

/**
 * The steps of answer trajectories split by whether the trajectory's answer is right: how Q, and the PPM's score,
 * separate good steps from bad ones (rStar-Math's case for its PPM).
 */
export const StepDistributions = z.object({
	/** Trajectories (answer leaves) counted, and the steps on them. */
	trajectories: z.object({correct: z.number().int(), wrong: z.number().int()}),
	steps: z.object({correct: z.number().int(), wrong: z.number().int()}),
	q: z.object({correct: Histogram, wrong: Histogram}),
	/** Null where no step was scored by a PPM. */
	ppm: z.object({correct: Histogram, wrong: Histogram}).nullable()
});
export type StepDistributions = z.infer<typeof StepDistributions>;
