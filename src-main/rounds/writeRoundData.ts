import fs from 'node:fs';
import path from 'node:path';
import type {PairExtractionOptions, RoundExtraction} from '../contract/rounds.js';
import type {PreferencePair, StoredNode} from '../contract/search.js';
import type {StoredSearch} from '../store/SearchStore.js';
import {writeFileWhole} from '../writeFileWhole.js';
import {extractPairs, type PairExample} from './extractPairs.js';
import {extractSft} from './extractSft.js';
import {handPairRow} from './handPairRow.js';
import {trlPairRow, trlSftRow, trlStepwiseRows} from './trlLayouts.js';
import type {ExtractionTree} from './ExtractionTree.js';

export interface RoundDataRequest {
	directory: string;
	sftPerProblem: number;
	pairs: PairExtractionOptions;
	trees: {search: StoredSearch; nodes: readonly StoredNode[]; handPairs: readonly PreferencePair[]}[];
	round: {id: number; evolution: string; number: number};
}

/**
 * Writes a round's training data by the reference's rules: the SFT rows (`sft.jsonl`, `{query, response}`) and the
 * PPM pairs (`pairs.jsonl`, `{prompt, pos, neg, pos_count, neg_count}`, hand-made pairs of the round's searches
 * included as they are), each with a provenance file line for line beside it, the same data in TRL's layouts, and
 * `extraction.json` with the options and counts it ran with. Each file is written whole (writeFileWhole). Returns the
 * mined pairs too, for the curation queue.
 */
export function writeRoundData(request: RoundDataRequest): {extraction: RoundExtraction; mined: PairExample[]} {
	// Searches without a ground truth have nothing judged: they give no rows by construction.
	const trees: ExtractionTree[] = request.trees.map(({search, nodes}) => ({searchId: search.id, problemId: search.problemId, question: search.question, nodes}));
	const sft = extractSft(trees, {perProblem: request.sftPerProblem});
	const mined = extractPairs(trees, request.pairs);
	const hand = request.trees.flatMap(({handPairs}, i) => handPairs.map(pair => handPairRow(trees[i]!, pair)));
	const pairs = [...mined.examples, ...hand];

	fs.mkdirSync(request.directory, {recursive: true});
	const files: Record<string, string> = {};
	const writeWhole = (name: string, text: string) => {
		const file = path.join(request.directory, name);
		writeFileWhole(file, text);
		return file;
	};
	const write = (name: string, lines: readonly unknown[]) => writeWhole(name, lines.map(line => `${JSON.stringify(line)}\n`).join(''));
	files.sft = write('sft.jsonl', sft.examples.map(example => example.row));
	files.sftProvenance = write('sft.provenance.jsonl', sft.examples.map(example => ({...example.provenance, round: request.round})));
	files.pairs = write('pairs.jsonl', pairs.map(example => example.row));
	files.pairsProvenance = write('pairs.provenance.jsonl', pairs.map(example => ({...example.provenance, round: request.round})));
	files.trlSft = write('trl-sft.jsonl', sft.examples.map(example => trlSftRow(example.row)));
	files.trlPairs = write('trl-pairs.jsonl', pairs.map(example => trlPairRow(example.row)));
	files.trlStepwise = write('trl-stepwise.jsonl', trees.flatMap(tree => trlStepwiseRows(tree).map(example => example.row)));

	const extraction: RoundExtraction = {
		directory: request.directory, files, sftRows: sft.examples.length, pairRows: pairs.length, handPairs: hand.length,
		options: {sft: sft.options, pairs: mined.options, searches: trees.length}
	};
	files.summary = path.join(request.directory, 'extraction.json');
	writeWhole('extraction.json', `${JSON.stringify({...extraction, round: request.round, createdAt: new Date().toISOString()}, null, '\t')}\n`);
	return {extraction, mined: mined.examples};
}
