import path from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';
import type {ServeProcess} from '../support/runCli.js';
import {useTempDir, writeFile} from '../support/tempDir.js';

describe('Datasets page in browser mode (Chromium against rstar serve)', () => {
	const tempDir = useTempDir();
	let workbench: Workbench;
	let serve: ServeProcess;
	let page: Page;

	beforeAll(async () => {
		workbench = await openWorkbench({width: 1500, height: 900});
		({serve, page} = workbench);
	}, 120_000);

	afterAll(() => workbench?.close());

	it('opens on the built-in datasets', async () => {
		await page.goto(serve.url);
		expect(new URL(page.url()).search).toBe('');
		const list = page.getByRole('list', {name: 'Datasets'});
		for (const name of ['GSM8K', 'MATH500', 'AIME 2024', 'AMC 2023'])
			await expect.poll(() => list.getByRole('button', {name: new RegExp(`^${name}built-in`)}).count()).toBe(1);
		await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('2,672 problems');
		// Virtualised: far fewer rows in the DOM than problems in the table.
		expect(await page.getByTestId('problem-row').count()).toBeLessThan(100);
	});

	it('imports a dataset through the file picker, opens a problem and renders its LaTeX', async () => {
		const file = writeFile(tempDir(), 'calculus-set.jsonl', [
			{problem: 'Evaluate $\\displaystyle\\int_0^1 x^2\\,dx$ and write it as $\\frac{a}{b}$.', solution: 'It is $\\boxed{\\frac{1}{3}}$.', level: 'Level 2'},
			{question: 'Show <img src=x onerror="document.title=\'pwned\'"> as text, and $\\sqrt{2}$ as math.', answer: '\\sqrt{2}', level: 'Level 1'},
			{question: 'A problem with no answer yet: $e^{i\\pi}+1$.', answer: ''}
		].map(row => JSON.stringify(row)).join('\n'));

		await page.getByTestId('import-file').setInputFiles(file);
		await expect.poll(() => page.getByTestId('import-name').inputValue()).toBe('calculus-set');
		await page.getByRole('button', {name: 'Import', exact: true}).click();
		await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Imported 3 problems into “calculus-set”/);
		await expect.poll(() => page.getByRole('status').textContent()).toMatch(/2 warnings/);

		await page.getByRole('list', {name: 'Datasets'}).getByText('calculus-set').click();
		await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('3 problems');
		await page.getByLabel('Level').selectOption('Level 2');
		await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('1 problem');
		await page.getByTestId('problem-row').first().click();

		const view = page.getByTestId('problem-view');
		await expect.poll(() => view.locator('.question .katex').count()).toBe(2);
		expect(await view.locator('.question .tex-error').count()).toBe(0);
		expect(await view.locator('.answers .katex').count()).toBe(1);
		await page.screenshot({path: path.join(screenshots, 'datasets-problem.png')});

		await page.getByLabel('Level').selectOption('Level 1');
		await page.getByTestId('problem-row').first().click();
		await expect.poll(() => view.textContent()).toContain('<img src=x onerror="document.title=\'pwned\'"> as text');
		expect(await view.locator('img').count()).toBe(0);
		expect(await page.title()).toBe('rStar Workbench');
	});

	it('shows a benchmark\'s problem table and a rendered MATH500 problem', async () => {
		await page.getByLabel('Level').selectOption('');
		await page.getByRole('list', {name: 'Datasets'}).getByRole('button', {name: /^MATH500/}).click();
		await expect.poll(() => page.getByTestId('problem-count').textContent()).toBe('500 problems');
		await page.getByTestId('problem-row').nth(1).click();
		const view = page.getByTestId('problem-view');
		await expect.poll(() => view.locator('h2').textContent()).toBe('MATH500 · #1');
		expect(await view.locator('.question .katex').count()).toBeGreaterThan(2);
		expect(await view.locator('.tex-error').count()).toBe(0);
		await page.screenshot({path: path.join(screenshots, 'datasets-math500.png')});
	});

	it('searches question text across all datasets', async () => {
		await page.getByRole('list', {name: 'Datasets'}).getByText('All datasets').click();
		await page.getByTestId('problem-search').fill('duck eggs');
		// The count passes through the unfiltered totals and, while the new query loads, 0: wait for a real answer.
		const count = async () => Number((await page.getByTestId('problem-count').textContent())!.replace(/\D/g, ''));
		// One poll of both bounds: two polls could each pass on a transient value (the total, then the 0).
		await expect.poll(async () => {
			const n = await count();
			return n > 0 && n < 50 ? n : `not yet: ${n}`;
		}).toBeTypeOf('number');
		await page.screenshot({path: path.join(screenshots, 'datasets-search.png')});
	});

	it('reports an import that fails, naming the line, and imports nothing', async () => {
		const bad = writeFile(tempDir(), 'broken.json', '[\n {"question": "a", "answer": "1"},\n {"question": "b" "answer": "2"}\n]');
		await page.getByTestId('import-file').setInputFiles(bad);
		await page.getByRole('button', {name: 'Import', exact: true}).click();
		await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/line 3, column \d+ \(row 2\): invalid JSON/);
		expect(await page.getByRole('list', {name: 'Datasets'}).getByText('broken').count()).toBe(0);
	});

	// Issue 12: each of these questions froze the window for a minute whenever it opened (splitMath was quadratic).
	it('opens 100,000-character hostile questions at once, typesetting within the budget and showing the rest as source', async () => {
		const file = writeFile(tempDir(), 'hostile-math.jsonl', [
			{question: '\\('.repeat(49_999), answer: '1', level: 'Level 1'},
			{question: '$x$ '.repeat(25_000), answer: '1', level: 'Level 2'}
		].map(row => JSON.stringify(row)).join('\n'));
		await page.getByTestId('problem-search').fill('');
		await page.getByTestId('import-file').setInputFiles(file);
		await page.getByTestId('import-name').fill('hostile-math');
		await page.getByRole('button', {name: 'Import', exact: true}).click();
		await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Imported 2 problems into “hostile-math”/);
		await page.getByRole('list', {name: 'Datasets'}).getByText('hostile-math').click();
		const view = page.getByTestId('problem-view');

		await page.getByLabel('Level').selectOption('Level 1');
		await page.getByTestId('problem-row').first().click();
		await expect.poll(() => view.locator('.question').textContent()).toBe('\\('.repeat(49_999));
		expect(await view.locator('.question .katex').count()).toBe(0);

		await page.getByLabel('Level').selectOption('Level 2');
		await page.getByTestId('problem-row').first().click();
		await expect.poll(() => view.locator('.question .katex').count()).toBe(100);
		expect(await view.getByTestId('tex-budget').textContent()).toMatch(/24,900 more math expressions shown as source: this field is over the typesetting budget of 100 expressions or 4,000 characters of TeX/);
		await page.getByLabel('Level').selectOption('');
	});

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
