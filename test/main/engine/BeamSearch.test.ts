import {describe, expect, it} from 'vitest';
import {CheckerGrader} from '../../support/checkerGrader.js';
import {SearchSettings} from '../../../src-main/contract/search.js';
import {BeamSearch} from '../../../src-main/engine/BeamSearch.js';
import type {Scorer} from '../../../src-main/engine/ports.js';
import type {SearchEvent} from '../../../src-main/engine/searchEvents.js';
import {SearchTree, type TreeNode} from '../../../src-main/engine/SearchTree.js';
import {ScriptedExecutor, ScriptedPolicy} from '../../support/scriptedPolicy.js';

const grader = new CheckerGrader();

/** Scores a trajectory by how many times its last step says "good". */
const scorer: Scorer = {
	score: async (_question, trajectories) => trajectories.map(steps => Math.tanh((steps.at(-1)!.match(/good/g) ?? []).length / 2))
};
const policy = () => new ScriptedPolicy(steps => steps.length < 2
	? ['# good good\nx = 1\n<end_of_step>', '# good\nx = 2\n<end_of_step>', '# meh\nx = 3\n<end_of_step>']
	: ['<answer>\\boxed{7}<end_of_answer>']);

describe('BeamSearch (scripted policy and PPM)', () => {
	const settings = SearchSettings.parse({mode: 'beam', beamWidth: 2, beamCandidates: 3, maxDepth: 5, seed: 2});

	it('keeps a prefix of each depth\'s ranking, at most B1 long, and expands only the open steps kept', async () => {
		const events: SearchEvent[] = [];
		const search = new BeamSearch({question: 'q', goldAnswers: ['7'], settings, policy: policy(), executor: new ScriptedExecutor(), grader, scorer, onEvent: event => events.push(event)});
		await search.run();
		const beams = events.filter((event): event is Extract<SearchEvent, {kind: 'beam'}> => event.kind === 'beam');
		for (const beam of beams) {
			expect(beam.kept.length).toBeLessThanOrEqual(2);
			const ppms = beam.ranked.map(entry => entry.ppm);
			expect(ppms).toEqual([...ppms].sort((a, b) => b - a));
			expect(beam.kept).toEqual(beam.ranked.slice(0, beam.kept.length).map(entry => entry.id));
		}
		const expanded = search.tree.nodes.filter(node => node.children.length > 0 && node.id !== 0);
		const kept = new Set(beams.flatMap(beam => beam.kept));
		expect(expanded.every(node => kept.has(node.id))).toBe(true);
		expect(search.tree.nodes.some(node => node.reason === 'answer' && node.correct)).toBe(true);
	});

	it('refuses to run without a PPM', () => {
		expect(() => new BeamSearch({question: 'q', goldAnswers: [], settings, policy: policy(), executor: new ScriptedExecutor(), grader})).toThrow(/needs|ranks steps with a PPM/);
	});

	it('resumes at the next depth to the same tree', async () => {
		const whole = new BeamSearch({question: 'q', goldAnswers: ['7'], settings, policy: policy(), executor: new ScriptedExecutor(), grader, scorer});
		await whole.run();
		let saved: {nodes: TreeNode[]; completed: number} | null = null;
		const abort = new AbortController();
		const first = new BeamSearch({
			question: 'q', goldAnswers: ['7'], settings, policy: policy(), executor: new ScriptedExecutor(), grader, scorer,
			onRolloutDone: depth => {
				saved = {nodes: structuredClone(first.tree.nodes), completed: depth + 1};
				abort.abort();
			}
		});
		await expect(first.run(abort.signal)).rejects.toThrow();
		const resumed = new BeamSearch({
			question: 'q', goldAnswers: ['7'], settings, policy: policy(), executor: new ScriptedExecutor(), grader, scorer,
			tree: SearchTree.fromNodes(saved!.nodes), completedRollouts: saved!.completed
		});
		await resumed.run();
		const shape = (tree: SearchTree) => tree.nodes.map(node => [node.id, node.parentId, node.text, node.visits, node.terminal]);
		expect(shape(resumed.tree)).toEqual(shape(whole.tree));
	});
});
