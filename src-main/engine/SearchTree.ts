import {pathTo, trajectoryProgram, type SearchNode} from '../contract/search.js';
import {outputBlock, parseStep} from './stepFormat.js';

/** A node as the engine holds it: the stored fields plus its children and its prior Q (before any visit). */
export interface TreeNode extends SearchNode {
	children: number[];
	/** Q(s) while N(s) = 0: 0 (terminal-guided), the PPM score (ppm-augmented), or a terminal's reward. */
	prior: number;
	/** The reward a terminal backs up. */
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
			reason: null, correct: null, visits: 0, valueSum: 0, ppm: null, stopReason: null, consecutiveErrors: 0,
			uct: null, children: [], prior: 0, reward: null
		};
		this.nodes.push(node);
		if (fields.parentId !== null)
			this.node(fields.parentId).children.push(node.id);
		return node;
	}

	/** Root to `id`, both included. */
	public path(id: number): TreeNode[] {
		return pathTo(this.nodes, this.node(id).id);
	}

	/** The steps from the root to `id` as the policy reads them: generated text, plus the output of a final code step. */
	public steps(id: number): string[] {
		return this.path(id).slice(1).map(node =>
			parseStep(node.text).kind === 'final-code' ? node.text + outputBlock(node.error ?? node.output ?? '') : node.text);
	}

	/** The program executed for `id`: the code of every step from the root, concatenated, as the method requires. */
	public program(id: number): string {
		return trajectoryProgram(this.path(id).slice(1));
	}
}

/** Q(s) = valueSum / visits once visited; the node's prior before. */
export function q(node: TreeNode): number {
	return node.visits > 0 ? node.valueSum / node.visits : node.prior;
}
