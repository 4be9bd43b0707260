import {rstarTrainingPrompt} from '../prompts/promptFormats.js';
import {answerLeaves, indexTree, stepPath, trajectoryKey, type ExtractionTree} from './ExtractionTree.js';
import type {PairRow} from './extractPairs.js';
import type {SftRow} from './extractSft.js';

/** TRL's prompt-completion layout (SFT). */
export interface TrlPromptCompletion {
	prompt: string;
	completion: string;
}

/** TRL's preference layout with an explicit prompt (DPO, reward modelling). */
export interface TrlPreference {
	prompt: string;
	chosen: string;
	rejected: string;
}

/** TRL's stepwise-supervision layout (PRM training): a trajectory's steps and one label per step. */
export interface TrlStepwise {
	prompt: string;
	completions: string[];
	labels: boolean[];
}

export interface TrlStepwiseExample {
	row: TrlStepwise;
	provenance: {key: string; searchId: number; problemId: number | null; leafId: number};
}

/**
 * An SFT row as prompt and completion: the question wrapped in the template the reference's SFT trainer wraps it in
 * (train_SFT.py, `PROMPT_DICT["prompt_input"]`), the response as the completion (the trainer appends EOS itself).
 */
export function trlSftRow(row: SftRow): TrlPromptCompletion {
	return {prompt: rstarTrainingPrompt(row.query), completion: row.response};
}

/** A pair row as prompt, chosen and rejected: the prefix already holds the template and the steps so far. */
export function trlPairRow(row: PairRow): TrlPreference {
	return {prompt: row.prompt, chosen: row.pos, rejected: row.neg};
}

/**
 * Every judged answer trajectory of a search (depth-first, as the reference lists trajectories) in the stepwise
 * layout: the template with the question, the step texts as stored (their own delimiters and output blocks included,
 * so a trainer should join them with an empty separator), and per step whether an answer judged correct lies below it
 * — the reference's own notion of a good step (`final_correct > 0` in extra_rm_file.py). A correct trajectory is good
 * all along; a wrong one is good up to where it leaves the last step that still reaches a correct answer.
 */
export function trlStepwiseRows(tree: ExtractionTree): TrlStepwiseExample[] {
	const indexed = indexTree(tree);
	return answerLeaves(indexed).filter(leafId => tree.nodes[leafId]!.correct !== null).map(leafId => {
		const path = stepPath(tree, leafId);
		return {
			row: {
				prompt: rstarTrainingPrompt(tree.question),
				completions: path.map(id => tree.nodes[id]!.text),
				labels: path.map(id => indexed.correctBelow[id]! > 0)
			},
			provenance: {key: trajectoryKey(tree.searchId, leafId), searchId: tree.searchId, problemId: tree.problemId, leafId}
		};
	});
}
