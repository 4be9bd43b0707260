/**
 * The reference implementation's rules (microsoft/rStar, branch rStar-math), one test each, on scripted policies whose
 * expected numbers were worked out by hand from the named file and function of the reference.
 */
import {describe, expect, it} from 'vitest';
import {CheckerGrader} from '../../support/checkerGrader.js';
import {presetSettings, settingsFor} from '../../../src-main/contract/presets.js';
import {SearchSettings, type SearchEvent} from '../../../src-main/contract/search.js';
import {BeamSearch} from '../../../src-main/engine/BeamSearch.js';
import {MctsSearch} from '../../../src-main/engine/MctsSearch.js';
import type {Policy, Scorer} from '../../../src-main/engine/ports.js';
import {selectAnswer} from '../../../src-main/engine/selectAnswer.js';
import {mergeCandidates} from '../../../src-main/engine/StepExpander.js';
import {q, SearchTree, type TreeNode} from '../../../src-main/engine/SearchTree.js';
import {codeStepText, parseStep, referenceFinalAnswer, stepCode} from '../../../src-main/engine/stepFormat.js';
import {selectChild, uct} from '../../../src-main/engine/uct.js';
import {fewShotPrompt, rstarSftPrompt, rstarTrainingPrompt} from '../../../src-main/prompts/promptFormats.js';
import {FixedPolicy, ScriptedExecutor, ScriptedScorer} from '../../support/scriptedPolicy.js';

const question = 'Tom has 3 apples and buys 4 more. How many apples does he have now?';
const grader = new CheckerGrader();

function mcts(policy: Policy, settings: Partial<SearchSettings>, extra: {gold?: string[]; scorer?: Scorer} = {}) {
	const events: SearchEvent[] = [];
	const search = new MctsSearch({
		question, goldAnswers: extra.gold ?? ['7'], settings: SearchSettings.parse({candidates: 2, rollouts: 8, ...settings}),
		policy, executor: new ScriptedExecutor(), grader, scorer: extra.scorer, onEvent: event => events.push(event)
	});
	return {search, events, tree: search.tree};
}

const byText = (tree: SearchTree, start: string) => tree.nodes.find(node => node.text.startsWith(start))!;
const stats = (node: TreeNode) => ({visits: node.visits, valueSum: node.valueSum, q: q(node)});

describe('the bug: a node whose children are all terminal (agents/mcts.py, MCTS.selection and select_child)', () => {
	// Root → A (whose only child is the right answer) and B (→ B2, a final code step → a wrong answer).
	const script = (steps: readonly string[]) => {
		if (steps.length === 0)
			return ['<code>\n# A: buys 4 more\nx = 3 + 4\n<end_of_step>', '<code>\n# B: gives 4 away\nx = 3 - 4\n<end_of_step>'];
		if (steps[0]!.includes('3 + 4'))
			return ['\n<answer>\\boxed{7}<end_of_answer>'];
		return steps.length === 1 ? ['\n\n# Now print the final answer\nprint(x)  # prints: -1\n<end_of_code>'] : ['\n<answer>\\boxed{-1}<end_of_answer>'];
	};

	it('never lets terminal children compete again: Q(A) stays 1, B is tried, and the search ends when all is terminal', async () => {
		const {search, tree, events} = mcts(new FixedPolicy(script), {rollouts: 8});
		await search.run();
		const a = byText(tree, '<code>\n# A');
		const b = byText(tree, '<code>\n# B');
		const b2 = byText(tree, '\n\n# Now print');
		// Rollout 0: A's answer is judged at creation and +1 backed up root → A → answer; A then has no open child.
		// Rollout 1: B, B2, and −1 backed up root → B → B2 → answer. Rollout 2: B has no open child. Rollout 3: nor the root.
		expect(stats(a)).toEqual({visits: 1, valueSum: 1, q: 1});
		expect(stats(b)).toEqual({visits: 1, valueSum: -1, q: -1});
		expect(stats(b2)).toEqual({visits: 1, valueSum: -1, q: -1});
		expect(stats(tree.root)).toEqual({visits: 2, valueSum: 0, q: 0});
		expect([a.reason, b2.reason, b.reason, tree.root.reason]).toEqual(['children-terminal', 'children-terminal', 'children-terminal', 'children-terminal']);
		expect(search.completedRollouts).toBe(4);
		// Exactly two back-propagations, one per answer, at creation; a rollout that finds nothing open backs nothing up.
		expect(events.filter(event => event.kind === 'backup').map(event => (event as {reward: number}).reward)).toEqual([1, -1]);
		// A terminal is never selected.
		const selected = events.filter(event => event.kind === 'select').map(event => (event as {nodeId: number}).nodeId);
		expect(selected.some(id => tree.node(id).reason === 'answer')).toBe(false);
	});
});

