import fs from 'node:fs';
import path from 'node:path';
import {parquetWriteFile} from 'hyparquet-writer';
import {beforeEach, describe, expect, it} from 'vitest';
import {RstarError} from '../../../src-main/contract/errors.js';
import {ensureBuiltinDatasets} from '../../../src-main/datasets/ensureBuiltinDatasets.js';
import {importDataset} from '../../../src-main/datasets/importDataset.js';
import {resourcesDir} from '../../../src-main/paths.js';
import {DatasetStore} from '../../../src-main/store/DatasetStore.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {useTempDir, writeFile} from '../../support/tempDir.js';

const sharedMath500 = path.join(resourcesDir(), 'datasets', 'math500_test.json');

describe('importDataset', () => {
	const tempDir = useTempDir();
	let dir: string;
	let workspace: Workspace;
	let store: DatasetStore;
	beforeEach(() => {
		dir = tempDir();
		workspace = Workspace.open(path.join(dir, 'w.db'));
		store = new DatasetStore(workspace.db);
		return () => workspace.close();
	});

	const problemCount = () => workspace.db.prepare('SELECT COUNT(*) FROM problems').pluck().get();
	const datasetCount = () => workspace.db.prepare('SELECT COUNT(*) FROM datasets').pluck().get();
	const failure = async (promise: Promise<unknown>): Promise<RstarError> => {
		const error = await promise.then(() => null, (caught: unknown) => caught);
		expect(error).toBeInstanceOf(RstarError);
		return error as RstarError;
	};

	it('imports rStar\'s eval JSON (MATH500: 500 problems, LaTeX intact)', async () => {
		const report = await importDataset(workspace, {name: 'm500', filePath: sharedMath500});
		expect(report.imported).toBe(500);
		expect(report.skipped).toBe(0);
		expect(report.warnings).toEqual([]);
		expect(report.dataset).toMatchObject({name: 'm500', format: 'json', problemCount: 500, noAnswerCount: 0, builtin: false});
		const first = store.queryProblems({datasetId: report.dataset.id, offset: 0, limit: 1}).rows[0]!;
		const original = (JSON.parse(fs.readFileSync(sharedMath500, 'utf8')) as {question: string; answer: string}[])[0]!;
		expect(first.question).toBe(original.question);
		expect(first.answers).toEqual([original.answer]);
		expect(first.sourceIndex).toBe('0');
	});

	it('imports JSON Lines with mapped fields, levels, lists of answers and a flagged empty answer', async () => {
		const file = writeFile(dir, 'set.jsonl', [
			JSON.stringify({problem: 'Find $x$.', solution: 'Thus $\\boxed{3}$.', level: 'Level 2', type: 'Algebra'}),
			'',
			JSON.stringify({prompt: 'Any of two', answer: ['1/2', '0.5'], level: 'Level 3'}),
			JSON.stringify({question: 'Unknown', answer: ''}) + '\r'
		].join('\n'));
		const report = await importDataset(workspace, {name: 'lines', filePath: file});
		expect(report.imported).toBe(3);
		expect(report.dataset).toMatchObject({format: 'jsonl', problemCount: 3, noAnswerCount: 1, levels: ['Level 2', 'Level 3']});
		expect(report.warnings).toEqual([
			'row 1 (line 1): answer "3" taken from the last \\boxed{} of "solution"',
			'row 3 (line 4): "answer" is empty: imported flagged "no ground truth"'
		]);
		const rows = store.queryProblems({datasetId: report.dataset.id, offset: 0, limit: 10}).rows;
		expect(rows.map(row => row.answers)).toEqual([['3'], ['1/2', '0.5'], []]);
		expect(store.queryProblems({hasAnswer: false, datasetId: report.dataset.id, offset: 0, limit: 10}).total).toBe(1);
		expect(store.queryProblems({level: 'Level 3', offset: 0, limit: 10}).rows[0]?.question).toBe('Any of two');
		expect(store.queryProblems({text: 'fin', offset: 0, limit: 10}).rows.map(row => row.question)).toEqual(['Find $x$.']);
	});

	it('imports Parquet, one row group at a time', async () => {
		const file = path.join(dir, 'set.parquet');
		parquetWriteFile({
			filename: file,
			rowGroupSize: 2,
			columnData: [
				{name: 'id', data: [10n, 11n, 12n], type: 'INT64'},
				{name: 'question', data: ['What is $2+2$?', 'Name a prime.', 'Zero?'], type: 'STRING'},
				{name: 'answer', data: ['4', '7', null], type: 'STRING'}
			]
		});
		const report = await importDataset(workspace, {name: 'pq', filePath: file});
		expect(report).toMatchObject({imported: 3, skipped: 0, dataset: {format: 'parquet', noAnswerCount: 1}});
		const rows = store.queryProblems({datasetId: report.dataset.id, offset: 0, limit: 10}).rows;
		expect(rows.map(row => [row.sourceIndex, row.question, row.answers])).toEqual([
			['10', 'What is $2+2$?', ['4']], ['11', 'Name a prime.', ['7']], ['12', 'Zero?', []]
		]);
	});

	it('rejects a Parquet row whose string is not UTF-8', async () => {
		const file = path.join(dir, 'bad.parquet');
		parquetWriteFile({
			filename: file, codec: 'UNCOMPRESSED',
			columnData: [{name: 'question', data: ['fine', 'brokenXYZ'], type: 'STRING'}, {name: 'answer', data: ['1', '2'], type: 'STRING'}]
		});
		const bytes = fs.readFileSync(file);
		bytes[bytes.indexOf('brokenXYZ') + 6] = 0xff;
		fs.writeFileSync(file, bytes);
		const error = await failure(importDataset(workspace, {name: 'pq', filePath: file}));
		expect(error.code).toBe('dataset.invalid-rows');
		expect(error.message).toMatch(/row 2: field "question" is not valid UTF-8/);
	});

	it('stops a malformed file at the line where it broke and imports nothing', async () => {
		const file = writeFile(dir, 'bad.json', '[\n{"question": "a", "answer": "1"},\n{"question": "b" "answer": "2"}\n]');
		const error = await failure(importDataset(workspace, {name: 'bad', filePath: file}));
		expect(error.code).toBe('dataset.malformed');
		expect(error.message).toMatch(/^line 3, column 18 \(row 2\): invalid JSON/);
		expect([datasetCount(), problemCount()]).toEqual([0, 0]);

		const lines = writeFile(dir, 'bad.jsonl', '{"question": "a", "answer": "1"}\n{"question": "b", \n');
		expect((await failure(importDataset(workspace, {name: 'bad', filePath: lines}))).message).toMatch(/^line 2, column \d+ \(row 2\): invalid JSON/);
		expect([datasetCount(), problemCount()]).toEqual([0, 0]);
	});

	it('reports each bad row (invalid UTF-8, NUL, oversized, wrong type) and imports nothing, or skips them when asked', async () => {
		const good = Buffer.from('{"question": "fine", "answer": "1"}');
		const file = writeFile(dir, 'rows.jsonl', Buffer.concat([
			good, Buffer.from('\n'),
			Buffer.from('{"question": "bad \xff byte", "answer": "1"}\n', 'latin1'),
			Buffer.from('{"question": "nul \u0000 raw", "answer": "1"}\n'),
			Buffer.from('{"question": "escaped \\u0000 nul", "answer": "1"}\n'),
			Buffer.from(`{"question": "${'x'.repeat(100_001)}", "answer": "1"}\n`),
			Buffer.from('{"question": ["not", "text"], "answer": "1"}\n'),
			good, Buffer.from('\n')
		]));
		const error = await failure(importDataset(workspace, {name: 'rows', filePath: file}));
		expect(error.code).toBe('dataset.invalid-rows');
		expect(error.message).toMatch(/^5 rows of rows\.jsonl cannot be imported, so nothing was: row 2 \(line 2\): the record is not valid UTF-8/);
		const issues = (error.details as {issues: {row: number; message: string}[]}).issues;
		expect(issues.map(issue => [issue.row, issue.message.replace(/\(.*/, '').trim()])).toEqual([
			[2, 'the record is not valid UTF-8'],
			[3, 'the record contains a NUL byte at byte 19 of the record'],
			[4, 'field "question" contains a NUL character'],
			[5, 'field "question" is 100001 characters long, over the 100000 limit'],
			[6, '"question" is a list, expected a string']
		]);
		expect([datasetCount(), problemCount()]).toEqual([0, 0]);

		const report = await importDataset(workspace, {name: 'rows', filePath: file, skipInvalid: true});
		expect(report).toMatchObject({imported: 2, skipped: 5});
		expect(report.warnings).toHaveLength(5);
		expect(report.warnings[0]).toMatch(/^row 2 \(line 2\): the record is not valid UTF-8 .* — skipped$/);
	});

	it('detects a re-import of the same file and a taken name', async () => {
		const file = writeFile(dir, 'a.json', '[{"question": "q", "answer": "1"}]');
		await importDataset(workspace, {name: 'first', filePath: file});
		const again = await failure(importDataset(workspace, {name: 'second', filePath: file}));
		expect(again.code).toBe('dataset.already-imported');
		expect(again.message).toMatch(/already imported, as dataset "first"/);
		const other = writeFile(dir, 'b.json', '[{"question": "other", "answer": "2"}]');
		expect((await failure(importDataset(workspace, {name: 'first', filePath: other}))).code).toBe('dataset.name-taken');
		expect(datasetCount()).toBe(1);
	});

	it('refuses an empty array, a missing file and an unknown format', async () => {
		expect((await failure(importDataset(workspace, {name: 'e', filePath: writeFile(dir, 'e.json', '[]')}))).message).toMatch(/holds no problems/);
		expect((await failure(importDataset(workspace, {name: 'm', filePath: path.join(dir, 'missing.json')}))).code).toBe('not-found');
		expect((await failure(importDataset(workspace, {name: 'u', filePath: writeFile(dir, 'u.txt', 'hello')}))).message).toMatch(/cannot tell the format/);
	});

	it('keeps memory bounded on a large file (streams rows; heap growth far below the file size)', async () => {
		const file = path.join(dir, 'large.json');
		const out = fs.openSync(file, 'w');
		const rows = 120_000;
		const filler = 'lorem ipsum dolor sit amet '.repeat(12);
		fs.writeSync(out, '[\n');
		for (let i = 0; i < rows; i += 1000) {
			const block: string[] = [];
			for (let j = i; j < i + 1000; j++)
				block.push(JSON.stringify({index: j, question: `Problem ${j}: ${filler}`, answer: String(j)}));
			fs.writeSync(out, block.join(',\n') + (i + 1000 < rows ? ',\n' : '\n'));
		}
		fs.writeSync(out, ']\n');
		fs.closeSync(out);
		const fileBytes = fs.statSync(file).size;

		global.gc?.();
		const before = process.memoryUsage().heapUsed;
		let peak = before;
		const report = await importDataset(workspace, {
			name: 'large', filePath: file, onProgress: () => {
				peak = Math.max(peak, process.memoryUsage().heapUsed);
			}
		});
		expect(report.imported).toBe(rows);
		expect(fileBytes).toBeGreaterThan(40 * 1024 * 1024);
		// Reading the whole file as a string would alone take twice its size in heap.
		expect(peak - before).toBeLessThan(fileBytes / 2);
	}, 120_000);
});

describe('ensureBuiltinDatasets', () => {
	const tempDir = useTempDir();

	it('imports the shipped benchmarks and the tiny curriculum once, with their source noted', async () => {
		const workspace = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			const datasetsDir = path.join(resourcesDir(), 'datasets');
			expect(await ensureBuiltinDatasets(workspace, datasetsDir)).toEqual(['GSM8K', 'MATH500', 'AIME 2024', 'AMC 2023', 'tiny-curriculum-train', 'tiny-curriculum-heldout', 'tiny-curriculum-heldout-templates', 'hand-written-word-problems']);
			expect(await ensureBuiltinDatasets(workspace, datasetsDir)).toEqual([]);
			const datasets = new DatasetStore(workspace.db).listDatasets();
			expect(datasets.map(dataset => [dataset.name, dataset.problemCount, dataset.builtin])).toEqual([
				['AIME 2024', 30, true], ['AMC 2023', 40, true], ['GSM8K', 1319, true], ['MATH500', 500, true], ['hand-written-word-problems', 30, true],
				['tiny-curriculum-heldout', 150, true], ['tiny-curriculum-heldout-templates', 15, true], ['tiny-curriculum-train', 588, true]
			]);
			const benchmarks = datasets.filter(dataset => !dataset.name.startsWith('tiny-curriculum') && dataset.name !== 'hand-written-word-problems');
			expect(datasets.find(dataset => dataset.name === 'hand-written-word-problems')!.source).toMatch(/written by hand .*kept out of all training/);
			expect(benchmarks.every(dataset => dataset.source.includes('microsoft/rStar') && dataset.source.includes('MIT'))).toBe(true);
			// Levels are stored, so the UI can filter and report by level.
			expect(datasets.find(dataset => dataset.name === 'tiny-curriculum-train')!.levels).toEqual(['Level 1', 'Level 2', 'Level 3']);
			// A user may still import a shipped file as a dataset of their own.
			expect((await importDataset(workspace, {name: 'mine', filePath: path.join(datasetsDir, 'amc23_test.json')})).imported).toBe(40);
		} finally {
			workspace.close();
		}
	});
});
