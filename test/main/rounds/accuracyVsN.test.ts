import {describe, expect, it} from 'vitest';
import {accuracyMethods, type AccuracySpread} from '../../../src-main/contract/evaluations.js';
import {accuracyVsN, solvedBy, type ProblemTrajectories, type Trajectory} from '../../../src-main/rounds/accuracyVsN.js';

/** A trajectory: answer class (null: none), correct, PPM score. */
const t = (answerClass: number | null, correct: boolean, ppm: number | null = null): Trajectory => ({answerClass, correct, ppm});
const all = (trajectories: readonly Trajectory[]) => trajectories.map((_, i) => i);
/** No spread: every resample at `mean` (up to the rounding of averaging it). */
const exactly = (mean: number): AccuracySpread => ({mean: expect.closeTo(mean, 12), sd: expect.closeTo(0, 12), p5: expect.closeTo(mean, 12), p95: expect.closeTo(mean, 12)});

describe('solvedBy: one draw, each method by hand', () => {
	it('pass@N: any drawn trajectory correct', () => {
		const trajectories = [t(0, false), t(1, true), t(null, false)];
		expect(solvedBy(trajectories, [0, 2])['pass@N']).toBe(false);
		expect(solvedBy(trajectories, [2, 1])['pass@N']).toBe(true);
	});

	it('majority: the most frequent answer; a tie goes to the answer appearing first in the list, whatever the draw order', () => {
		// Answer 0 (wrong) ×2 at 0 and 3, answer 1 (right) ×2 at 1 and 2, answer 2 once.
		const trajectories = [t(0, false), t(1, true), t(1, true), t(0, false), t(2, false)];
		expect(solvedBy(trajectories, [0, 1, 2, 3, 4]).majority).toBe(false);
		expect(solvedBy(trajectories, [4, 2, 3, 1, 0]).majority).toBe(false);
		// Without trajectory 0, answer 1 comes first (index 1) and the tie is its.
		expect(solvedBy(trajectories, [1, 2, 3, 4]).majority).toBe(true);
		// Without trajectory 3, answer 1 has the majority outright.
		expect(solvedBy(trajectories, [0, 1, 2]).majority).toBe(true);
	});

	it('majority: trajectories without an answer do not vote; none with an answer is unsolved', () => {
		const trajectories = [t(null, false), t(null, false), t(null, false), t(5, true)];
		expect(solvedBy(trajectories, all(trajectories)).majority).toBe(true);
		expect(solvedBy(trajectories, [0, 1, 2])).toEqual({'pass@N': false, majority: false, 'best-ppm': false, 'weighted-vote': false});
		expect(solvedBy(trajectories, [])).toEqual({'pass@N': false, majority: false, 'best-ppm': false, 'weighted-vote': false});
	});

	it('best-ppm: the highest score; a null score ranks lowest; unanswered trajectories are not picked; ties go to the first', () => {
		const trajectories = [t(0, false, 0.2), t(1, true, 0.7), t(null, false, 0.99), t(2, false, 0.7), t(3, true, null)];
		expect(solvedBy(trajectories, all(trajectories))['best-ppm']).toBe(true);
		// 0.7 at index 1 and 3: the first in the list wins, in any draw order.
		expect(solvedBy([t(0, false, 0.7), t(1, true, 0.7)], [1, 0])['best-ppm']).toBe(false);
		// A null score loses to any score, even a negative one.
		expect(solvedBy(trajectories, [4, 0])['best-ppm']).toBe(false);
		expect(solvedBy([t(0, false, -0.9), t(1, true, null)], [0, 1])['best-ppm']).toBe(false);
		// Only null scores: the first answered trajectory.
		expect(solvedBy([t(null, false), t(1, true), t(2, false)], [2, 1, 0])['best-ppm']).toBe(true);
	});

	it('weighted-vote: the raw sum of scores, as selectAnswer sums them', () => {
		// Two at 0.5 (right) outweigh one at 0.9 (wrong).
		expect(solvedBy([t(0, false, 0.9), t(1, true, 0.5), t(1, true, 0.5)], [0, 1, 2])['weighted-vote']).toBe(true);
		// Raw sums: −0.1 beats −0.6 − 0.6 = −1.2, though majority picks the pair.
		const negative = [t(0, true, -0.1), t(1, false, -0.6), t(1, false, -0.6)];
		expect(solvedBy(negative, all(negative))).toEqual({'pass@N': true, majority: false, 'best-ppm': true, 'weighted-vote': true});
		// A null score counts 0: 0 beats −0.5, and −0.25 + 0 beats −0.4.
		expect(solvedBy([t(0, false, -0.5), t(1, true, null)], [0, 1])['weighted-vote']).toBe(true);
		expect(solvedBy([t(0, false, -0.4), t(1, true, -0.25), t(1, true, null)], [0, 1, 2])['weighted-vote']).toBe(true);
	});

	it('weighted-vote: a tie goes to the answer holding the better-scored trajectory, then to the one whose best comes first', () => {
		// 0.25 + 0.25 = 0.5 = 0.5: the single 0.5 is the better-scored trajectory.
		expect(solvedBy([t(0, false, 0.25), t(0, false, 0.25), t(1, true, 0.5)], [2, 1, 0])['weighted-vote']).toBe(true);
		// Sums and bests equal (0.5 each): answer 1's best (index 0) comes before answer 0's (index 1).
		expect(solvedBy([t(1, true, 0.5), t(0, false, 0.5)], [1, 0])['weighted-vote']).toBe(true);
		expect(solvedBy([t(0, false, 0.25), t(1, true, 0.5), t(0, false, 0.25)], [0, 1, 2])['weighted-vote']).toBe(true);
	});
});

