import type {StoredNode} from '../contract/search.js';
import {q} from '../engine/SearchTree.js';
import {rstarTrainingPrompt} from '../prompts/promptFormats.js';

/**
 * One stored search as the extraction reads it: its nodes (array index = node id, parents before children, siblings
 * in creation order — the order of the reference's child tags), the question it answered, and where it came from.
 */
export interface ExtractionTree {
	searchId: number;
	problemId: number | null;
	question: string;
	nodes: readonly StoredNode[];
}

/** A tree with what every extraction rule asks of it: children in creation order, Q, and the answer leaves' judgments. */
export interface IndexedTree {
	tree: ExtractionTree;
	children: readonly (readonly number[])[];
	/** Q = valueSum / visits, 0 while unvisited: the `q_value` the reference's record holds (`MCTSNode.q_value`). */
	q: (id: number) => number;
	/** Correct answer leaves in each node's subtree, the node included (the reference's `final_correct`). */
	correctBelow: readonly number[];
	/** Wrong answer leaves in each node's subtree, the node included (the reference's `final_wrong`). */
	wrongBelow: readonly number[];
}

export function indexTree(tree: ExtractionTree): IndexedTree {
	const children: number[][] = tree.nodes.map(() => []);
	for (const node of tree.nodes)
		if (node.parentId !== null)
			children[node.parentId]!.push(node.id);
	const correctBelow = tree.nodes.map(() => 0);
	const wrongBelow = tree.nodes.map(() => 0);
	// Parents come before their children in the array, so one backward pass sums every subtree.
	for (let id = tree.nodes.length - 1; id >= 0; id--) {
		const node = tree.nodes[id]!;
		if (isAnswerLeaf(node, children[id]!)) {
			correctBelow[id] = node.correct === true ? 1 : 0;
			wrongBelow[id] = node.correct === false ? 1 : 0;
		}
		if (node.parentId !== null) {
			correctBelow[node.parentId]! += correctBelow[id]!;
			wrongBelow[node.parentId]! += wrongBelow[id]!;
		}
	}
	return {tree, children, q: id => q(tree.nodes[id]!), correctBelow, wrongBelow};
}

/**
 * An answer the search judged, as the reference's `is_valid_final_answer_node` (eval_output.py) sees a leaf: no
 * children and a final answer that is not one of its failure strings — our answer leaves, whose record `final_answer`
 * is the stored answer (a failed terminal's is a failure string, an open leaf's is empty).
 */
export function isAnswerLeaf(node: StoredNode, children: readonly number[]): boolean {
	return children.length === 0 && node.reason === 'answer' && (node.finalAnswer ?? '') !== '';
}

/** Answer leaves in depth-first order over children in creation order: the order of the reference's `search_all_traces`. */
export function answerLeaves(indexed: IndexedTree): number[] {
	const leaves: number[] = [];
	const visit = (id: number) => {
		const children = indexed.children[id]!;
		if (isAnswerLeaf(indexed.tree.nodes[id]!, children))
			leaves.push(id);
		children.forEach(visit);
	};
	visit(0);
	return leaves;
}

/** A trajectory's key, stable across exports (search and answer leaf): what curation can exclude or replace rows by. */
export function trajectoryKey(searchId: number, leafId: number): string {
	return `${searchId}/${leafId}`;
}

/** Ids from the root's first step to `id`, both included (the root, which holds no step, left out). */
export function stepPath(tree: ExtractionTree, id: number): number[] {
	const path: number[] = [];
	for (let node = tree.nodes[id]; node && node.parentId !== null; node = tree.nodes[node.parentId])
		path.unshift(node.id);
	return path;
}

/**
 * The training template with the question, then the steps down to `id` concatenated as stored — the reference's
 * `get_prefix` (extra_rm_file.py); the root's prefix is the template alone.
 */
export function prefixOf(tree: ExtractionTree, id: number): string {
	return rstarTrainingPrompt(tree.question) + stepPath(tree, id).map(step => tree.nodes[step]!.text).join('');
}