describe('selection (nodes/mcts_node.py, MCTSNode.puct; agents/mcts.py, select_child)', () => {
	const node = (visits: number, valueSum: number, terminal = false) => ({visits, valueSum, terminal, id: visits * 100 + valueSum} as TreeNode);

	it('scores an unvisited node Q = 0 with no exploration term, and a visited one Q + c·sqrt(ln N_parent / N)', () => {
		expect(uct(node(0, 0), 10, 2)).toBe(0);
		expect(uct(node(2, 1), 10, 2)).toBeCloseTo(0.5 + 2 * Math.sqrt(Math.log(10) / 2), 12);
		// Under a parent visited once, ln 1 = 0: a child at −1 scores −1 and loses to an unvisited one (0)…
		expect(selectChild([node(1, -1), node(0, 0)], 1, 2).chosen).toMatchObject({visits: 0});
		// …under a parent visited twice it scores −1 + 2·sqrt(ln 2) ≈ 0.665 and wins.
		expect(uct(node(1, -1), 2, 2)).toBeCloseTo(-1 + 2 * Math.sqrt(Math.log(2)), 12);
		expect(selectChild([node(1, -1), node(0, 0)], 2, 2).chosen).toMatchObject({visits: 1});
	});

	it('sends ties to the first child in creation order, skips terminals, and finds none when all are terminal', () => {
		const children = [node(0, 0, true), {...node(0, 0), id: 1}, {...node(0, 0), id: 2}] as TreeNode[];
		expect(selectChild(children, 0, 2).chosen!.id).toBe(1);
		expect(selectChild(children, 0, 2).scores.map(score => score.id)).toEqual([1, 2]);
		expect(selectChild([node(0, 0, true)], 0, 2).chosen).toBeNull();
	});
});

describe('terminals (agents/mcts.py, create_child and eval_final_answer)', () => {
	it('judges every answer child when it is created and backs ±1 up to the root, not only a selected one', async () => {
		// Two answers that stopped without <end_of_answer> (so neither is filtered out): both are judged at once.
		const {search, tree} = mcts(new FixedPolicy(() => ['The answer is \\boxed{7}', 'The answer is \\boxed{8}']), {rollouts: 1});
		await search.run();
		expect(stats(byText(tree, 'The answer is \\boxed{7}'))).toEqual({visits: 1, valueSum: 1, q: 1});
		expect(stats(byText(tree, 'The answer is \\boxed{8}'))).toEqual({visits: 1, valueSum: -1, q: -1});
		expect(stats(tree.root)).toEqual({visits: 2, valueSum: 0, q: 0});
		expect(tree.root.value).toBe(1);
	});

	it('gives a failed terminal −1 on itself alone, past the consecutive-error threshold', async () => {
		const broken = '<code>\n# broken\nraise ValueError("x")\n<end_of_step>';
		const {search, tree} = mcts(new FixedPolicy(() => [broken]), {rollouts: 1, errorThreshold: 2});
		await search.run();
		const [first, second] = [tree.node(1), tree.node(2)];
		// One failure is tolerated: the first broken step stays open, and ends only when its one child has ended.
		expect(first).toMatchObject({consecutiveErrors: 1, reason: 'children-terminal', visits: 0});
		expect(second).toMatchObject({consecutiveErrors: 2, terminal: true, reason: 'code-error', visits: 1, valueSum: -1, value: -1});
		expect(tree.root.visits).toBe(0);
		// The reference closes the step with <end_of_code> and appends the interpreter's report.
		expect(second.text).toBe('<code>\n# broken\nraise ValueError("x")\n<end_of_step><end_of_code>\n<output>ValueError<end_of_output>');
	});

	it('ends a trajectory past depth 16 — at 17 — for every new open node', async () => {
		let n = 0;
		const {search, tree} = mcts(new FixedPolicy(() => [`# step\nx${n++} = 1\n<end_of_step>`]), {rollouts: 2, candidates: 1, maxDepth: 16});
		await search.run();
		expect(tree.nodes.filter(node => node.depth <= 16).every(node => !node.terminal || node.reason === 'children-terminal')).toBe(true);
		expect(tree.nodes.find(node => node.depth === 17)).toMatchObject({terminal: true, reason: 'depth', visits: 1, valueSum: -1});
		// The first rollout walks 16 steps, from the root down to depth 16; the second starts a level down (the root's
		// selection is free), expands depth 16 and creates the terminal at 17.
		expect(Math.max(...tree.nodes.map(node => node.depth))).toBe(17);
	});

	it('sets the consecutive-error threshold by preset: 2 for the bootstrap round, 1 for later rounds and evaluation (config/*.yaml)', () => {
		expect(settingsFor('rstar-bootstrap').errorThreshold).toBe(2);
		for (const preset of ['rstar-round', 'rstar-eval-mcts', 'rstar-eval-beam'] as const)
			expect(settingsFor(preset).errorThreshold).toBe(1);
	});
});

