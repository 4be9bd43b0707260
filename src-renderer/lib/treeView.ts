import {nodeKindOf, pathTo, type NodeKind, type StoredNode} from '../../src-main/contract/search';
import type {NodeState} from './TreeReplay';

/** A tree at one point of a search: its stored nodes, and each node's state then (TreeReplay is one). */
export interface TreeSource {
	readonly nodes: readonly StoredNode[];
	state(id: number): NodeState;
}

export type {NodeKind};

export const nodeKindLabels: Record<NodeKind, string> = {
	correct: 'correct answer',
	wrong: 'wrong answer',
	unchecked: 'answer, no ground truth',
	'code-error': 'code error',
	failed: 'depth or format failure',
	exhausted: 'all children terminal',
	open: 'still open'
};

/** How each kind is drawn, on the canvas and in the SVG export: the shape, and the border's colour. */
export const nodeKindMarks = {
	correct: {shape: 'star', border: '#1a7f37'},
	wrong: {shape: 'diamond', border: '#b42318'},
	unchecked: {shape: 'pentagon', border: '#6b7280'},
	'code-error': {shape: 'triangle', border: '#d97706'},
	failed: {shape: 'rectangle', border: '#4b5563'},
	exhausted: {shape: 'ellipse', border: '#9aa3b2'},
	open: {shape: 'ellipse', border: '#1d2330'}
} as const satisfies Record<NodeKind, {shape: string; border: string}>;

/** How a node is marked in the viewer, as it stands at the replay's point. */
export function nodeKind(state: NodeState): NodeKind {
	return nodeKindOf(state);
}

export interface ViewFilters {
	/** Only the steps on a path from the root to a correct answer. Defaults to `false`. */
	onlyCorrectPaths: boolean;
	/** Under each node, only the k children with the highest Q; 0 keeps them all. Defaults to 0. */
	topK: number;
	/** Hide pruned steps: terminals the search cut for a code error, the depth limit or an unparsable step. Defaults to `false`. */
	hidePruned: boolean;
	/**
	 * Hide open steps never visited: the candidates an expansion added that selection never chose. Most of a large
	 * MCTS tree is these; without them thousands of nodes become the few hundred the search walked. Defaults to `false`.
	 */
	hideUnvisited: boolean;
}

export const noFilters: ViewFilters = {onlyCorrectPaths: false, topK: 0, hidePruned: false, hideUnvisited: false};

/** What a collapsed node hides: drawn on it, so a folded branch still says whether it is worth opening. */
export interface SubtreeSummary {
	/** Existing descendants hidden under it. */
	nodes: number;
	/** The highest Q among the visited ones; null when none is visited. */
	bestQ: number | null;
	/** One of them is a correct answer. */
	correct: boolean;
}

/** What the viewer shows: the visible children of each visible node, and the collapsed nodes that hide some. */
export interface TreeView {
	children: number[][];
	visible: Uint8Array;
	/** Visible nodes whose existing children are hidden because the user collapsed them, with what they hide. */
	collapsedWithChildren: Map<number, SubtreeSummary>;
}

/** The ids of the visible nodes, in id order. */
export function* visibleIds(view: TreeView): Generator<number> {
	for (let id = 0; id < view.visible.length; id++)
		if (view.visible[id] === 1)
			yield id;
}