describe('accuracyVsN', () => {
	// P1: three answers, majority right (classes 0, 0, 1), best score on the wrong one.
	// P2: right once with the best score, wrong twice.
	// P3: no right answer.
	const problems: ProblemTrajectories[] = [
		{problemId: 1, level: '1', trajectories: [t(0, true, 0.1), t(0, true, 0.2), t(1, false, 0.9)]},
		{problemId: 2, level: '1', trajectories: [t(0, true, 0.8), t(1, false, 0.3), t(1, false, 0.3)]},
		{problemId: 3, level: '2', trajectories: [t(0, false, 0.5), t(1, false, 0.6)]}
	];

	it('with every trajectory drawn the values are exact: computed by hand, no spread', () => {
		const {points} = accuracyVsN(problems, {ns: [3, 8], resamples: 20, seed: 7});
		for (const point of points) {
			// pass: P1, P2. majority: P1 (0 ×2). best-ppm: P2 (0.8). weighted: P2 (0.8 > 0.6); P1 0.3 < 0.9.
			expect(point.overall.accuracy).toEqual({'pass@N': exactly(2 / 3), majority: exactly(1 / 3), 'best-ppm': exactly(1 / 3), 'weighted-vote': exactly(1 / 3)});
			expect(point.byLevel.map(group => [group.level, group.problems, group.accuracy])).toEqual([
				['1', 2, {'pass@N': exactly(1), majority: exactly(0.5), 'best-ppm': exactly(0.5), 'weighted-vote': exactly(0.5)}],
				['2', 1, {'pass@N': exactly(0), majority: exactly(0), 'best-ppm': exactly(0), 'weighted-vote': exactly(0)}]
			]);
		}
		expect(points.map(point => point.overall.fewerThanN)).toEqual([1, 3]);
	});

	it('at N = 1 every method judges the one drawn trajectory, and the spread is a fair coin\'s over 3 problems', () => {
		const coin: ProblemTrajectories[] = [
			{problemId: 1, level: null, trajectories: [t(0, true, 0.1), t(0, true, 0.9)]},
			{problemId: 2, level: null, trajectories: [t(0, true, 0.2), t(1, false, 0.8)]},
			{problemId: 3, level: null, trajectories: [t(0, false), t(1, false)]}
		];
		const [point] = accuracyVsN(coin, {ns: [1], resamples: 4000, seed: 3}).points;
		const {accuracy} = point!.overall;
		for (const method of accuracyMethods)
			expect(accuracy[method]).toEqual(accuracy['pass@N']);
		// Each resample solves P1 and, half the time, P2: 1/3 or 2/3, so mean 1/2 and sd 1/6.
		expect(Math.abs(accuracy['pass@N'].mean - 0.5)).toBeLessThan(0.03);
		expect(Math.abs(accuracy['pass@N'].sd - 1 / 6)).toBeLessThan(0.005);
		expect(accuracy['pass@N'].p5).toBeCloseTo(1 / 3, 12);
		expect(accuracy['pass@N'].p95).toBeCloseTo(2 / 3, 12);
	});

	it('draws without replacement, uniformly: pass@N matches the hypergeometric 1 − C(8, N) / C(10, N) and never falls', () => {
		// 10 trajectories, 2 right, on 50 problems: 50 × 300 draws per N.
		const trajectories = Array.from({length: 10}, (_, i) => t(i, i < 2, i / 10));
		const many = Array.from({length: 50}, (_, i): ProblemTrajectories => ({problemId: 100 + i, level: null, trajectories}));
		const ns = [1, 2, 4, 8, 9, 10];
		const {points} = accuracyVsN(many, {ns, resamples: 300, seed: 11});
		const choose = (n: number, k: number): number => k > n ? 0 : k === 0 ? 1 : (n / k) * choose(n - 1, k - 1);
		points.forEach((point, i) => expect(Math.abs(point.overall.accuracy['pass@N'].mean - (1 - choose(8, ns[i]!) / choose(10, ns[i]!)))).toBeLessThan(0.02));
		const means = points.map(point => point.overall.accuracy['pass@N'].mean);
		expect(means).toEqual([...means].sort((a, b) => a - b));
		expect(points.at(-1)!.overall.accuracy['pass@N']).toEqual(exactly(1));
		expect(points.map(point => point.overall.fewerThanN)).toEqual([0, 0, 0, 0, 0, 0]);
	});

	it('is a function of the seed, and a problem\'s draws do not depend on the other problems', () => {
		const varied: ProblemTrajectories[] = [
			{problemId: 1, level: 'a', trajectories: [t(0, true, 0.3), t(1, false, 0.4), t(0, true, -0.2), t(2, false, 0.1), t(1, false, 0.6)]},
			{problemId: 2, level: 'b', trajectories: [t(0, false, 0.3), t(1, true, 0.1), t(1, true, 0.2), t(2, false, 0.9)]},
			{problemId: 3, level: 'a', trajectories: [t(0, false, 0.5), t(1, true, 0.2), t(2, false, 0.1), t(1, true, 0.3), t(0, false, 0.2), t(3, false, 0)]}
		];
		const options = {ns: [1, 2, 3], resamples: 50, seed: 5};
		const result = accuracyVsN(varied, options);
		expect(accuracyVsN(varied, options)).toEqual(result);
		expect(accuracyVsN(varied, {...options, seed: 6})).not.toEqual(result);
		expect(result.points[0]!.overall.accuracy['pass@N'].sd).toBeGreaterThan(0);
		// Level a alone, in the other order, draws as it did among all the problems.
		const levelA = accuracyVsN([varied[2]!, varied[0]!], options);
		result.points.forEach((point, i) => {
			const {level, ...group} = point.byLevel[0]!;
			expect(level).toBe('a');
			expect(group).toEqual(levelA.points[i]!.overall);
		});
	});

	it('counts, per N and per level, the problems with fewer trajectories than N', () => {
		const sizes = [0, 1, 3, 5, 8];
		const uneven = sizes.map((size, i): ProblemTrajectories => ({
			problemId: i, level: i % 2 === 0 ? 'even' : 'odd', trajectories: Array.from({length: size}, (_, j) => t(j, j === 0, 0.5))
		}));
		const {points} = accuracyVsN(uneven, {ns: [1, 2, 4, 8, 16], resamples: 10});
		expect(points.map(point => point.overall.fewerThanN)).toEqual([1, 2, 3, 4, 5]);
		expect(points.map(point => point.byLevel.map(group => [group.level, group.problems, group.fewerThanN]))).toEqual([
			[['even', 3, 1], ['odd', 2, 0]],
			[['even', 3, 1], ['odd', 2, 1]],
			[['even', 3, 2], ['odd', 2, 1]],
			[['even', 3, 2], ['odd', 2, 2]],
			[['even', 3, 3], ['odd', 2, 2]]
		]);
		// A problem with no trajectory is never solved; the others are solved by pass@N once every trajectory is drawn.
		expect(points.at(-1)!.overall.accuracy['pass@N']).toEqual(exactly(4 / 5));
	});

	it('orders levels naturally, the problems without one last, each group\'s accuracy over its own problems', () => {
		const leveled: ProblemTrajectories[] = [
			{problemId: 1, level: null, trajectories: [t(0, true)]},
			{problemId: 2, level: '10', trajectories: [t(0, false)]},
			{problemId: 3, level: '2', trajectories: [t(0, true)]},
			{problemId: 4, level: '10', trajectories: [t(0, true)]}
		];
		const [point] = accuracyVsN(leveled, {ns: [1], resamples: 3}).points;
		expect(point!.byLevel.map(group => [group.level, group.problems, group.accuracy.majority.mean])).toEqual([['2', 1, 1], ['10', 2, 0.5], [null, 1, 1]]);
		expect(point!.overall.accuracy.majority).toEqual(exactly(3 / 4));
	});

	it('refuses an N or a resample count that is not a positive integer', () => {
		expect(() => accuracyVsN(problems, {ns: [0]})).toThrow(/positive integer/);
		expect(() => accuracyVsN(problems, {ns: [1.5]})).toThrow(/positive integer/);
		expect(() => accuracyVsN(problems, {resamples: 0})).toThrow(/positive integer/);
	});
});
