import {describe, expect, it} from 'vitest';
import {SearchSettings, type StoredNode, type TerminalReason} from '../../src-main/contract/search.js';
import {rstarTagTree, treeJson, treeSvg} from '../../src-renderer/lib/treeExport.js';
import {layoutTree} from '../../src-renderer/lib/treeLayout.js';
import type {NodeState} from '../../src-renderer/lib/TreeReplay.js';
import {bestTrajectory, buildTreeView, findNodes, neighbour, noFilters, nodeKind, type TreeSource} from '../../src-renderer/lib/treeView.js';

/**
 * 0 ─┬─ 1 (Q .5) ─┬─ 4 correct answer (Q 1)
 *    │            └─ 5 code error
 *    ├─ 2 (Q −.5) ── 6 wrong answer (Q −1)
 *    ├─ 3 open (Q 0)
 *    └─ 7 not yet created
 */
function source(): TreeSource {
	const shape: [number | null, string, Partial<NodeState>][] = [
		[null, 'question', {visits: 4, q: 0}],
		[0, 'x = 3 + 4<end_of_step>', {visits: 2, q: 0.5}],
		[0, 'x = 3 - 4<end_of_step>', {visits: 2, q: -0.5}],
		[0, 'y = 2<end_of_step>', {q: 0}],
		[1, '<answer>\\boxed{7}<end_of_answer>', {visits: 1, q: 1, reason: 'answer', correct: true}],
		[1, 'raise ValueError<end_of_step>', {q: -1, reason: 'code-error', executed: true}],
		[2, '<answer>\\boxed{-1}<end_of_answer>', {visits: 1, q: -1, reason: 'answer', correct: false}],
		[0, 'later<end_of_step>', {exists: false}]
	];
	const nodes = shape.map(([parentId, text, state], id) => ({
		id, parentId, text, depth: parentId === null ? 0 : parentId === 0 ? 1 : 2, code: '', output: id === 5 ? null : '7\n', error: id === 5 ? 'ValueError' : null,
		finalAnswer: id === 4 ? '7' : id === 6 ? '-1' : null, terminal: state.reason !== undefined, reason: state.reason ?? null, correct: null, visits: 0, valueSum: 0, ppm: null,
		stopReason: null, consecutiveErrors: 0, uct: null, rollout: 0, value: 0
	}) satisfies StoredNode);
	const states = shape.map(([, , state]) => ({
		exists: true, visits: 0, valueSum: 0, value: 0, q: 0, terminal: state.reason !== undefined, reason: null as TerminalReason | null,
		correct: null, executed: false, ppm: null, uct: null, ...state
	}));
	states.forEach(state => state.valueSum = state.q * state.visits);
	return {nodes, state: id => states[id]!};
}

const visibleIds = (view: {visible: Uint8Array}) => [...view.visible.keys()].filter(id => view.visible[id] === 1);

