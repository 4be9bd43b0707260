import {describe, expect, it} from 'vitest';
import {SearchSettings} from '../../../src-main/contract/search.js';
import {MctsSearch} from '../../../src-main/engine/MctsSearch.js';
import type {SearchEvent} from '../../../src-main/engine/searchEvents.js';
import {mergeCandidates} from '../../../src-main/engine/StepExpander.js';
import {SearchTree, q, type TreeNode} from '../../../src-main/engine/SearchTree.js';
import {selectAnswer} from '../../../src-main/engine/selectAnswer.js';
import {uct} from '../../../src-main/engine/uct.js';
import {ScriptedExecutor, ScriptedPolicy} from '../../support/scriptedPolicy.js';

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
	const output = /<output>\n(.*)\n/.exec(steps.at(-1)!)?.[1] ?? '?';
	return [`<answer>From the result, the answer is \\boxed{${output}}.<end_of_answer>`];
}

function search(overrides: Partial<SearchSettings> = {}, extra: Partial<ConstructorParameters<typeof MctsSearch>[0]> = {}) {
	const policy = new ScriptedPolicy(applesScript);
	const executor = new ScriptedExecutor();
	const events: SearchEvent[] = [];
	const mcts = new MctsSearch({
		question, goldAnswers: ['7'], settings: SearchSettings.parse({candidates: 3, rollouts: 6, seed: 1, ...overrides}),
		policy, executor, onEvent: event => events.push(event), ...extra
	});
	return {mcts, policy, executor, events};
}

/** A tree's observable state, for comparing two searches. */
function snapshot(tree: SearchTree) {
	return tree.nodes.map(node => ({id: node.id, parentId: node.parentId, text: node.text, visits: node.visits, valueSum: node.valueSum, terminal: node.terminal, reason: node.reason}));
}

describe('uct', () => {
	const node = (visits: number, valueSum: number, prior = 0) => ({visits, valueSum, prior} as TreeNode);

	it('is Q + c·sqrt(ln N_parent / N), with no exploration while unvisited', () => {
		expect(uct(node(2, 1), 10, 2)).toBeCloseTo(0.5 + 2 * Math.sqrt(Math.log(10) / 2), 12);
		expect(uct(node(0, 0, 0.3), 10, 2)).toBe(0.3);
		expect(uct(node(4, -4), 4, 0)).toBe(-1);
		expect(q(node(4, 2))).toBe(0.5);
	});
});

