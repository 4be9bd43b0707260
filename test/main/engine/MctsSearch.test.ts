import {describe, expect, it} from 'vitest';
import {CheckerGrader} from '../../support/checkerGrader.js';
import {SearchSettings} from '../../../src-main/contract/search.js';
import {MctsSearch} from '../../../src-main/engine/MctsSearch.js';
import type {SearchEvent} from '../../../src-main/engine/searchEvents.js';
import {SearchTree, type TreeNode} from '../../../src-main/engine/SearchTree.js';
import {selectAnswer} from '../../../src-main/engine/selectAnswer.js';
import {ScriptedExecutor, ScriptedPolicy} from '../../support/scriptedPolicy.js';

const grader = new CheckerGrader();
const question = 'Tom has 3 apples and buys 4 more. How many apples does he have now?';

/** Three first steps (right, wrong, broken); then the printing step; then the answer its output implies. */
function applesScript(steps: readonly string[]): string[] {
	if (steps.length === 0)
		return [
			'# Tom starts with 3 and buys 4\napples = 3 + 4\n<end_of_step>',
			'# Tom gives 4 away\napples = 3 - 4\n<end_of_step>',
			'# broken step\nraise ValueError("x")\n<end_of_step>'
		];
	const first = steps[0]!;
	if (steps.length === 1)
		return first.includes('3 + 4') ? ['print(apples)  # prints: 7\n<end_of_code>'] : first.includes('raise')
			? ['# try again\nraise ValueError("y")\n<end_of_step>'] : ['print(apples)  # prints: -1\n<end_of_code>'];
	const output = /<output>(.*)<end_of_output>/.exec(steps.at(-1)!)?.[1] ?? '?';
	return [`<answer>From the result, the answer is \\boxed{${output}}.<end_of_answer>`];
}

/** Three code steps at each of the first three depths, then answers: a tree that takes many rollouts to exhaust. */
function branchingScript(steps: readonly string[]): string[] {
	if (steps.length < 3)
		return [0, 1, 2].map(i => `# depth ${steps.length}, option ${i}\nx${steps.length} = ${i}\n<end_of_step>`);
	return [`\n<answer>The answer is \\boxed{${steps.length + steps.join('').length % 3}}.<end_of_answer>`];
}

function search(overrides: Partial<SearchSettings> = {}, extra: Partial<ConstructorParameters<typeof MctsSearch>[0]> = {}) {
	const policy = new ScriptedPolicy(applesScript);
	const executor = new ScriptedExecutor();
	const events: SearchEvent[] = [];
	const mcts = new MctsSearch({
		question, goldAnswers: ['7'], settings: SearchSettings.parse({candidates: 3, rollouts: 6, seed: 1, ...overrides}),
		policy, executor, grader, onEvent: event => events.push(event), ...extra
	});
	return {mcts, policy, executor, events};
}

/** A tree's observable state, for comparing two searches. */
function snapshot(tree: SearchTree) {
	return tree.nodes.map(node => ({id: node.id, parentId: node.parentId, text: node.text, visits: node.visits, valueSum: node.valueSum, terminal: node.terminal, reason: node.reason}));
}

