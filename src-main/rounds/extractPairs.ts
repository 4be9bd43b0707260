import {PairExtractionOptions} from '../contract/rounds.js';
import {editDistance} from './editDistance.js';
import {indexTree, prefixOf, type ExtractionTree, type IndexedTree} from './ExtractionTree.js';

/**
 * One PPM preference pair exactly as the reference writes it (train/sample_rm_data.py), keys in its order: the prefix
 * (training template, question, the steps down to the shared parent), the rejected and the chosen step, and how many
 * chosen and rejected steps the parent gave (the PPM trainer weighs each pair by 1 / (pos_count · neg_count)).
 */
export interface PairRow {
	prompt: string;
	neg: string;
	pos: string;
	neg_count: number;
	pos_count: number;
}

/** Where a pair came from, kept apart from the row so that a writer can emit the reference's rows untouched. */
export interface PairProvenance {
	/** Search, parent, chosen and rejected step: the same for a mined pair and a hand-made pair of the same two steps. */
	key: string;
	source: 'mined' | 'hand';
	/** The stored hand-made pair's id; null for a mined pair. */
	handPairId: number | null;
	searchId: number;
	problemId: number | null;
	parentId: number;
	chosenId: number;
	rejectedId: number;
	chosenQ: number;
	rejectedQ: number;
	/** chosenQ − rejectedQ (the reference's `step_margin`). */
	stepMargin: number;
}

export interface PairExample {
	row: PairRow;
	provenance: PairProvenance;
}

export type PairOptions = PairExtractionOptions;

/** The reference's values: extra_rm_file.py (`search_all_traces`) and train/sample_rm_data.py. */
export const defaultPairOptions: PairOptions = PairExtractionOptions.parse({});

export function pairKey(searchId: number, parentId: number, chosenId: number, rejectedId: number): string {
	return `${searchId}/${parentId}/${chosenId}>${rejectedId}`;
}

/**
 * The PPM's preference pairs from stored searches, by the reference's two steps, search after search:
 * - extra_rm_file.py (`search_all_traces`): breadth first from the root, at each node its children with a correct
 *   answer below ranked by Q descending and those with a wrong answer below by Q ascending (stable sorts: ties keep
 *   creation order), the first `chosenPerNode` and `rejectedPerNode` kept, widened to `widenedPerNode` on one side
 *   when the other has a single step; every chosen × rejected pair kept whose step margin is positive and whose chosen
 *   continuation scores higher than the rejected one (`build_partial_solution`); then the descent rule;
 * - train/sample_rm_data.py: pairs with a margin under `minStepMargin`, or steps under `minEditDistance` edits apart,
 *   dropped.
 * A node's step can be both chosen and rejected (answers of both kinds below it); paired with itself its margin is 0.
 * Correct and wrong are the stored judgments of answer leaves (`correct`), where the reference reads Q = +1 and Q = −1
 * of answer leaves — the same leaves in a search that judged its answers against the ground truth, whose answer leaves
 * only ever take ±1.
 */
export function extractPairs(trees: readonly ExtractionTree[], options: Partial<PairOptions> = {}): {examples: PairExample[]; options: PairOptions} {
	const used: PairOptions = {...defaultPairOptions, ...options};
	return {examples: trees.flatMap(tree => treePairs(indexTree(tree), used)), options: used};
}

function treePairs(indexed: IndexedTree, options: PairOptions): PairExample[] {
	const {tree, children, q, correctBelow, wrongBelow} = indexed;
	const examples: PairExample[] = [];
	const queue = [0];
	for (let parentId = queue.shift(); parentId !== undefined; parentId = queue.shift()) {
		const kids = children[parentId]!;
		const chosenCandidates = byQ(kids.filter(id => correctBelow[id]! > 0), q, 'descending');
		const rejectedCandidates = byQ(kids.filter(id => wrongBelow[id]! > 0), q, 'ascending');
		let chosen = chosenCandidates.slice(0, options.chosenPerNode);
		let rejected = rejectedCandidates.slice(0, options.rejectedPerNode);
		// The reference moves on without descending when either side is empty.
		if (chosen.length === 0 || rejected.length === 0)
			continue;
		if (chosen.length === 1)
			rejected = rejectedCandidates.slice(0, options.widenedPerNode);
		if (rejected.length === 1)
			chosen = chosenCandidates.slice(0, options.widenedPerNode);
		const prompt = prefixOf(tree, parentId);
		for (const chosenId of chosen)
			for (const rejectedId of rejected) {
				const stepMargin = q(chosenId) - q(rejectedId);
				const pos = tree.nodes[chosenId]!.text;
				const neg = tree.nodes[rejectedId]!.text;
				if (stepMargin <= 0 || continuationScore(indexed, chosenId, 'chosen') <= continuationScore(indexed, rejectedId, 'rejected')
					|| stepMargin < options.minStepMargin || editDistance(neg, pos) < options.minEditDistance)
					continue;
				examples.push({
					row: {prompt, neg, pos, neg_count: rejected.length, pos_count: chosen.length},
					provenance: {
						key: pairKey(tree.searchId, parentId, chosenId, rejectedId), source: 'mined', handPairId: null,
						searchId: tree.searchId, problemId: tree.problemId, parentId, chosenId, rejectedId,
						chosenQ: q(chosenId), rejectedQ: q(rejectedId), stepMargin
					}
				});
			}
		const both = kids.filter(id => correctBelow[id]! > 0 && wrongBelow[id]! > 0);
		if (options.descent === 'all')
			queue.push(...both);
		else {
			const mostVisited = [...kids].sort((a, b) => tree.nodes[b]!.visits - tree.nodes[a]!.visits).find(id => both.includes(id));
			if (mostVisited !== undefined)
				queue.push(mostVisited);
		}
	}
	return examples;
}

/** Sorted by Q, stable as Python's `sorted` (with `reverse=True` too): equal Qs keep creation order. */
function byQ(ids: readonly number[], q: (id: number) => number, order: 'ascending' | 'descending'): number[] {
	return [...ids].sort((a, b) => order === 'ascending' ? q(a) - q(b) : q(b) - q(a));
}

/**
 * The mean Q along the continuation the reference's `build_partial_solution` follows from a step: the step, then at
 * each node its best-Q child with a correct answer below (chosen) or its worst-Q child with a wrong answer below
 * (rejected), until there is none; summed left to right as Python 3.11's `sum`.
 */
function continuationScore(indexed: IndexedTree, id: number, side: 'chosen' | 'rejected'): number {
	const below = side === 'chosen' ? indexed.correctBelow : indexed.wrongBelow;
	let sum = 0;
	let count = 0;
	for (let node: number | undefined = id; node !== undefined;
		node = byQ(indexed.children[node]!.filter(child => below[child]! > 0), indexed.q, side === 'chosen' ? 'descending' : 'ascending')[0]) {
		sum += indexed.q(node);
		count++;
	}
	return sum / count;
}