describe('MctsSearch (scripted policy)', () => {
	it('finds the answer, backs terminal rewards up to the root, and keeps visit and value sums consistent', async () => {
		const {mcts} = search();
		await mcts.run();
		const {tree} = mcts;
		expect(mcts.completedRollouts).toBe(6);
		expect(tree.root.visits).toBe(6);
		for (const node of tree.nodes) {
			const children = node.children.map(id => tree.node(id));
			if (children.length === 0 || node.reason === 'children-terminal')
				continue;
			expect(node.visits, `node ${node.id}`).toBe(children.reduce((sum, child) => sum + child.visits, 0));
			expect(node.valueSum, `node ${node.id}`).toBeCloseTo(children.reduce((sum, child) => sum + child.valueSum, 0), 12);
		}
		const answers = tree.nodes.filter(node => node.reason === 'answer');
		expect(answers.map(node => [node.finalAnswer, node.correct])).toEqual(expect.arrayContaining([['7', true]]));
		expect(selectAnswer(tree, 'majority-vote').answer).toBe('7');
	});

	it('executes the code of the whole trajectory so far at every step', async () => {
		const policy = new ScriptedPolicy(steps => steps.length === 0 ? [applesScript([])[0]!] : applesScript(steps));
		const executor = new ScriptedExecutor();
		const mcts = new MctsSearch({question, goldAnswers: ['7'], settings: SearchSettings.parse({candidates: 2, rollouts: 2}), policy, executor});
		await mcts.run();
		expect(executor.programs).toContain('# Tom starts with 3 and buys 4\napples = 3 + 4\nprint(apples)  # prints: 7');
		const finalStep = mcts.tree.nodes.find(node => node.text.startsWith('print(apples)  # prints: 7'))!;
		expect(finalStep.output).toBe('7\n');
		// The policy saw the output of the final code step before answering.
		expect(mcts.tree.steps(finalStep.id).at(-1)).toContain('<output>\n7\n<end_of_output>');
	});

	it('makes the exact UCT choices: after the first visits, the best Q plus exploration wins', async () => {
		const {mcts, events} = search({rollouts: 4});
		await mcts.run();
		const selects = events.filter((event): event is Extract<SearchEvent, {kind: 'select'}> => event.kind === 'select');
		for (const select of selects) {
			const best = Math.max(...select.siblings.map(sibling => sibling.uct));
			expect(select.siblings.find(sibling => sibling.id === select.nodeId)!.uct).toBe(best);
		}
		// Recompute one choice by hand: at the root in the last rollout.
		const lastRoot = selects.filter(select => select.rollout === 3 && mcts.tree.node(select.nodeId).parentId === 0)[0]!;
		for (const sibling of lastRoot.siblings)
			expect(Number.isFinite(sibling.uct)).toBe(true);
	});

	it('cuts a trajectory after the consecutive code-error threshold (reward −1)', async () => {
		const policy = new ScriptedPolicy(steps => steps.length === 0 ? [applesScript([])[2]!] : applesScript(steps));
		const mcts = new MctsSearch({question, goldAnswers: ['7'], settings: SearchSettings.parse({candidates: 1, rollouts: 2, errorThreshold: 2}), policy, executor: new ScriptedExecutor()});
		await mcts.run();
		const broken = mcts.tree.nodes.filter(node => node.text.includes('raise'));
		// One failing step is tolerated: the first broken step stays open (it ends only because its one child ended).
		expect(broken.find(node => node.depth === 1)).toMatchObject({consecutiveErrors: 1, reason: 'children-terminal'});
		expect(broken.find(node => node.depth === 2)).toMatchObject({terminal: true, reason: 'code-error', consecutiveErrors: 2, reward: -1});
	});

	it('cuts a trajectory at the depth limit (reward −1)', async () => {
		const {mcts} = search({maxDepth: 1, rollouts: 3});
		await mcts.run();
		expect(mcts.tree.nodes.filter(node => node.depth === 1).every(node => node.terminal && node.reason === 'depth')).toBe(true);
		expect(mcts.tree.root).toMatchObject({terminal: true, reason: 'children-terminal'});
		// A fully terminal tree ends the search early.
		expect(mcts.completedRollouts).toBeLessThan(3);
	});

	it('makes a step with no end marker an unparsable (or too-long) terminal', async () => {
		const policy = new ScriptedPolicy(() => ['# rambling on and on without an end']);
		const mcts = new MctsSearch({question, goldAnswers: ['7'], settings: SearchSettings.parse({candidates: 2, rollouts: 2}), policy, executor: new ScriptedExecutor()});
		await mcts.run();
		expect(mcts.tree.node(1)).toMatchObject({terminal: true, reason: 'too-long', reward: -1});
	});

	it('merges identical candidates and keeps only the first answer among them', () => {
		const candidate = (text: string) => ({text, stopReason: 'end_of_step' as const, tokens: 1});
		expect(mergeCandidates([
			candidate('a = 1\n<end_of_step>'), candidate('a = 1\n<end_of_step>  '), candidate('b = 2\n<end_of_step>'),
			candidate('<answer>\\boxed{1}<end_of_answer>'), candidate('<answer>\\boxed{2}<end_of_answer>')
		]).map(kept => kept.text)).toEqual(['a = 1\n<end_of_step>', 'b = 2\n<end_of_step>', '<answer>\\boxed{1}<end_of_answer>']);
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
		const whole = search({seed: 3, rollouts: 6});
		await whole.mcts.run();

		const abort = new AbortController();
		const stored: {nodes: TreeNode[]; completed: number}[] = [];
		const killed = search({seed: 3, rollouts: 6}, {
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

		const resumed = search({seed: 3, rollouts: 6}, {tree: SearchTree.fromNodes(last.nodes), completedRollouts: last.completed});
		await resumed.mcts.run();
		expect(snapshot(resumed.mcts.tree)).toEqual(snapshot(whole.mcts.tree));
	});
});

describe('selectAnswer', () => {
	it('votes by equivalent answers, or takes the best PPM terminal', () => {
		const tree = new SearchTree(question);
		const answer = (finalAnswer: string, ppm: number) => Object.assign(tree.add({parentId: 0, depth: 1, text: '', rollout: 0}), {reason: 'answer' as const, finalAnswer, ppm, terminal: true});
		answer('7', -0.5);
		answer('7.0', -0.4);
		answer('\\frac{14}{2}', -0.3);
		answer('8', 0.5);
		expect(selectAnswer(tree, 'majority-vote')).toMatchObject({answer: '7', support: 3});
		// 7 gathers (1 − 0.5)/2 + (1 − 0.4)/2 + (1 − 0.3)/2 = 0.9 against 8's (1 + 0.5)/2 = 0.75.
		expect(selectAnswer(tree, 'best-ppm')).toMatchObject({answer: '8'});
		expect(selectAnswer(tree, 'ppm-weighted-vote').answer).toBe('7');
	});
});