describe('PPM-augmented Q (agents/mcts.py, select_next_step with update_leaf_value)', () => {
	const script = (steps: readonly string[]) => steps.length === 0
		? ['<code>\n# good\nx = 3 + 4\n<end_of_step>', '<code>\n# bad\nx = 3 - 4\n<end_of_step>']
		: ['\n\n# Now print the final answer\nprint(x)  # prints: 7\n<end_of_code>'];
	const scorer = () => new ScriptedScorer(step => step.includes('good') ? 0.5 : step.includes('bad') ? -0.25 : 0.1);

	it('applies a new step\'s score as one visit (N = 1, Q = score), not propagated', async () => {
		const {search, tree} = mcts(new FixedPolicy(script), {rollouts: 1, qMode: 'ppm-augmented', maxDepth: 1}, {scorer: scorer()});
		await search.run();
		expect(stats(byText(tree, '<code>\n# good'))).toEqual({visits: 1, valueSum: 0.5, q: 0.5});
		expect(stats(byText(tree, '<code>\n# bad'))).toEqual({visits: 1, valueSum: -0.25, q: -0.25});
		expect(tree.root.visits).toBe(0);
	});

	it('without judging (evaluation), backs an answer\'s PPM score up to the root', async () => {
		const policy = new FixedPolicy(steps => steps.length === 0 ? ['<code>\n# good\nx = 3 + 4\n<end_of_step>'] : ['\n<answer>\\boxed{7}<end_of_answer>']);
		const {search, tree} = mcts(policy, {rollouts: 1, qMode: 'ppm-augmented', useGroundTruth: false}, {scorer: new ScriptedScorer(step => step.includes('answer') ? 0.8 : 0.5)});
		await search.run();
		const good = byText(tree, '<code>\n# good');
		const answer = byText(tree, '\n<answer>');
		expect(answer).toMatchObject({correct: true, reward: 0.8, visits: 1, valueSum: 0.8});
		// `good`: its own score as one visit (0.5), then the answer's 0.8 backed up through it.
		expect(stats(good)).toEqual({visits: 2, valueSum: 1.3, q: 0.65});
		expect(good.value).toBe(0.5);
		expect(stats(tree.root)).toEqual({visits: 1, valueSum: 0.8, q: 0.8});
	});
});

describe('duplicates (llms/llms.py, llm_generate)', () => {
	const candidate = (text: string, stopReason: 'end_of_step' | 'end_of_code' | 'end_of_answer' | 'eos') => ({text, stopReason, tokens: 1});

	it('merges candidates whose generated text is the same, the stop marker aside', () => {
		expect(mergeCandidates([
			candidate('a = 1\n<end_of_step>', 'end_of_step'), candidate('a = 1\n<end_of_code>', 'end_of_code'),
			candidate('a = 1\n', 'eos'), candidate('b = 2\n<end_of_step>', 'end_of_step'), candidate('a = 1\n<end_of_step> ', 'eos')
		]).map(kept => kept.text)).toEqual(['a = 1\n<end_of_step>', 'b = 2\n<end_of_step>', 'a = 1\n<end_of_step> ']);
	});

	it('keeps only the first candidate that stopped at <end_of_answer>, and drops every other one', () => {
		expect(mergeCandidates([
			candidate('a = 1\n<end_of_step>', 'end_of_step'), candidate('\\boxed{1}<end_of_answer>', 'end_of_answer'),
			candidate('\\boxed{2}<end_of_answer>', 'end_of_answer')
		]).map(kept => kept.text)).toEqual(['\\boxed{1}<end_of_answer>']);
	});
});

