import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {ApiEventMessage} from '../../../src-main/contract/api.js';
import {SearchSettings} from '../../../src-main/contract/search.js';
import {ensureBuiltinDatasets} from '../../../src-main/datasets/ensureBuiltinDatasets.js';
import {resourcesDir} from '../../../src-main/paths.js';
import {DatasetService} from '../../../src-main/services/DatasetService.js';
import {EventBus} from '../../../src-main/services/EventBus.js';
import {SearchStore} from '../../../src-main/store/SearchStore.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {useTempDir, writeFile} from '../../support/tempDir.js';

const rows = [
	{index: 'a', question: 'Write $\\frac{1}{2}$ as a decimal.', answer: '0.5', level: 'Level 1', subject: 'Prealgebra', source: 'book'},
	{index: 'b', question: 'Write $\\frac{1}{20}$ as a decimal; halve \\frac {1}{2} too.', answer: ['0.05', '1/20'], level: 'Level 2'},
	{index: 'c', question: 'Is one half, 1/2, in lowest terms?', answer: ''}
];

// DatasetService on a real workspace (SQLite, the importer, the searches table).
describe('DatasetService', () => {
	const tempDir = useTempDir();

	async function setUp() {
		const workspace = Workspace.open(path.join(tempDir(), 'w.db'));
		const events = new EventBus();
		const heard: ApiEventMessage[] = [];
		events.subscribe(message => heard.push(message));
		const service = new DatasetService(workspace, events);
		const file = writeFile(tempDir(), 'halves.jsonl', rows.map(row => JSON.stringify(row)).join('\n'));
		const {dataset} = await service.importFile({name: 'halves', filePath: file});
		const problems = service.listProblems({datasetId: dataset.id, literal: false, offset: 0, limit: 10}).rows;
		return {workspace, events, heard, service, dataset, problems, searches: new SearchStore(workspace.db)};
	}

	function addSearch(searches: SearchStore, problemId: number, question: string, status: 'done' | 'running' = 'done'): number {
		const id = searches.create({
			problemId, question, goldAnswers: [], settings: SearchSettings.parse({}), policyPath: 'p.gguf', policySha256: null, ppmPath: null, ppmSha256: null
		});
		if (status === 'done')
			searches.finish(id, {status: 'done'});
		return id;
	}

	it('finds a LaTeX fragment literally, where the word search matches its words anywhere', async () => {
		const {workspace, service, dataset} = await setUp();
		try {
			const find = (text: string, literal: boolean) =>
				service.listProblems({datasetId: dataset.id, text, literal, offset: 0, limit: 10}).rows.map(row => row.sourceIndex);
			expect(find('\\frac{1}{2}', true)).toEqual(['a']);
			expect(find('\\frac{1}{2', true)).toEqual(['a', 'b']);
			expect(find('\\Frac{1}{2}', true)).toEqual([]);
			// Characters LIKE or FTS would read as syntax are plain text here.
			expect(find('1/2', true)).toEqual(['c']);
			expect(find('%', true)).toEqual([]);
			expect(find('\\frac{1}{2}', false)).toEqual(['a', 'b']);
		} finally {
			workspace.close();
		}
	});

	it('deletes a dataset keeping its searches, unlinked, or removing them; asks first that its running searches stop', async () => {
		const {workspace, heard, service, dataset, problems, searches} = await setUp();
		try {
			const kept = addSearch(searches, problems[0]!.id, problems[0]!.question);
			const running = addSearch(searches, problems[1]!.id, problems[1]!.question, 'running');
			expect(() => service.delete({id: dataset.id, searches: 'keep'})).toThrow(/"halves" has 1 queued or running search: stop it on the Search page, then delete/);
			searches.finish(running, {status: 'stopped'});

			expect(service.delete({id: dataset.id, searches: 'keep'})).toEqual({deleted: true, searchesKept: 2, searchesRemoved: 0});
			expect(searches.get(kept)).toMatchObject({problemId: null, question: problems[0]!.question});
			expect(service.list()).toEqual([]);
			expect(heard.filter(message => message.event !== 'dataset.imported' && message.event !== 'dataset.importProgressed').map(message => message.event === 'log.written' ? message.payload.message : message.event))
				.toEqual(['imported 3 problems into "halves" with 1 warnings', 'dataset.deleted', 'deleted dataset "halves" (3 problems); kept its 2 searches, unlinked']);

			const again = await setUp();
			try {
				const removed = addSearch(again.searches, again.problems[2]!.id, again.problems[2]!.question);
				expect(again.service.delete({id: again.dataset.id, searches: 'remove'})).toEqual({deleted: true, searchesKept: 0, searchesRemoved: 1});
				expect(again.searches.get(removed)).toBeUndefined();
				expect(() => again.service.delete({id: again.dataset.id, searches: 'keep'})).toThrow(/no dataset with id/);
			} finally {
				again.workspace.close();
			}
		} finally {
			workspace.close();
		}
	});

	it('renames a dataset, refusing a taken name and a built-in one', async () => {
		const {workspace, heard, service, dataset} = await setUp();
		try {
			const other = await service.importFile({name: 'other', filePath: writeFile(tempDir(), 'one.json', JSON.stringify([{question: 'q', answer: '1'}]))});
			expect(() => service.rename({id: dataset.id, name: 'other'})).toThrow('a dataset named "other" exists already: pick another name');
			expect(service.rename({id: dataset.id, name: 'Halves (2)'})).toMatchObject({id: dataset.id, name: 'Halves (2)', problemCount: 3});
			expect(heard.at(-2)).toMatchObject({event: 'dataset.renamed', payload: {dataset: {name: 'Halves (2)'}}});
			expect(heard.at(-1)).toMatchObject({event: 'log.written', payload: {message: 'renamed dataset "halves" to "Halves (2)"'}});
			expect(service.listProblems({text: 'decimal', literal: false, offset: 0, limit: 10}).rows.map(row => row.datasetName)).toEqual(['Halves (2)', 'Halves (2)']);
			expect(other.dataset.name).toBe('other');
		} finally {
			workspace.close();
		}
	});

	it('exports a dataset as JSON or JSON Lines that imports back to the same problems', async () => {
		const {workspace, service, dataset, problems} = await setUp();
		try {
			const json = service.export({id: dataset.id, format: 'json'});
			expect(json).toMatchObject({fileName: 'halves.json', problems: 3});
			expect(JSON.parse(json.content)).toEqual([
				{index: 'a', question: rows[0]!.question, answer: '0.5', level: 'Level 1', subject: 'Prealgebra', source: 'book'},
				{index: 'b', question: rows[1]!.question, answer: ['0.05', '1/20'], level: 'Level 2'},
				{index: 'c', question: rows[2]!.question, answer: []}
			]);
			const jsonl = service.export({id: dataset.id, format: 'jsonl'});
			expect(jsonl.content.trim().split('\n').map(line => JSON.parse(line) as unknown)).toEqual(JSON.parse(json.content));

			for (const [format, file] of [['json', json], ['jsonl', jsonl]] as const) {
				const back = await service.importFile({name: `back-${format}`, filePath: writeFile(tempDir(), `back.${format}`, file.content)});
				const copy = service.listProblems({datasetId: back.dataset.id, literal: false, offset: 0, limit: 10}).rows;
				const shape = ({sourceIndex, question, answers, level, subject}: typeof problems[number]) => ({sourceIndex, question, answers, level, subject});
				expect(copy.map(shape)).toEqual(problems.map(shape));
			}
			expect(() => service.export({id: 999, format: 'json'})).toThrow(/no dataset with id 999/);
		} finally {
			workspace.close();
		}
	});

	it('gives MATH500 its levels and subjects, in a new workspace and in one made before they shipped', async () => {
		const shipped = path.join(resourcesDir(), 'datasets');
		const dir = tempDir();
		fs.copyFileSync(path.join(shipped, 'math500_test.json'), path.join(dir, 'math500_test.json'));
		fs.copyFileSync(path.join(shipped, 'math500_labels.json'), path.join(dir, 'math500_labels.json'));
		const entry = (JSON.parse(fs.readFileSync(path.join(shipped, 'manifest.json'), 'utf8')) as {datasets: {name: string; labels?: string}[]}).datasets
			.find(dataset => dataset.name === 'MATH500')!;
		const manifest = (withLabels: boolean) => fs.writeFileSync(path.join(dir, 'manifest.json'),
			JSON.stringify({note: 'test', datasets: [withLabels ? entry : {...entry, labels: undefined}]}));

		const workspace = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			manifest(false);
			expect(await ensureBuiltinDatasets(workspace, dir)).toEqual(['MATH500']);
			const service = new DatasetService(workspace, new EventBus());
			expect(service.list()[0]!.levels).toEqual([]);

			manifest(true);
			expect(await ensureBuiltinDatasets(workspace, dir)).toEqual([]);
			const [math500] = service.list();
			expect(math500!.levels).toEqual(['Level 1', 'Level 2', 'Level 3', 'Level 4', 'Level 5']);
			// MATH-500's published spread: 43, 90, 105, 128 and 134 problems from level 1 to 5.
			const count = (level: string) => service.listProblems({datasetId: math500!.id, level, literal: false, offset: 0, limit: 1}).total;
			expect(math500!.levels.map(count)).toEqual([43, 90, 105, 128, 134]);
			expect(service.getProblem({id: service.listProblems({datasetId: math500!.id, literal: false, offset: 0, limit: 1}).rows[0]!.id}))
				.toMatchObject({sourceIndex: '0', level: 'Level 2', subject: 'Precalculus'});
		} finally {
			workspace.close();
		}
	});
});
