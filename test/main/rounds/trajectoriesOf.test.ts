import {describe, expect, it} from 'vitest';
import type {AccuracyMethod} from '../../../src-main/contract/evaluations.js';
import type {StoredNode} from '../../../src-main/contract/search.js';
import {mulberry32} from '../../../src-main/engine/rng.js';
import {selectAnswer} from '../../../src-main/engine/selectAnswer.js';
import {SearchTree} from '../../../src-main/engine/SearchTree.js';
import {accuracyVsN} from '../../../src-main/rounds/accuracyVsN.js';
import {trajectoriesOf} from '../../../src-main/rounds/trajectoriesOf.js';
import {CheckerGrader} from '../../support/checkerGrader.js';

const grader = new CheckerGrader();

function root(): StoredNode {
	return {
		id: 0, parentId: null, depth: 0, text: 'question', code: '', output: null, error: null, finalAnswer: null, terminal: false,
		reason: null, correct: null, visits: 0, valueSum: 0, value: 0, ppm: null, stopReason: null, consecutiveErrors: 0, uct: null, rollout: -1
	};
}

/** A child of the root ending its trajectory: an answer leaf unless `reason` says otherwise. */
function leaf(nodes: StoredNode[], rollout: number, fields: Partial<StoredNode>): void {
	nodes.push({...root(), id: nodes.length, parentId: 0, depth: 1, text: 'step', terminal: true, reason: 'answer', rollout, ...fields});
}

describe('trajectoriesOf', () => {
	// Gold 7. Rollout 0: 7 (0.4), 8 (0.6); rollout 1: 7.0 (0.3), 8 (no score, value −0.2), a code error scored 0.99;
	// rollout 2: 16/2 (0.5); rollout 3: 7 (0.35).
	const nodes = [root()];
	leaf(nodes, 0, {finalAnswer: '7', correct: true, ppm: 0.4});
	leaf(nodes, 0, {finalAnswer: '8', correct: false, ppm: 0.6});
	leaf(nodes, 1, {finalAnswer: '7.0', correct: true, ppm: 0.3});
	leaf(nodes, 1, {finalAnswer: '8', correct: false, ppm: null, value: -0.2});
	leaf(nodes, 1, {reason: 'code-error', ppm: 0.99});
	leaf(nodes, 2, {finalAnswer: '\\frac{16}{2}', correct: false, ppm: 0.5});
	leaf(nodes, 3, {finalAnswer: '7', correct: true, ppm: 0.35});

	it('takes every answer leaf in node order, classed by the grader, scored by its PPM score or else its value', async () => {
		expect(await trajectoriesOf(nodes, grader)).toEqual([
			{answerClass: 0, correct: true, ppm: 0.4},
			{answerClass: 1, correct: false, ppm: 0.6},
			{answerClass: 0, correct: true, ppm: 0.3},
			{answerClass: 1, correct: false, ppm: -0.2},
			{answerClass: 1, correct: false, ppm: 0.5},
			{answerClass: 0, correct: true, ppm: 0.35}
		]);
	});

	it('with onePerRollout, takes each rollout\'s best-scored answer, in rollout order', async () => {
		expect(await trajectoriesOf(nodes, grader, {onePerRollout: true})).toEqual([
			{answerClass: 0, correct: false, ppm: 0.6},
			{answerClass: 1, correct: true, ppm: 0.3},
			{answerClass: 0, correct: false, ppm: 0.5},
			{answerClass: 1, correct: true, ppm: 0.35}
		]);
	});

	it('counts an unjudged answer as wrong and skips an answer step without an answer', async () => {
		const unjudged = [root()];
		leaf(unjudged, 0, {finalAnswer: '7', correct: null, ppm: 0.1});
		leaf(unjudged, 0, {finalAnswer: null, correct: null, ppm: 0.9});
		expect(await trajectoriesOf(unjudged, grader)).toEqual([{answerClass: 0, correct: false, ppm: 0.1}]);
	});

	it('the weighted vote over all leaves and over one per rollout differ here: 0.4 + 0.3 + 0.35 > 0.9, but 0.65 < 1.1', async () => {
		const solved = async (onePerRollout: boolean) => {
			const [point] = accuracyVsN([{problemId: 1, level: null, trajectories: await trajectoriesOf(nodes, grader, {onePerRollout})}], {ns: [64], resamples: 1}).points;
			return point!.overall.accuracy['weighted-vote'].mean;
		};
		expect(await solved(false)).toBe(1);
		expect(await solved(true)).toBe(0);
	});
});

describe('with every trajectory drawn, accuracyVsN agrees with selectAnswer on random trees', () => {
	const answers = ['1', '1.0', '2', '3', '\\frac{6}{2}'];
	const quarter = (random: () => number) => Math.round((random() * 2 - 1) * 4) / 4;

	/** Leaves with scores on quarter steps, so that ties are frequent and sums exact in any order. */
	function randomTree(seed: number): StoredNode[] {
		const random = mulberry32(seed);
		const nodes = [root()];
		const rollouts = 1 + Math.floor(random() * 6);
		for (let rollout = 0; rollout < rollouts; rollout++)
			for (let k = Math.floor(random() * 4); k > 0; k--) {
				const finalAnswer = answers[Math.floor(random() * answers.length)]!;
				leaf(nodes, rollout, {
					reason: random() < 0.15 ? 'code-error' : 'answer', finalAnswer, correct: finalAnswer.startsWith('1'),
					ppm: random() < 0.2 ? null : quarter(random), value: quarter(random)
				});
			}
		return nodes;
	}

	async function chosenCorrect(nodes: StoredNode[], answerSelection: 'best-ppm' | 'ppm-weighted-vote'): Promise<number> {
		const tree = SearchTree.fromNodes(nodes.map(node => ({...node, children: [], reward: null})));
		const {nodeId} = await selectAnswer(tree, {answerSelection, voteTopK: 1024}, grader);
		return nodeId !== null && nodes[nodeId]!.correct ? 1 : 0;
	}

	async function ours(nodes: StoredNode[], method: AccuracyMethod, onePerRollout: boolean): Promise<number> {
		const trajectories = await trajectoriesOf(nodes, grader, {onePerRollout});
		return accuracyVsN([{problemId: 0, level: null, trajectories}], {ns: [64], resamples: 1}).points[0]!.overall.accuracy[method].mean;
	}

	it('best-ppm (from every leaf or one per rollout) and ppm-weighted-vote (one per rollout, all k)', async () => {
		for (let seed = 0; seed < 150; seed++) {
			const nodes = randomTree(seed);
			const best = await chosenCorrect(nodes, 'best-ppm');
			expect(await ours(nodes, 'best-ppm', false), `best-ppm, tree ${seed}`).toBe(best);
			expect(await ours(nodes, 'best-ppm', true), `best-ppm per rollout, tree ${seed}`).toBe(best);
			expect(await ours(nodes, 'weighted-vote', true), `weighted vote, tree ${seed}`).toBe(await chosenCorrect(nodes, 'ppm-weighted-vote'));
		}
	});
});