describe('MctsSearch (scripted policy)', () => {
	it('finds the answer, and keeps visits and values consistent: an update reaches a node only through a judged answer below it', async () => {
		const {mcts} = search();
		await mcts.run();
		const {tree} = mcts;
		expect(mcts.completedRollouts).toBeGreaterThan(0);
		// In terminal-guided mode a failed terminal's −1 stays on it: every other node's N and value sum are its children's.
		const carried = (node: TreeNode) => node.reason === 'code-error' || node.reason === 'depth' ? {visits: 0, valueSum: 0} : node;
		for (const node of tree.nodes) {
			const children = node.children.map(id => tree.node(id));
			if (children.length === 0)
				continue;
			expect(node.visits, `node ${node.id}`).toBe(children.reduce((sum, child) => sum + carried(child).visits, 0));
			expect(node.valueSum, `node ${node.id}`).toBeCloseTo(children.reduce((sum, child) => sum + carried(child).valueSum, 0), 12);
		}
		const answers = tree.nodes.filter(node => node.reason === 'answer');
		expect(answers.map(node => [node.finalAnswer, node.correct])).toEqual(expect.arrayContaining([['7', true]]));
		expect((await selectAnswer(tree, {answerSelection: 'majority-vote', voteTopK: 4}, grader)).answer).toBe('7');
	});

	it('executes the code of the whole trajectory so far at every step', async () => {
		const policy = new ScriptedPolicy(steps => steps.length === 0 ? [applesScript([])[0]!] : applesScript(steps));
		const executor = new ScriptedExecutor();
		const mcts = new MctsSearch({question, goldAnswers: ['7'], settings: SearchSettings.parse({candidates: 2, rollouts: 2}), policy, executor, grader});
		await mcts.run();
		expect(executor.programs).toContain('# Tom starts with 3 and buys 4\napples = 3 + 4\nprint(apples)  # prints: 7');
		const finalStep = mcts.tree.nodes.find(node => node.text.startsWith('print(apples)  # prints: 7'))!;
		expect(finalStep.output).toBe('7\n');
		// The policy saw the output of the final code step before answering, stored in the step's text as the reference stores it.
		expect(finalStep.text).toBe('print(apples)  # prints: 7\n<end_of_code>\n<output>7<end_of_output>');
		expect(mcts.tree.steps(finalStep.id).at(-1)).toBe(finalStep.text);
	});

	it('makes the exact UCT choices: always the best, ties to the first child, Q 0 and no exploration while unvisited', async () => {
		const {mcts, events} = search({rollouts: 8}, {policy: new ScriptedPolicy(branchingScript)});
		await mcts.run();
		const selects = events.filter((event): event is Extract<SearchEvent, {kind: 'select'}> => event.kind === 'select');
		expect(selects.length).toBeGreaterThan(8);
		for (const select of selects) {
			const best = Math.max(...select.siblings.map(sibling => sibling.uct));
			expect(select.nodeId).toBe(select.siblings.find(sibling => sibling.uct === best)!.id);
		}
		// The first selection, among unvisited children of an unvisited root: every UCT is 0, the first child wins.
		expect(selects[0]!.siblings.every(sibling => sibling.uct === 0)).toBe(true);
		expect(selects[0]!.nodeId).toBe(mcts.tree.root.children[0]);
	});

	it('is deterministic under its seed, and another seed searches differently', async () => {
		const first = search({seed: 7});
		const second = search({seed: 7});
		const other = search({seed: 8});
		await Promise.all([first.mcts.run(), second.mcts.run(), other.mcts.run()]);
		expect(snapshot(second.mcts.tree)).toEqual(snapshot(first.mcts.tree));
		expect(second.policy.requests.map(request => request.seeds)).toEqual(first.policy.requests.map(request => request.seeds));
		expect(other.policy.requests[0]!.seeds).not.toEqual(first.policy.requests[0]!.seeds);
	});

	it('resumes a search killed mid-way to the same tree as an uninterrupted one', async () => {
		const whole = search({seed: 3, rollouts: 6}, {policy: new ScriptedPolicy(branchingScript)});
		await whole.mcts.run();

		const abort = new AbortController();
		const stored: {nodes: TreeNode[]; completed: number}[] = [];
		const killed = search({seed: 3, rollouts: 6}, {
			policy: new ScriptedPolicy(branchingScript),
			onRolloutDone: (rollout, _changed, _events) => {
				// What persistence keeps after each rollout; the "kill" comes after the third.
				stored.push({nodes: structuredClone(killed.mcts.tree.nodes), completed: rollout + 1});
				if (rollout === 2)
					abort.abort();
			}
		});
		await expect(killed.mcts.run(abort.signal)).rejects.toThrow();
		const last = stored.at(-1)!;
		expect(last.completed).toBe(3);

		const resumed = search({seed: 3, rollouts: 6}, {policy: new ScriptedPolicy(branchingScript), tree: SearchTree.fromNodes(last.nodes), completedRollouts: last.completed});
		await resumed.mcts.run();
		expect(snapshot(resumed.mcts.tree)).toEqual(snapshot(whole.mcts.tree));
	});
});
