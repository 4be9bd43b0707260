import path from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SearchSummary} from '../../src-main/contract/search.js';
import {callFromPage} from '../support/callFromPage.js';
import {openStepWithSibling} from '../support/openStepWithSibling.js';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';

/** The Settings page in browser mode, and a change seen in use on the Search page: real SQLite, sandbox and model. */
describe('Settings page (Chromium against rstar serve)', () => {
	let workbench: Workbench;
	let page: Page;
	/** A contract call from the page, with the page's own cookie. */
	const call = <T>(method: string, params: unknown) => callFromPage<T>(page, method, params);

	beforeAll(async () => {
		workbench = await openWorkbench({width: 1440, height: 900});
		page = workbench.page;
	}, 120_000);

	afterAll(() => workbench?.close());

	it('names an invalid setting inline, stores nothing, and saves a valid change showing what changed', async () => {
		await page.goto(workbench.serve.url);
		await page.getByRole('link', {name: 'Settings'}).click();
		await expect.poll(() => page.getByLabel('your name').count()).toBe(1);
		await page.getByLabel('workers').fill('0');
		await page.getByRole('button', {name: 'Save'}).click();
		await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual([
			'workers: Too small: expected number to be >=1', 'not saved: a setting is not valid (sandbox.workers)'
		]);
		await page.screenshot({path: path.join(screenshots, 'settings-invalid-1440x900.png')});
		expect((await call<{sandbox: {workers: number}}>('settings.get', {})).result.sandbox.workers).toBe(2);

		await page.getByLabel('workers').fill('1');
		await page.getByLabel('your name').fill('Ada Lovelace');
		await page.getByLabel('time limit (ms)').fill('20000');
		await page.getByLabel('preset').selectOption('rstar-bootstrap');
		for (const [label, value] of [['rollouts', '3'], ['candidates', '3'], ['max depth', '4'], ['temperature', '1.2']] as const)
			await page.getByLabel(label, {exact: true}).fill(value);
		await page.getByRole('button', {name: 'Save'}).click();
		const saved = page.getByTestId('settings-saved');
		await expect.poll(() => saved.textContent()).toMatch(/^Saved, in effect from the next run or search: /);
		const text = (await saved.textContent())!;
		for (const change of ['userName: "Ada Lovelace"', 'sandbox.workers: 1', 'searchDefaults.preset: "rstar-bootstrap"', 'searchDefaults.rollouts: 3', 'searchDefaults.execTimeoutMs: 20000'])
			expect(text).toContain(change);
		expect((await call('settings.get', {})).result).toMatchObject({
			userName: 'Ada Lovelace', sandbox: {workers: 1},
			searchDefaults: {preset: 'rstar-bootstrap', rollouts: 3, candidates: 3, maxDepth: 4, temperature: 1.2, execTimeoutMs: 20_000}
		});
		expect(await page.getByLabel('rollouts', {exact: true}).inputValue()).toBe('3');
		await page.screenshot({path: path.join(screenshots, 'settings-1440x900.png')});
		await page.setViewportSize({width: 1024, height: 700});
		await page.screenshot({path: path.join(screenshots, 'settings-1024x700.png')});
		await page.setViewportSize({width: 1440, height: 900});
	});

	it('records another workspace for the next start and keeps the one open', async () => {
		const next = path.join(workbench.workspaceDir, 'next.db');
		await page.getByLabel('another workspace').fill('next.db');
		await page.getByRole('button', {name: 'Open at next start'}).click();
		await expect.poll(() => page.getByRole('alert').allTextContents()).toContain('another workspace: give an absolute path');
		await page.getByLabel('another workspace').fill(next);
		await page.getByRole('button', {name: 'Open at next start'}).click();
		await expect.poll(() => page.getByTestId('startup-workspace-path').textContent()).toBe(next);
		expect(await page.getByTestId('workspace-path').textContent()).toBe(path.join(workbench.workspaceDir, 'w.db'));
		expect(await page.getByRole('status').filter({hasText: 'The next start opens'}).count()).toBe(1);
	});

	it('the Search page starts from the saved defaults, stores a search with them, and names the user as pair author', async () => {
		await page.getByRole('link', {name: 'Search'}).click();
		await expect.poll(() => page.getByLabel('preset').inputValue()).toBe('rstar-bootstrap');
		for (const [label, value] of [['rollouts', '3'], ['candidates', '3'], ['max depth', '4'], ['temperature', '1.2']] as const)
			expect(await page.getByLabel(label, {exact: true}).inputValue()).toBe(value);

		await page.getByRole('tab', {name: 'Type one'}).click();
		await page.getByLabel('Question').fill('Tom has 3 apples and buys 4 more. How many apples does he have now?');
		await page.getByLabel('Answer', {exact: true}).fill('7');
		await page.getByRole('button', {name: 'Use this question'}).click();
		await page.getByRole('button', {name: 'Run search'}).click();
		await expect.poll(() => page.getByTestId('search-status').textContent(), {timeout: 150_000}).toMatch(/· done · [1-3]\/3 rollouts/);
		const searchId = Number(/^#(\d+)/.exec((await page.getByTestId('search-status').textContent())!)![1]);
		// The time limit the form showed came from the defaults, and the search ran with it.
		const {result} = await call<{search: SearchSummary}>('search.get', {searchId});
		expect(result.search.settings).toMatchObject({preset: 'rstar-bootstrap', promptFormat: 'few-shot', rollouts: 3, candidates: 3, maxDepth: 4, temperature: 1.2, execTimeoutMs: 20_000});

		// A step with a sibling opens the pair form, its author the user's name.
		await openStepWithSibling(page);
		expect(await page.getByLabel('Pair author').inputValue()).toBe('Ada Lovelace');
	}, 200_000);

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