describe('step text and parsing (agents/utils.py, rstar_step_result_unwrap and extract_math_answer; agents/tree.py, extract_program)', () => {
	it('stores a final code step\'s output right after its code, and a code error past the threshold wrapped as the reference wraps it', () => {
		expect(codeStepText('print(x)\n<end_of_code>', '7', false)).toBe('print(x)\n<end_of_code>\n<output>7<end_of_output>');
		expect(codeStepText('x = 1\n<end_of_step>', '', false)).toBe('x = 1\n<end_of_step>');
		expect(codeStepText('x = y\n<end_of_step>', "NameError: name 'y' is not defined", true))
			.toBe("x = y\n<end_of_step><end_of_code>\n<output>NameError: name 'y' is not defined<end_of_output>");
		// A final code step that fails past the threshold: the reference wraps the report twice.
		expect(codeStepText('print(y)\n<end_of_code>', 'NameError: y', true)).toBe('print(y)\n<end_of_code>\n<output><output>NameError: y<end_of_output><end_of_output>');
	});

	it('parses as the reference: boxed is an answer with or without a marker, anything else is code, an empty boxed is plain', () => {
		expect(parseStep('\n<answer>The answer is \\boxed{\\frac{7}{2}}.<end_of_answer>')).toMatchObject({kind: 'answer', finalAnswer: '\\frac{7}{2}'});
		expect(parseStep('so it is \\boxed{12} apples')).toMatchObject({kind: 'answer', finalAnswer: '12'});
		expect(parseStep('# rambling without an end marker\nx = 1')).toMatchObject({kind: 'code', code: '# rambling without an end marker\nx = 1'});
		expect(parseStep('<code>\n# one\nx = 1\n<end_of_step>')).toMatchObject({kind: 'code', code: '# one\nx = 1'});
		expect(parseStep('\n\n# Now print the final answer\nprint(x)\n<end_of_code>')).toMatchObject({kind: 'final-code', code: '# Now print the final answer\nprint(x)'});
		expect(parseStep('\\boxed{}')).toMatchObject({kind: 'plain'});
		expect(stepCode('<code>\n# a\nx = 1\n<end_of_code>\nignored')).toBe('# a\nx = 1');
	});

	it('extracts the final answer from the text before the first ".\\n", unwrapping the first \\text{}', () => {
		expect(referenceFinalAnswer('<answer>So \\boxed{5\\text{ cm}}.<end_of_answer>')).toBe('5cm');
		expect(referenceFinalAnswer('First line.\nThen \\boxed{5}')).toBe('First line');
		expect(referenceFinalAnswer('\\boxed{1 \\text{and} 2}')).toBe('1  2');
	});
});

describe('prompts (agents/utils.py, rstar_prompt_wrap; train/train_SFT.py, PROMPT_DICT)', () => {
	it('writes the inference template with its blank line, the training template without', () => {
		expect(rstarSftPrompt('Q?')).toBe("<|user|>:\nQ?\n\n<|assistant|>: Let's think step by step and solve the problem with code.");
		expect(rstarTrainingPrompt('Q?')).toBe("<|user|>:\nQ?\n<|assistant|>: Let's think step by step and solve the problem with code.");
	});

	it('lays the bootstrap prompt out as the reference\'s few-shot prompt: instructions, count line, examples, blank line, question', () => {
		const prompt = fewShotPrompt('Q?');
		const parts = prompt.split('\n\nNow it is your turn.\nQuestion: ');
		expect(parts).toHaveLength(2);
		expect(parts[1]).toBe('Q?\n');
		expect(parts[0]).toContain('\nThe following are 2 demonstration examples.\nQuestion: ');
		expect(parts[0]!.match(/\nQuestion: /g)).toHaveLength(2);
		expect(parts[0]).toMatch(/<end_of_code>\n<output>2<end_of_output>\n<answer>[^\n]*\\boxed\{2\}[^\n]*\n<end_of_answer>$/);
	});
});

