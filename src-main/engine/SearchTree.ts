import {pathTo, trajectoryProgram, type SearchNode} from '../contract/search.js';

/** A node as the engine holds it: the stored fields plus its children and, for a terminal, its judged reward. */
export interface TreeNode extends SearchNode {
	children: number[];
	/** A terminal's judged value (±1 for an answer, −1 for a failure), or the PPM score an unjudged answer was backed up with. */
	reward: number | null;
}

/** The tree of one search. Node ids are dense from 0 (the root), in creation order. */
export class SearchTree {
	public readonly nodes: TreeNode[] = [];

	public constructor(question: string) {
		this.add({parentId: null, depth: 0, text: question, rollout: -1});
	}

	/** Rebuilds a tree from stored nodes (resume, reopen). */
	public static fromNodes(nodes: readonly TreeNode[]): SearchTree {
		const tree = Object.create(SearchTree.prototype) as SearchTree;
		(tree as {nodes: TreeNode[]}).nodes = nodes.map(node => ({...node, children: []}));
		for (const node of tree.nodes)
			if (node.parentId !== null)
				tree.nodes[node.parentId]!.children.push(node.id);
		return tree;
	}

	public get root(): TreeNode {
		return this.nodes[0]!;
	}

	public node(id: number): TreeNode {
		const node = this.nodes[id];
		if (!node)
			throw new Error(`no node ${id}`);
		return node;
	}

	public add(fields: {parentId: number | null; depth: number; text: string; rollout: number}): TreeNode {
		const node: TreeNode = {
			id: this.nodes.length, ...fields, code: '', output: null, error: null, finalAnswer: null, terminal: false,
			reason: null, correct: null, visits: 0, valueSum: 0, value: 0, ppm: null, stopReason: null, consecutiveErrors: 0,
			uct: null, children: [], reward: null
		};
		this.nodes.push(node);
		if (fields.parentId !== null)
			this.node(fields.parentId).children.push(node.id);
		return node;
	}

	public childrenOf(node: TreeNode): TreeNode[] {
		return node.children.map(id => this.node(id));
	}

	/** Root to `id`, both included. */
	public path(id: number): TreeNode[] {
		return pathTo(this.nodes, this.node(id).id);
	}

	/**
	 * The steps from the root to `id` as the policy and the PPM read them: the stored texts, output blocks included,
	 * as the reference's `collect_partial_solution` joins them.
	 */
	public steps(id: number): string[] {
		return this.path(id).slice(1).map(node => node.text);
	}

	/** The program executed for `id`: the code of the steps since the last closed program, concatenated. */
	public program(id: number): string {
		return trajectoryProgram(this.path(id).slice(1));
	}
}

/** Q(s) = valueSum / visits; 0 while N(s) = 0, as in the reference. */
export function q(node: Pick<SearchNode, 'visits' | 'valueSum'>): number {
	return node.visits > 0 ? node.valueSum / node.visits : 0;
}

/** The reference's node update: one visit and `value` added; a node's first update also sets its `value`. */
export function update(node: TreeNode, value: number): void {
	if (node.visits === 0)
		node.value = value;
	node.visits++;
	node.valueSum += value;
}
