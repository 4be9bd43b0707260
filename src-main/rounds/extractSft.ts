import {rstarAssistantLine} from '../prompts/promptFormats.js';
import {answerLeaves, indexTree, stepPath, trajectoryKey, type ExtractionTree, type IndexedTree} from './ExtractionTree.js';

/** One SFT row exactly as the reference writes it (train/sample_sft_data.py): the bare question and the solution. */
export interface SftRow {
	query: string;
	response: string;
}

/** Where a row came from, kept apart from the row so that a writer can emit the reference's rows untouched. */
export interface SftProvenance {
	/** The trajectory's `trajectoryKey`. */
	key: string;
	searchId: number;
	problemId: number | null;
	leafId: number;
	/** The mean and the minimum of the trajectory's step Qs (its answer leaf included, the root left out): its rank. */
	meanQ: number;
	minQ: number;
}

export interface SftExample {
	row: SftRow;
	provenance: SftProvenance;
}

export interface SftOptions {
	/** Best correct trajectories kept per question, before the error filter (the sampler's `--n`). */
	perProblem: number;
}

export const defaultSftOptions: SftOptions = {perProblem: 2};

/**
 * The policy's SFT rows from stored searches, by the reference's two steps:
 * - extra_sft_file.py (`extra_solution_dict`, `search_all_traces`): every root-to-leaf trajectory whose leaf is an
 *   answer judged correct, leaves in depth-first order;
 * - train/sample_sft_data.py: trajectories grouped by question text — several searches of one question share a group
 *   — ranked by mean step Q, then minimum step Q, both descending (a stable sort: ties keep depth-first order); the
 *   best `perProblem` kept, and only then any whose response contains "error" in any case dropped (so a question can
 *   end with fewer rows although more correct trajectories were there).
 * Rows come group by group (groups in the order their questions first appear among searches with an answer leaf),
 * each in rank order: the sampler's order before its final `random.shuffle` under seed 0, which is left to the writer.
 * Correctness is the stored judgment of each answer (`correct`), where the reference judges again with `math_equiv`.
 */
export function extractSft(trees: readonly ExtractionTree[], options: Partial<SftOptions> = {}): {examples: SftExample[]; options: SftOptions} {
	const used: SftOptions = {...defaultSftOptions, ...options};
	const groups = new Map<string, SftExample[]>();
	for (const tree of trees) {
		const indexed = indexTree(tree);
		const leaves = answerLeaves(indexed);
		// The sampler opens a question's group with any trajectory of it; a search has some once it holds an answer leaf.
		if (leaves.length === 0)
			continue;
		const group = groups.get(tree.question) ?? [];
		groups.set(tree.question, group);
		group.push(...leaves.filter(id => tree.nodes[id]!.correct === true).map(leafId => example(indexed, leafId)));
	}
	const examples = [...groups.values()].flatMap(group => group
		.sort((a, b) => b.provenance.meanQ - a.provenance.meanQ || b.provenance.minQ - a.provenance.minQ)
		.slice(0, used.perProblem)
		.filter(item => !item.row.response.toLowerCase().includes('error')));
	return {examples, options: used};
}

function example(indexed: IndexedTree, leafId: number): SftExample {
	const {tree} = indexed;
	const path = stepPath(tree, leafId);
	const qs = path.map(indexed.q);
	// Summed left to right, as Python 3.11's `sum` does (3.12 compensates), so that ties rank the same.
	const meanQ = qs.reduce((sum, value) => sum + value, 0) / qs.length;
	const response = pythonStrip(path.map(id => tree.nodes[id]!.text).join('').replaceAll(rstarAssistantLine, ''));
	return {
		row: {query: tree.question.replaceAll('<|user|>:\n', ''), response},
		provenance: {key: trajectoryKey(tree.searchId, leafId), searchId: tree.searchId, problemId: tree.problemId, leafId, meanQ, minQ: Math.min(...qs)}
	};
}

/** Python's `str.strip()`: its whitespace (which has \x1c–\x1f and \x85, and not the BOM that `trim` removes). */
function pythonStrip(text: string): string {
	return text.replace(/^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g, '');
}