describe('answer selection (eval_output.py, extra_solution_dict; eval_maj.py)', () => {
	/** A tree: the root's children a (Q −0.5, two answers) and b (Q 0.5, one answer), answers created in rollouts 0–2. */
	function tree() {
		const t = new SearchTree(question);
		const step = (parentId: number, visits: number, valueSum: number, rollout: number, answer?: string, ppm?: number) => Object.assign(
			t.add({parentId, depth: t.node(parentId).depth + 1, text: answer ?? 'x', rollout}),
			{visits, valueSum, ...(answer ? {reason: 'answer' as const, terminal: true, finalAnswer: answer, ppm: ppm ?? null} : {})});
		const a = step(0, 2, -1, 0);
		const b = step(0, 2, 1, 0);
		step(a.id, 1, -1, 0, '8', 0.9);
		step(a.id, 1, 0.2, 1, '8', 0.1);
		step(b.id, 1, 0.6, 2, '7', 0.4);
		step(b.id, 1, 0.4, 2, '\\frac{14}{2}', 0.3);
		return t;
	}
	const settings = (answerSelection: SearchSettings['answerSelection'], voteTopK = 4) => ({answerSelection, voteTopK});

	it('majority-vote pools equal answers by the grader; a tie goes to the higher mean Q', async () => {
		// 8 twice (mean Q −0.4) against 7 and 14/2 (mean Q 0.5).
		expect(await selectAnswer(tree(), settings('majority-vote'), grader)).toMatchObject({answer: '7', support: 2});
	});

	it('highest-q takes the answer leaf with the highest Q', async () => {
		expect(await selectAnswer(tree(), settings('highest-q'), grader)).toMatchObject({answer: '7', support: 0.6});
	});

	it('best-ppm takes the best-scored answer', async () => {
		expect(await selectAnswer(tree(), settings('best-ppm'), grader)).toMatchObject({answer: '8', support: 0.9});
	});

	it('ppm-top-k-majority votes among the best answer of each rollout; ppm-weighted-vote weighs them by score', async () => {
		// Per rollout: 0 → 8 (0.9), 1 → 8 (0.1), 2 → 7 (0.4). Top 3: 8, 7, 8 → 8 by votes (2 to 1).
		expect(await selectAnswer(tree(), settings('ppm-top-k-majority', 3), grader)).toMatchObject({answer: '8', support: 2});
		// Top 2: 8 (0.9) and 7 (0.4): one vote each, the better-scored first → 8; weighted: 0.9 against 0.4 → 8.
		expect(await selectAnswer(tree(), settings('ppm-weighted-vote', 2), grader)).toMatchObject({answer: '8', support: 0.9});
	});
});

describe('beam search (agents/beam_search.py, BS)', () => {
	it('defaults to the reference\'s widths B1 = B2 = 8', () => {
		const defaults = SearchSettings.parse({});
		expect([defaults.beamWidth, defaults.beamCandidates]).toEqual([8, 8]);
		expect(presetSettings['rstar-eval-beam']).toMatchObject({beamWidth: 8, beamCandidates: 8, answerSelection: 'best-ppm'});
	});

	it('ranks every new child, terminals included; an answer narrows the beam for good; any code error ends a trajectory', async () => {
		// From the root: an answer (0.9), a failing step (0.8), and two open steps (0.5, 0.3). B1 = 3, B2 = 4.
		const policy = new FixedPolicy(steps => steps.length === 0
			? ['The answer is \\boxed{7}', '<code>\n# fails\nraise ValueError("x")\n<end_of_step>', '<code>\n# p\nx = 1\n<end_of_step>', '<code>\n# r\nx = 2\n<end_of_step>']
			: [`\n\n# deeper ${steps.length}\ny = ${steps.length}\n<end_of_step>`]);
		const scorer = new ScriptedScorer(step => step.includes('boxed') ? 0.9 : step.includes('fails') ? 0.8 : step.includes('# p') ? 0.5 : step.includes('# r') ? 0.3 : 0.1);
		const events: SearchEvent[] = [];
		const beam = new BeamSearch({
			question, goldAnswers: ['7'], settings: SearchSettings.parse({mode: 'beam', beamWidth: 3, beamCandidates: 4, maxDepth: 2}),
			policy, executor: new ScriptedExecutor(), grader, scorer, onEvent: event => events.push(event)
		});
		await beam.run();
		const t = beam.tree;
		expect(byText(t, '<code>\n# fails')).toMatchObject({terminal: true, reason: 'code-error', consecutiveErrors: 1});
		const beams = events.filter((event): event is Extract<SearchEvent, {kind: 'beam'}> => event.kind === 'beam');
		// Depth 1 ranks all four children, the answer and the failure too. The answer narrows the beam from 3 to 2, and
		// the top two of the ranking are kept — the answer and the failing step — so nothing open is left to expand.
		expect(beams[1]!.ranked.map(entry => entry.ppm)).toEqual([0.9, 0.8, 0.5, 0.3]);
		expect(beams[1]!.kept.map(id => t.node(id).text.slice(0, 16))).toEqual(['The answer is \\b', '<code>\n# fails\nr']);
		// No open step among the kept: the search ends there, as the reference's does.
		expect(t.nodes.filter(node => node.depth === 2)).toHaveLength(0);
		expect(await selectAnswer(t, {answerSelection: 'best-ppm', voteTopK: 4}, grader)).toMatchObject({answer: '7'});
	});
});
