import {describe, expect, it} from 'vitest';
import {CheckerGrader} from '../support/checkerGrader.js';
import {SearchSettings, type SearchEvent, type StoredNode} from '../../src-main/contract/search.js';
import {MctsSearch} from '../../src-main/engine/MctsSearch.js';
import {q, type TreeNode} from '../../src-main/engine/SearchTree.js';
import {TreeReplay} from '../../src-renderer/lib/TreeReplay.js';
import {ScriptedExecutor, ScriptedPolicy} from '../support/scriptedPolicy.js';

const question = 'Tom has 3 apples and buys 4 more. How many apples does he have now?';

/** Right, wrong and broken first steps; a printing step; the answer its output implies. */
function script(steps: readonly string[]): string[] {
	if (steps.length === 0)
		return ['apples = 3 + 4\n<end_of_step>', 'apples = 3 - 4\n<end_of_step>', 'raise ValueError("x")\n<end_of_step>', 'unfinished step'];
	if (steps.length === 1)
		return steps[0]!.includes('raise') ? ['raise ValueError("y")\n<end_of_step>'] : ['print(apples)  # prints: 7\n<end_of_code>', 'print(apples)  # prints: 8\n<end_of_code>'];
	const output = /<output>(.*)<end_of_output>/.exec(steps.at(-1)!)?.[1] ?? '?';
	return [`<answer>The answer is \\boxed{${output}}.<end_of_answer>`];
}

/** A stand-in PPM for pure tests: longer trajectories score higher. */
const lengthScorer = {
	score: async (_question: string, trajectories: readonly string[][]) => trajectories.map(steps => Math.tanh(steps.join('').length / 100))
};

async function recordSearch(overrides: Partial<SearchSettings> = {}, goldAnswers = ['7']) {
	const settings = SearchSettings.parse({candidates: 4, rollouts: 8, seed: 3, ...overrides});
	const events: SearchEvent[] = [];
	const mcts = new MctsSearch({
		question, goldAnswers, settings, policy: new ScriptedPolicy(script), executor: new ScriptedExecutor(),
		scorer: lengthScorer, grader: new CheckerGrader(), onEvent: event => events.push(event)
	});
	await mcts.run();
	const nodes: StoredNode[] = mcts.tree.nodes.map(({children: _c, reward: _r, ...node}) => node);
	return {events, nodes, tree: mcts.tree.nodes};
}

const observable = (node: TreeNode) => ({visits: node.visits, valueSum: node.valueSum, value: node.value, q: q(node), terminal: node.terminal, reason: node.reason, uct: node.uct});

describe('TreeReplay', () => {
	it('at the end of the log, rebuilds exactly the tree the engine built', async () => {
		const {events, nodes, tree} = await recordSearch();
		const replay = new TreeReplay(nodes, events);
		replay.seek(events.length);
		for (const node of tree) {
			const state = replay.state(node.id);
			expect(state.exists).toBe(true);
			expect({visits: state.visits, valueSum: state.valueSum, value: state.value, q: state.q, terminal: state.terminal, reason: state.reason, uct: state.uct})
				.toEqual(observable(node));
		}
	});

	it('rebuilds PPM scores and PPM-augmented values from the events alone, with and without a ground truth', async () => {
		for (const gold of [['7'], []]) {
			const {events, nodes, tree} = await recordSearch({qMode: 'ppm-augmented'}, gold);
			const replay = new TreeReplay(nodes, events);
			replay.seek(events.length);
			for (const node of tree) {
				expect(replay.state(node.id).ppm).toBe(node.ppm);
				expect(replay.state(node.id).q).toBe(q(node));
				expect(replay.state(node.id).value).toBe(node.value);
			}
			expect(tree.filter(node => node.ppm !== null).length).toBeGreaterThan(3);
		}
	});

	it('at the start holds only the root; nodes appear with their expansion, the root\'s visits grow with each back-propagation', async () => {
		const {events, nodes} = await recordSearch();
		const replay = new TreeReplay(nodes, events);
		expect(nodes.map(node => replay.state(node.id).exists)).toEqual(nodes.map(node => node.id === 0));
		const expand = events.findIndex(event => event.kind === 'expand');
		replay.seek(expand + 1);
		const children = (events[expand] as Extract<SearchEvent, {kind: 'expand'}>).children;
		expect(children.every(id => replay.state(id).exists)).toBe(true);
		expect(replay.currentEvent?.kind).toBe('expand');
		const backups = events.map((event, i) => [event, i] as const).filter(([event]) => event.kind === 'backup' && event.path[0] === 0);
		for (const [k, [, i]] of backups.entries()) {
			replay.seek(i + 1);
			expect(replay.state(0).visits).toBe(k + 1);
		}
	});

	it('a backward seek gives the state a fresh forward seek gives', async () => {
		const {events, nodes} = await recordSearch({rollouts: 16});
		const forward = new TreeReplay(nodes, events);
		const back = new TreeReplay(nodes, events);
		back.seek(events.length);
		for (const index of [events.length - 1, Math.floor(events.length / 2), 3, 0]) {
			forward.seek(0);
			forward.seek(index);
			back.seek(index);
			expect(nodes.map(node => back.state(node.id))).toEqual(nodes.map(node => forward.state(node.id)));
			expect(back.selectionPath).toEqual(forward.selectionPath);
		}
	});

	it('tracks the selection path of the current rollout, and finds where each rollout starts', async () => {
		const {events, nodes} = await recordSearch();
		const replay = new TreeReplay(nodes, events);
		const start = replay.rolloutStart(2);
		expect(events[start]!.rollout).toBe(2);
		expect(events[start - 1]!.rollout).toBe(1);
		const select = events.findIndex((event, i) => i >= start && event.kind === 'select');
		replay.seek(select + 1);
		const path = replay.selectionPath;
		expect(path[0]).toBe(0);
		expect(path.at(-1)).toBe((events[select] as Extract<SearchEvent, {kind: 'select'}>).nodeId);
		for (let i = 1; i < path.length; i++)
			expect(nodes[path[i]!]!.parentId).toBe(path[i - 1]);
		expect(replay.rolloutStart(999)).toBe(events.length);
	});
});
