/**
 * The reference's extraction (microsoft/rStar, branch rStar-math: extra_sft_file.py, train/sample_sft_data.py,
 * extra_rm_file.py, train/sample_rm_data.py) on hand-built search trees. The expected rows are the reference scripts'
 * own output on those trees exported by `rstarRecord` — test/fixtures/extraction/referenceExpected.sh made them.
 */
import fs from 'node:fs';
import {describe, expect, it} from 'vitest';
import {rstarRecord} from '../../../src-main/contract/rstarRecord.js';
import {SearchSettings, type StoredNode} from '../../../src-main/contract/search.js';
import {rstarTrainingPrompt} from '../../../src-main/prompts/promptFormats.js';
import {editDistance} from '../../../src-main/rounds/editDistance.js';
import type {ExtractionTree} from '../../../src-main/rounds/ExtractionTree.js';
import {defaultPairOptions, extractPairs} from '../../../src-main/rounds/extractPairs.js';
import {defaultSftOptions, extractSft} from '../../../src-main/rounds/extractSft.js';
import {handPairRow} from '../../../src-main/rounds/handPairRow.js';
import {trlPairRow, trlSftRow, trlStepwiseRows} from '../../../src-main/rounds/trlLayouts.js';

const fixture = (name: string) => fs.readFileSync(new URL(`../../fixtures/extraction/${name}`, import.meta.url), 'utf8');
const trees = JSON.parse(fixture('trees.json')) as (ExtractionTree & {goldAnswers: string[]; nodes: StoredNode[]})[];
const tree = (searchId: number) => trees.find(item => item.searchId === searchId)!;
/** Rows as the reference writes them: key order included. */
const written = (rows: readonly unknown[]) => JSON.stringify(rows);

describe('the fixtures', () => {
	it('are the reference records the expected rows were made from', () => {
		const settings = SearchSettings.parse({});
		const records = trees.map(item => JSON.stringify(rstarRecord({...item, settings}, item.nodes)));
		expect(records.join('\n') + '\n').toBe(fixture('records/records.jsonl'));
	});
});

describe('extractSft (extra_sft_file.py, train/sample_sft_data.py)', () => {
	it('gives the reference rows for the top two per question, in its order before the shuffle', () => {
		const {examples, options} = extractSft(trees);
		expect(options).toEqual(defaultSftOptions);
		expect(written(examples.map(example => example.row))).toBe(written(JSON.parse(fixture('expected-sft-n2.json')) as unknown[]));
	});

	it('gives the reference rows for the top one per question', () => {
		const {examples} = extractSft(trees, {perProblem: 1});
		expect(written(examples.map(example => example.row))).toBe(written(JSON.parse(fixture('expected-sft-n1.json')) as unknown[]));
	});

	it('drops a response that mentions an error after the cut, so its question can end with fewer rows', () => {
		// Search 11's best trajectory says "No error"; it ties with search 12's (same question), which is all that remains.
		const apples = (perProblem: number) => extractSft(trees, {perProblem}).examples.filter(example => example.provenance.problemId === 1);
		expect(apples(2).map(example => example.provenance)).toEqual([{key: '12/2', searchId: 12, problemId: 1, leafId: 2, meanQ: 1, minQ: 1}]);
		expect(apples(1)).toEqual([]);
		expect(apples(3).map(example => example.provenance.leafId)).toEqual([2, 6]);
	});

	it('ranks equal means by their minimum, and full ties in depth-first order', () => {
		const train = extractSft([tree(13)], {perProblem: 3}).examples.map(example => example.provenance);
		expect(train.map(({leafId, meanQ, minQ}) => ({leafId, meanQ, minQ}))).toEqual([
			{leafId: 5, meanQ: 0.75, minQ: 0.5}, {leafId: 6, meanQ: 0.75, minQ: 0.5}, {leafId: 8, meanQ: 0.75, minQ: 0.25}
		]);
	});
});