/** The visible tree: existing nodes reached from the root through the filters and the collapsed subtrees. */
export function buildTreeView(source: TreeSource, filters: ViewFilters, collapsed: ReadonlySet<number>): TreeView {
	const {nodes} = source;
	const states = nodes.map(node => source.state(node.id));
	const existing: number[][] = nodes.map(() => []);
	for (const node of nodes)
		if (node.parentId !== null && states[node.id]!.exists)
			existing[node.parentId]!.push(node.id);
	const onCorrectPath = filters.onlyCorrectPaths ? correctPaths(nodes, states) : null;

	const view: TreeView = {children: nodes.map(() => []), visible: new Uint8Array(nodes.length), collapsedWithChildren: new Map()};
	if (nodes.length === 0)
		return view;
	view.visible[0] = 1;
	const queue = [0];
	for (let head = 0; head < queue.length; head++) {
		const id = queue[head]!;
		let kids = existing[id]!;
		if (filters.hidePruned)
			kids = kids.filter(kid => !isPruned(states[kid]!));
		if (filters.hideUnvisited)
			kids = kids.filter(kid => states[kid]!.visits > 0 || states[kid]!.terminal);
		if (onCorrectPath)
			kids = kids.filter(kid => onCorrectPath[kid] === 1);
		if (filters.topK > 0 && kids.length > filters.topK) {
			const kept = new Set([...kids].sort((a, b) => states[b]!.q - states[a]!.q || a - b).slice(0, filters.topK));
			kids = kids.filter(kid => kept.has(kid));
		}
		if (collapsed.has(id) && kids.length > 0) {
			view.collapsedWithChildren.set(id, summarise(existing, states, id));
			continue;
		}
		view.children[id] = kids;
		for (const kid of kids) {
			view.visible[kid] = 1;
			queue.push(kid);
		}
	}
	return view;
}

/** Every existing descendant of `id`, whatever the filters: what opening the node could show. */
function summarise(existing: readonly number[][], states: readonly NodeState[], id: number): SubtreeSummary {
	const summary: SubtreeSummary = {nodes: 0, bestQ: null, correct: false};
	const stack = [...existing[id]!];
	while (stack.length > 0) {
		const kid = stack.pop()!;
		const state = states[kid]!;
		summary.nodes++;
		if (state.visits > 0 && (summary.bestQ === null || state.q > summary.bestQ))
			summary.bestQ = state.q;
		summary.correct ||= state.reason === 'answer' && state.correct === true;
		stack.push(...existing[kid]!);
	}
	return summary;
}

function isPruned(state: NodeState): boolean {
	const kind = nodeKind(state);
	return kind === 'code-error' || kind === 'failed';
}

/** 1 for every node on a root-to-correct-answer path. */
function correctPaths(nodes: readonly StoredNode[], states: readonly NodeState[]): Uint8Array {
	const marked = new Uint8Array(nodes.length);
	for (const node of nodes)
		if (states[node.id]!.exists && nodeKind(states[node.id]!) === 'correct')
			for (let id: number | null = node.id; id !== null && marked[id] === 0; id = nodes[id]!.parentId)
				marked[id] = 1;
	return marked;
}

/** The best trajectory so far: to the answer with the highest Q (then the most visits); empty before any answer. */
export function bestTrajectory(source: TreeSource): number[] {
	let best: {id: number; q: number; visits: number} | null = null;
	for (const node of source.nodes) {
		const state = source.state(node.id);
		if (!state.exists || state.reason !== 'answer')
			continue;
		if (!best || state.q > best.q || (state.q === best.q && state.visits > best.visits))
			best = {id: node.id, q: state.q, visits: state.visits};
	}
	return best ? pathTo(source.nodes, best.id).map(node => node.id) : [];
}

/** Existing nodes whose step text contains `query` (case-insensitive), in id order. */
export function findNodes(source: TreeSource, query: string): number[] {
	const needle = query.trim().toLowerCase();
	if (needle === '')
		return [];
	return source.nodes.filter(node => source.state(node.id).exists && node.text.toLowerCase().includes(needle)).map(node => node.id);
}

export type Direction = 'parent' | 'child' | 'previous-sibling' | 'next-sibling';

/** Keyboard navigation over the visible tree; returns `id` itself where there is nowhere to go. */
export function neighbour(view: TreeView, nodes: readonly StoredNode[], id: number, direction: Direction): number {
	const parent = nodes[id]?.parentId ?? null;
	switch (direction) {
		case 'parent': return parent ?? id;
		case 'child': return view.children[id]?.[0] ?? id;
		case 'previous-sibling':
		case 'next-sibling': {
			if (parent === null)
				return id;
			const siblings = view.children[parent]!;
			const at = siblings.indexOf(id) + (direction === 'next-sibling' ? 1 : -1);
			return siblings[at] ?? id;
		}
	}
}
