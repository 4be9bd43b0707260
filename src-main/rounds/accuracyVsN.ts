import {accuracyMethods, type AccuracyGroup, type AccuracyMethod, type AccuracySpread, type AccuracyVsN} from '../contract/evaluations.js';
import {deriveSeed, mulberry32, shuffledPrefix} from '../engine/rng.js';

/** One answer-terminal trajectory of an evaluation run. */
export interface Trajectory {
	/** Equal answers share the integer (see `answerClasses`); null: the trajectory gave no answer. */
	answerClass: number | null;
	correct: boolean;
	/** The PPM's score of the trajectory; null where it has none. */
	ppm: number | null;
}

/** The trajectories one evaluation run produced for a problem, in the run's order (an MCTS tree's: node order). */
export interface ProblemTrajectories {
	/** Seeds the problem's draws, so they do not depend on which other problems are in the set or where. */
	problemId: number;
	level: string | null;
	trajectories: readonly Trajectory[];
}

export interface AccuracyVsNOptions {
	/** The budgets N. Defaults to 1, 2, 4, …, 64. */
	ns?: readonly number[];
	/** Random draws of N trajectories per problem and N. Defaults to 100. */
	resamples?: number;
	/** Defaults to 0. */
	seed?: number;
}

/**
 * Accuracy against the budget N from one run, by subsampling: for every resample, each problem's trajectories are put
 * in a random order (a partial Fisher–Yates shuffle seeded by (seed, resample, problemId)) and the first N of them,
 * all of them where it has fewer, decide it. The draws for the different N are prefixes of one order, so each is a
 * uniform draw without replacement and pass@N never falls as N grows within a resample. Cost: O(problems × resamples
 * × Σ n log n) over the ns, independent of how many trajectories a problem has.
 */
export function accuracyVsN(problems: readonly ProblemTrajectories[], options: AccuracyVsNOptions = {}): AccuracyVsN {
	const ns = options.ns ?? [1, 2, 4, 8, 16, 32, 64];
	const resamples = options.resamples ?? 100;
	const seed = options.seed ?? 0;
	if (ns.some(n => !Number.isInteger(n) || n < 1))
		throw new Error(`every N must be a positive integer, got ${ns.join(', ')}`);
	if (!Number.isInteger(resamples) || resamples < 1)
		throw new Error(`resamples must be a positive integer, got ${resamples}`);
	const maxN = Math.max(0, ...ns);
	const levels = [...new Set(problems.map(problem => problem.level))].sort(compareLevels);
	const levelIndex = problems.map(problem => levels.indexOf(problem.level));
	// solved[n][method][group][resample]: problems solved; group i is levels[i], the last group is overall.
	const solved = ns.map(() => accuracyMethods.map(() => levels.map(() => new Array<number>(resamples).fill(0)).concat([new Array<number>(resamples).fill(0)])));
	for (let resample = 0; resample < resamples; resample++)
		problems.forEach((problem, p) => {
			const order = shuffledPrefix(problem.trajectories.length, maxN, mulberry32(deriveSeed(seed, resample, problem.problemId)));
			ns.forEach((n, i) => {
				const verdicts = solvedBy(problem.trajectories, order.slice(0, n));
				accuracyMethods.forEach((method, m) => {
					if (verdicts[method]) {
						solved[i]![m]![levels.length]![resample]!++;
						solved[i]![m]![levelIndex[p]!]![resample]!++;
					}
				});
			});
		});
	// An empty problem set (only `overall` can be one) scores 0 rather than NaN, which JSON cannot carry.
	const group = (i: number, g: number, members: readonly ProblemTrajectories[]): AccuracyGroup => ({
		problems: members.length,
		fewerThanN: members.filter(problem => problem.trajectories.length < ns[i]!).length,
		accuracy: Object.fromEntries(accuracyMethods.map((method, m) => [method, spread(solved[i]![m]![g]!.map(count => count / Math.max(1, members.length)))])) as Record<AccuracyMethod, AccuracySpread>
	});
	return {
		resamples, seed,
		points: ns.map((n, i) => ({
			n,
			overall: group(i, levels.length, problems),
			byLevel: levels.map((level, g) => ({level, ...group(i, g, problems.filter(problem => problem.level === level))}))
		}))
	};
}

/**
 * Whether each method solves a problem from the trajectories at indexes `drawn` (any order). Trajectories without an
 * answer never win a vote or a pick. Ties, chosen so that the pick does not depend on the draw's order and agrees with
 * `selectAnswer` where it can:
 * - `majority`: the answer that appears first in `trajectories` (selectAnswer breaks them by mean Q, which a
 *   trajectory does not carry);
 * - `best-ppm`: the first in `trajectories`; a null score ranks below every score;
 * - `weighted-vote`: the raw sum of scores, a null one counting 0, as selectAnswer's `ppm-weighted-vote` sums them
 *   (scores lie in (−1, 1), so a group of several low-scored answers can weigh less than one better-scored answer).
 *   Ties go to the answer holding the better-scored trajectory, then to the one whose best-scored trajectory appears
 *   first, as there.
 * An answer is correct when the first of its drawn trajectories in `trajectories` is.
 */
export function solvedBy(trajectories: readonly Trajectory[], drawn: readonly number[]): Record<AccuracyMethod, boolean> {
	const indexes = [...drawn].sort((a, b) => a - b);
	// Summed in index order, so that a sum, and so a tie, does not depend on the draw's order either.
	const answers = new Map<number, {count: number; sum: number; best: number; bestIndex: number; correct: boolean}>();
	let pick: number | undefined;
	for (const index of indexes) {
		const {answerClass, correct, ppm} = trajectories[index]!;
		if (answerClass === null)
			continue;
		const score = ppm ?? -Infinity;
		if (pick === undefined || score > (trajectories[pick]!.ppm ?? -Infinity))
			pick = index;
		const held = answers.get(answerClass);
		if (held) {
			held.count++;
			held.sum += ppm ?? 0;
			if (score > held.best) {
				held.best = score;
				held.bestIndex = index;
			}
		} else {
			answers.set(answerClass, {count: 1, sum: ppm ?? 0, best: score, bestIndex: index, correct});
		}
	}
	// Map order is first appearance, and `reduce` keeps the earlier entry on a tie.
	const groups = [...answers.values()];
	const majority = groups.reduce<(typeof groups)[number] | undefined>((a, b) => !a || b.count > a.count ? b : a, undefined);
	const weighted = groups.reduce<(typeof groups)[number] | undefined>((a, b) => !a || b.sum > a.sum || (b.sum === a.sum && (b.best > a.best || (b.best === a.best && b.bestIndex < a.bestIndex))) ? b : a, undefined);
	return {
		'pass@N': indexes.some(index => trajectories[index]!.correct),
		majority: majority?.correct ?? false,
		'best-ppm': pick === undefined ? false : trajectories[pick]!.correct,
		'weighted-vote': weighted?.correct ?? false
	};
}

function spread(values: readonly number[]): AccuracySpread {
	const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
	const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
	const sorted = [...values].sort((a, b) => a - b);
	return {mean, sd, p5: percentile(sorted, 0.05), p95: percentile(sorted, 0.95)};
}

function percentile(sorted: readonly number[], fraction: number): number {
	const rank = fraction * (sorted.length - 1);
	const low = Math.floor(rank);
	const high = Math.min(low + 1, sorted.length - 1);
	return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

function compareLevels(a: string | null, b: string | null): number {
	return a === null ? (b === null ? 0 : 1) : b === null ? -1 : a.localeCompare(b, 'en', {numeric: true});
}