describe('the tree view', () => {
	it('marks each node by kind', () => {
		const tree = source();
		expect([0, 3, 4, 5, 6].map(id => nodeKind(tree.state(id)))).toEqual(['open', 'open', 'correct', 'code-error', 'wrong']);
	});

	it('shows the nodes that exist, and filters: correct paths only, top-k children by Q, pruned or unvisited hidden', () => {
		const tree = source();
		expect(visibleIds(buildTreeView(tree, noFilters, new Set()))).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(visibleIds(buildTreeView(tree, {...noFilters, onlyCorrectPaths: true}, new Set()))).toEqual([0, 1, 4]);
		expect(visibleIds(buildTreeView(tree, {...noFilters, topK: 1}, new Set()))).toEqual([0, 1, 4]);
		expect(visibleIds(buildTreeView(tree, {...noFilters, topK: 2}, new Set()))).toEqual([0, 1, 3, 4, 5]);
		expect(visibleIds(buildTreeView(tree, {...noFilters, hidePruned: true}, new Set()))).toEqual([0, 1, 2, 3, 4, 6]);
		expect(visibleIds(buildTreeView(tree, {...noFilters, hideUnvisited: true}, new Set()))).toEqual([0, 1, 2, 4, 5, 6]);
	});

	it('collapses subtrees, remembering which collapsed nodes hide children and what they hide', () => {
		const view = buildTreeView(source(), noFilters, new Set([1, 3]));
		expect(visibleIds(view)).toEqual([0, 1, 2, 3, 6]);
		// Node 1 hides the correct answer 4 (Q 1) and the unvisited code error 5.
		expect([...view.collapsedWithChildren]).toEqual([[1, {nodes: 2, bestQ: 1, correct: true}]]);
		const root = buildTreeView(source(), noFilters, new Set([0]));
		expect([...root.collapsedWithChildren]).toEqual([[0, {nodes: 6, bestQ: 1, correct: true}]]);
		const wrong = buildTreeView(source(), noFilters, new Set([2]));
		expect([...wrong.collapsedWithChildren]).toEqual([[2, {nodes: 1, bestQ: -1, correct: false}]]);
	});

	it('finds the best trajectory, node text, and neighbours for the keyboard', () => {
		const tree = source();
		expect(bestTrajectory(tree)).toEqual([0, 1, 4]);
		expect(findNodes(tree, 'VALUEERROR')).toEqual([5]);
		expect(findNodes(tree, 'later')).toEqual([]);
		const view = buildTreeView(tree, noFilters, new Set());
		expect(neighbour(view, tree.nodes, 4, 'parent')).toBe(1);
		expect(neighbour(view, tree.nodes, 0, 'parent')).toBe(0);
		expect(neighbour(view, tree.nodes, 0, 'child')).toBe(1);
		expect(neighbour(view, tree.nodes, 1, 'next-sibling')).toBe(2);
		expect(neighbour(view, tree.nodes, 3, 'next-sibling')).toBe(3);
		expect(neighbour(view, tree.nodes, 1, 'previous-sibling')).toBe(1);
	});

	it('exports the tree as JSON, in rStar\'s tag-keyed layout, and the view as SVG', () => {
		const tree = source();
		const search = {question: 'How many?'} as Parameters<typeof treeJson>[0];
		const json = JSON.parse(treeJson(search, tree, 12)) as {eventIndex: number; nodes: {id: number; q: number}[]};
		expect(json.eventIndex).toBe(12);
		expect(json.nodes.map(node => node.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(json.nodes[1]!.q).toBe(0.5);
		const record = JSON.parse(rstarTagTree({...search, goldAnswers: ['7'], problemId: null, settings: SearchSettings.parse({})}, tree)) as
			{question: string; answer: string; rstar: Record<string, {text: string; extra_info: string; final_answer: string; visit_count: number; q_value: number; action: string}>};
		expect(record).toMatchObject({question: 'How many?', answer: '7'});
		// The reference's tags count children from 1.
		expect(Object.keys(record.rstar)).toEqual(['0', '0.1', '0.2', '0.3', '0.1.1', '0.1.2', '0.2.1']);
		expect(record.rstar['0']).toMatchObject({text: '', extra_info: 'question: How many?', visit_count: 4});
		expect(record.rstar['0.1.1']).toMatchObject({final_answer: '7', q_value: 1, action: ''});
		expect(record.rstar['0.1.2']).toMatchObject({extra_info: '', action: 'python_interpreter', observation: 'ValueError'});
		const view = buildTreeView(tree, noFilters, new Set());
		const svg = treeSvg(tree, view, layoutTree(view.children, 0), bestTrajectory(tree));
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(svg.match(/ data-node="/g)).toHaveLength(7);
		expect(svg).toContain('fill="#2166ac"');
		// Each kind in its shape: the correct answer a star (10 corners), the wrong one a diamond, the code error a triangle.
		expect(svg).toMatch(/<polygon points="(\S+ ){9}\S+" [^>]*data-node="4" data-kind="correct"/);
		expect(svg).toMatch(/<polygon points="(\S+ ){3}\S+" [^>]*data-node="6" data-kind="wrong"/);
		expect(svg).toMatch(/<polygon points="(\S+ ){2}\S+" [^>]*data-node="5" data-kind="code-error"/);
		expect(svg).toMatch(/<circle [^>]*data-node="3" data-kind="open"/);
		// The best trajectory 0 → 1 → 4: two gold edges and three rings.
		const best = /<g class="best-trajectory"[^>]*><path d="([^"]*)"[^>]*\/>(.*)<\/g>/.exec(svg)!;
		expect(best[1]!.match(/M/g)).toHaveLength(2);
		expect(best[2]!.match(/<circle /g)).toHaveLength(3);
	});
});