describe('extractPairs (extra_rm_file.py, train/sample_rm_data.py)', () => {
	it('gives the reference rows, descending into every child with both kinds of answers below', () => {
		const {examples, options} = extractPairs(trees);
		expect(options).toEqual(defaultPairOptions);
		expect(written(examples.map(example => example.row))).toBe(written(JSON.parse(fixture('expected-pairs-all.json')) as unknown[]));
	});

	it('gives the reference rows, descending into the most visited such child (--mode vis_count)', () => {
		const {examples} = extractPairs(trees, {descent: 'most-visited'});
		expect(written(examples.map(example => example.row))).toBe(written(JSON.parse(fixture('expected-pairs-vis_count.json')) as unknown[]));
	});

	it('records where each pair came from', () => {
		const stickers = extractPairs([tree(21)]).examples.map(example => example.provenance);
		expect(stickers.map(({key, chosenQ, rejectedQ, stepMargin}) => ({key, chosenQ, rejectedQ, stepMargin}))).toEqual([
			{key: '21/0/1>3', chosenQ: 0.25, rejectedQ: -0.5, stepMargin: 0.75},
			{key: '21/0/1>2', chosenQ: 0.25, rejectedQ: -0.25, stepMargin: 0.5},
			{key: '21/0/1>4', chosenQ: 0.25, rejectedQ: -0.25, stepMargin: 0.5}
		]);
		expect(stickers.every(item => item.source === 'mined' && item.handPairId === null && item.searchId === 21 && item.problemId === 9 && item.parentId === 0)).toBe(true);
	});

	it('takes its thresholds from the options', () => {
		// The reading tree's only candidate at the root (margin 0.5, 26 edits) falls to the continuation rule, not to a threshold.
		expect(extractPairs([tree(19)], {minStepMargin: 0, minEditDistance: 0}).examples.filter(example => example.provenance.parentId === 0)).toEqual([]);
		// Search 20: 1 and 13 edits from the rejected answer — kept once the edit threshold is lowered.
		expect(extractPairs([tree(20)], {minEditDistance: 1}).examples.map(example => example.provenance.chosenId)).toEqual([1, 2, 3, 4]);
		expect(extractPairs([tree(20)], {widenedPerNode: 3}).examples.map(example => [example.provenance.chosenId, example.row.pos_count])).toEqual([[3, 3]]);
	});
});

describe('editDistance', () => {
	it('counts code points, as the editdistance package counts a Python str', () => {
		expect(editDistance('kitten', 'sitting')).toBe(3);
		expect(editDistance('', 'abc')).toBe(3);
		expect(editDistance('a\u{1F600}b', 'ab')).toBe(1);
		expect(editDistance('\u{1F600}', '\u{1F601}')).toBe(1);
	});
});

describe('handPairRow', () => {
	it('writes a hand-made pair as a pair row with the prefix the mined pairs have, keyed like a mined pair of the same steps', () => {
		const scores = tree(14);
		const mined = extractPairs([scores]).examples.find(example => example.provenance.key === '14/0/1>4')!;
		const hand = handPairRow(scores, {id: 7, searchId: 14, parentId: 0, chosenId: 1, rejectedId: 4});
		expect(hand.row).toEqual({...mined.row, neg_count: 1, pos_count: 1});
		expect(hand.provenance).toEqual({...mined.provenance, source: 'hand', handPairId: 7});
		const deeper = handPairRow(scores, {id: 8, searchId: 14, parentId: 2, chosenId: 9, rejectedId: 10});
		expect(deeper.row.prompt).toBe(rstarTrainingPrompt(scores.question) + scores.nodes[2]!.text);
	});

	it('refuses steps that are not children of the parent, and pairs of another search', () => {
		expect(() => handPairRow(tree(14), {id: 1, searchId: 14, parentId: 0, chosenId: 1, rejectedId: 9})).toThrow(/not children/);
		expect(() => handPairRow(tree(14), {id: 1, searchId: 13, parentId: 0, chosenId: 1, rejectedId: 2})).toThrow(/belongs to search 13/);
	});
});

describe('TRL layouts', () => {
	it('wraps SFT rows in the training template and renames pair fields', () => {
		const {row} = extractSft([tree(16)]).examples[0]!;
		expect(trlSftRow(row)).toEqual({prompt: rstarTrainingPrompt('What is 3 * 3?'), completion: row.response});
		const pair = extractPairs([tree(21)]).examples[0]!.row;
		expect(trlPairRow(pair)).toEqual({prompt: pair.prompt, chosen: pair.pos, rejected: pair.neg});
	});

	it('labels a step good while a correct answer lies below it', () => {
		const eggs = tree(18);
		const rows = trlStepwiseRows(eggs);
		const byLeaf = new Map(rows.map(example => [example.provenance.leafId, example.row]));
		expect(rows.map(example => example.provenance.leafId)).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
		expect(byLeaf.get(7)!.labels).toEqual([true, true, true]);
		expect(byLeaf.get(8)!.labels).toEqual([true, true, false]);
		expect(byLeaf.get(14)!.labels).toEqual([true, false, false]);
		expect(byLeaf.get(8)!.prompt).toBe(rstarTrainingPrompt(eggs.question));
		expect(byLeaf.get(8)!.completions).toEqual([1, 3, 8].map(id => eggs.nodes[id]!.text));
	});
});
