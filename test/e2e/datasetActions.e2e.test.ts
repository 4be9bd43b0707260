import fs from 'node:fs';
import path from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';
import type {ServeProcess} from '../support/runCli.js';
import {useTempDir, writeFile} from '../support/tempDir.js';

const halves = [
	{question: 'What is $\\frac{1}{2} + \\frac{1}{2}$?', answer: '1', level: 'Level 1'},
	{question: 'Write $\\frac{1}{20}$ as a decimal.', answer: '0.05', level: 'Level 1'},
	{question: 'Tom has 3 apples and buys 4 more. How many apples does he have now?', answer: '7', level: 'Level 2'}
];

/** Issue 15's Datasets items in browser mode: delete, rename, export, exact-text search, Search this problem, the log's search lines. */
describe('Datasets page actions (Chromium against rstar serve)', () => {
	const tempDir = useTempDir();
	let workbench: Workbench;
	let serve: ServeProcess;
	let page: Page;

	const datasetList = () => page.getByRole('list', {name: 'Datasets'});
	const count = () => page.getByTestId('problem-count').textContent();
	const lastLog = () => page.getByTestId('log-last').textContent();

	async function importFile(name: string, rows: object[]): Promise<void> {
		await page.getByTestId('import-file').setInputFiles(writeFile(tempDir(), `${name}.jsonl`, rows.map(row => JSON.stringify(row)).join('\n')));
		await page.getByTestId('import-name').fill(name);
		await page.getByRole('button', {name: 'Import', exact: true}).click();
		await expect.poll(() => page.getByRole('status').textContent()).toMatch(new RegExp(`Imported ${rows.length} problems into “${name}”`));
	}

	/** Opens the dataset's apples problem, searches it from the Search page with a tiny search, and returns the search's id. */
	async function searchApples(dataset: string): Promise<number> {
		await page.getByRole('link', {name: 'Datasets'}).click();
		await datasetList().getByText(dataset, {exact: true}).click();
		await page.getByTestId('problem-search').fill('apples');
		await expect.poll(count).toBe('1 problem');
		await page.getByTestId('problem-row').first().click();
		await page.getByRole('link', {name: 'Search this problem'}).click();
		await expect.poll(() => page.getByTestId('search-target').textContent()).toContain('Tom has 3 apples');
		for (const [label, value] of [['rollouts', '2'], ['candidates', '2'], ['max depth', '3'], ['seed', '1']] as const)
			await page.getByLabel(label, {exact: true}).fill(value);
		await page.getByRole('button', {name: 'Run search'}).click();
		await expect.poll(lastLog, {timeout: 120_000}).toMatch(/^search \d+ finished after [12] rollouts/);
		const link = page.getByTestId('log-last').getByRole('link');
		const searchId = Number(/^search (\d+)/.exec((await link.textContent())!)![1]);
		expect(await link.getAttribute('href')).toBe(`#/search?id=${searchId}`);
		return searchId;
	}

	beforeAll(async () => {
		workbench = await openWorkbench({width: 1280, height: 800});
		({serve, page} = workbench);
	}, 120_000);

	afterAll(() => workbench?.close());

	it('finds a LaTeX fragment exactly as typed with "Exact text"', async () => {
		await page.goto(serve.url);
		await expect.poll(() => datasetList().getByRole('button', {name: /^MATH500built-in/}).count()).toBe(1);
		await importFile('halves', halves);
		await datasetList().getByText('halves', {exact: true}).click();
		await expect.poll(count).toBe('3 problems');
		await page.getByTestId('problem-search').fill('\\frac{1}{2}');
		// As words, \frac{1}{2} is "frac 1 2": both fractions match.
		await expect.poll(count).toBe('2 problems');
		await page.getByLabel('Exact text').check();
		await expect.poll(count).toBe('1 problem');
		await expect.poll(() => page.getByTestId('problem-row').first().textContent()).toContain('\\frac{1}{2} + \\frac{1}{2}');
		await page.getByLabel('Exact text').uncheck();
		await page.getByTestId('problem-search').fill('');
		await expect.poll(count).toBe('3 problems');
	});

	it('renames a dataset, and offers no rename or delete for a built-in one', async () => {
		const actions = page.getByRole('region', {name: 'Dataset actions'});
		await actions.getByRole('button', {name: 'Rename…'}).click();
		await actions.getByLabel('New name').fill('halves (mine)');
		await actions.getByRole('button', {name: 'Rename', exact: true}).click();
		await expect.poll(() => datasetList().getByText('halves (mine)', {exact: true}).count()).toBe(1);
		await expect.poll(lastLog).toBe('renamed dataset "halves" to "halves (mine)"');
		await expect.poll(() => page.getByTestId('problem-row').first().textContent()).toContain('halves (mine)');

		await datasetList().getByRole('button', {name: /^MATH500/}).click();
		await expect.poll(() => actions.textContent()).toContain('Built-in: it can be exported, not renamed or deleted.');
		expect(await actions.getByRole('button', {name: 'Delete…'}).count()).toBe(0);
	});

	it('exports a dataset as a JSON download that has its problems', async () => {
		await datasetList().getByText('halves (mine)', {exact: true}).click();
		const download = page.waitForEvent('download');
		await page.getByRole('region', {name: 'Dataset actions'}).getByRole('button', {name: 'Export JSON', exact: true}).click();
		const file = await download;
		expect(file.suggestedFilename()).toBe('halves_(mine).json');
		const rows = JSON.parse(fs.readFileSync((await file.path())!, 'utf8')) as {question: string; answer: string; level: string}[];
		expect(rows.map(({question, answer, level}) => ({question, answer, level}))).toEqual(halves);
	});

	it('shows MATH500 with its levels and subjects', async () => {
		await datasetList().getByRole('button', {name: /^MATH500/}).click();
		await page.getByLabel('Level').selectOption('Level 5');
		await expect.poll(count).toBe('134 problems');
		await page.getByLabel('Level').selectOption('');
		await expect.poll(count).toBe('500 problems');
		await page.getByTestId('problem-row').first().click();
		await expect.poll(() => page.getByTestId('problem-view').locator('header p').textContent()).toBe('Level 2 · Precalculus');
	});

	it('searches a problem from its view, and the log links to the search as it starts and ends', async () => {
		const searchId = await searchApples('halves (mine)');
		await page.getByRole('button', {name: /^Log \(/}).click();
		const lines = page.getByRole('list', {name: 'Log'});
		expect(await lines.getByRole('link', {name: new RegExp(`^search ${searchId} started: Tom has 3 apples`)}).count()).toBe(1);
		await page.getByRole('link', {name: 'Datasets'}).click();
		await lines.getByRole('link', {name: new RegExp(`^search ${searchId} finished`)}).click();
		await expect.poll(() => new URL(page.url()).hash).toBe(`#/search?id=${searchId}`);
		await expect.poll(() => page.getByTestId('search-status').textContent()).toMatch(new RegExp(`#${searchId}.*done`));
		await page.getByRole('button', {name: /^Log \(/}).click();
	}, 150_000);

	it('deletes a dataset after asking, keeping its searches or removing them as chosen', async () => {
		const deleteDataset = async (name: string, searches: 'Keep them' | 'Remove them') => {
			await page.getByRole('link', {name: 'Datasets'}).click();
			await datasetList().getByText(name, {exact: true}).click();
			const actions = page.getByRole('region', {name: 'Dataset actions'});
			await actions.getByRole('button', {name: 'Delete…'}).click();
			const confirm = actions.getByRole('alertdialog', {name: 'Confirm delete'});
			expect(await confirm.textContent()).toContain(`Delete “${name}” and its 3 problems? This cannot be undone.`);
			await confirm.getByLabel(new RegExp(`^${searches}`)).check();
			await confirm.getByRole('button', {name: 'Delete', exact: true}).click();
			await expect.poll(() => datasetList().getByText(name, {exact: true}).count()).toBe(0);
		};
		await deleteDataset('halves (mine)', 'Keep them');
		await expect.poll(lastLog).toBe('deleted dataset "halves (mine)" (3 problems); kept its 1 search, unlinked');
		await expect.poll(count).toBe('2,672 problems');

		// The same file imports again, under another name; its search goes with it this time.
		await importFile('halves again', halves);
		const searchId = await searchApples('halves again');
		await deleteDataset('halves again', 'Remove them');
		await expect.poll(lastLog).toBe('deleted dataset "halves again" (3 problems); removed its 1 search');
		await page.evaluate(id => location.hash = `#/search?id=${id}`, searchId);
		await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(new RegExp(`no search ${searchId}`));
	}, 200_000);

	it('lays the Datasets page out legibly at 1024×700, 1280×800 and 1920×1080', async () => {
		await page.getByRole('link', {name: 'Datasets'}).click();
		await datasetList().getByRole('button', {name: /^MATH500/}).click();
		await page.getByTestId('problem-row').nth(1).click();
		await expect.poll(() => page.getByTestId('problem-view').locator('h2').textContent()).toBe('MATH500 · #1');
		for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
			await page.setViewportSize({width, height});
			await page.waitForTimeout(300);
			// The question column has room for words, and no two header cells overlap.
			const question = await page.locator('.table-head .col-question').boundingBox();
			expect(question!.width).toBeGreaterThan(150);
			const headers = await page.locator('.table-head span').evaluateAll(cells => cells
				.map(cell => cell.getBoundingClientRect()).filter(box => box.width > 0).map(box => ({left: box.left, right: box.right})));
			for (let i = 1; i < headers.length; i++)
				expect(headers[i]!.left).toBeGreaterThanOrEqual(headers[i - 1]!.right);
			await page.screenshot({path: path.join(screenshots, `datasets-${width}x${height}.png`)});
		}
	});

	it('has no page errors', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
