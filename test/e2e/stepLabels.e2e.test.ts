import fs from 'node:fs';
import path from 'node:path';
import type {Download, Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {pathTo} from '../../src-main/contract/search.js';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';
import {openStoredSearch} from '../support/openStoredSearch.js';
import {storeScriptedSearch, type ScriptedSearch} from '../support/scriptedSearch.js';

const question = 'Step labels: a scripted search to label.';
const sizes = [{width: 1280, height: 800}, {width: 1024, height: 700}] as const;
/** The keys pressed on the steps in turn (both key sets) and the ratings they give. */
const keyCycle = [['3', 1], ['2', 0], ['1', -1], ['+', 1], ['0', 0], ['-', -1]] as const;

/**
 * Step labels and guidelines in browser mode, on a search built by the real engine (scripted policy) and stored in
 * the served workspace: a trajectory opened from the Search page's node panel, labelled with the keyboard alone,
 * persisted across a reload; guidelines edited into new versions; the stepwise export. Chromium against `rstar serve`.
 */
describe('Step labels and guidelines (Chromium against rstar serve)', () => {
	let workbench: Workbench;
	let page: Page;
	let stored: ScriptedSearch;
	let leafId: number;
	/** The ratings given, step by step, and the position (0-based) of the step marked first wrong. */
	const ratings: number[] = [];
	let firstWrong: number;

	const labeller = () => page.getByTestId('labeller');
	const steps = () => page.getByTestId('label-step');
	const shoot = async (name: string) => {
		for (const size of sizes) {
			await page.setViewportSize(size);
			await page.waitForTimeout(300);
			await page.screenshot({path: path.join(screenshots, `step-labels-${name}-${size.width}x${size.height}.png`)});
		}
		await page.setViewportSize(sizes[0]);
	};

	beforeAll(async () => {
		workbench = await openWorkbench(sizes[0]);
		page = workbench.page;
		stored = await storeScriptedSearch(path.join(workbench.workspaceDir, 'w.db'), question, 60);
	}, 120_000);

	afterAll(() => workbench?.close());

	it('opens a trajectory from the Search page’s node panel, asks for the labeller’s name once, and shows every step', async () => {
		await openStoredSearch(page, workbench.serve.url, question);
		const panel = page.getByTestId('node-panel');
		const heading = () => panel.locator('h2').textContent();
		await page.getByRole('region', {name: 'Trajectory tree'}).focus();
		await page.keyboard.press('ArrowUp');
		await expect.poll(heading).toBe('Question (root)');
		// First children down to a leaf.
		for (let before = ''; before !== await heading();) {
			before = (await heading())!;
			await page.keyboard.press('ArrowDown');
			await page.waitForTimeout(100);
		}
		leafId = Number(/^Step #(\d+)$/.exec((await heading())!)![1]);
		// At 1280 px the step panel starts closed.
		await page.getByRole('button', {name: 'Step ◂'}).click();
		await page.waitForTimeout(500);
		await page.screenshot({path: path.join(screenshots, 'step-labels-node-panel-1280x800.png')});
		await panel.getByRole('link', {name: 'Label steps'}).click();
		await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/pairs?tab=labels&search=${stored.searchId}&leaf=${leafId}`);

		await page.getByLabel('Your name').fill('Ada');
		await page.getByRole('button', {name: 'Save name'}).click();
		const trajectory = pathTo(stored.nodes, leafId).slice(1);
		await expect.poll(() => steps().count()).toBe(trajectory.length);
		expect(trajectory.length).toBeGreaterThanOrEqual(2);
		expect(await labeller().locator('.labeller-question').textContent()).toContain(question);
		// Each step with its code and what running it printed, its Q; the first is current, the view has the keys.
		expect(await steps().first().getAttribute('aria-current')).toBe('step');
		expect(await steps().first().locator('pre.python').count()).toBe(1);
		expect(await steps().first().locator('.exec-output, .exec-error').count()).toBe(1);
		expect(await steps().first().textContent()).toContain(`#${trajectory[0]!.id} · Q `);
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('labeller');
		await shoot('open');
	}, 60_000);

	it('rates every step, marks the first wrong step and finishes with the keyboard alone', async () => {
		await page.keyboard.press('?');
		await expect.poll(() => page.getByRole('dialog', {name: 'Keys of the labelling view'}).isVisible()).toBe(true);
		await page.screenshot({path: path.join(screenshots, 'step-labels-keys-1280x800.png')});
		await page.keyboard.press('Escape');
		await expect.poll(() => page.getByRole('dialog', {name: 'Keys of the labelling view'}).count()).toBe(0);

		const count = await steps().count();
		for (let i = 0; i < count; i++) {
			const [key, rating] = keyCycle[i % keyCycle.length]!;
			await page.keyboard.press(key);
			ratings.push(rating);
		}
		// "saved" only once the server has answered, one per step.
		await expect.poll(() => page.getByTestId('step-saved').count()).toBe(count);
		expect(await steps().evaluateAll(items => items.map(item => Number(item.getAttribute('data-rating'))))).toEqual(ratings);
		await expect.poll(() => page.getByTestId('labels-progress').textContent()).toBe(`${count} of ${count} steps rated`);

		// Back up (k and ↑) to the first step rated −1, or the last step, and mark it.
		firstWrong = ratings.includes(-1) ? ratings.indexOf(-1) : count - 1;
		for (let i = count - 1; i > firstWrong; i--)
			await page.keyboard.press(i % 2 === 0 ? 'k' : 'ArrowUp');
		expect(await steps().nth(firstWrong).getAttribute('aria-current')).toBe('step');
		await page.keyboard.press('w');
		expect(await steps().nth(firstWrong).getByTestId('first-wrong').count()).toBe(1);
		await shoot('rated');

		await page.keyboard.press('Enter');
		const dialog = page.getByRole('dialog', {name: 'Finish the trajectory'});
		await expect.poll(() => dialog.isVisible()).toBe(true);
		expect(await dialog.textContent()).toContain(`First wrong step: step ${firstWrong + 1}.`);
		await page.screenshot({path: path.join(screenshots, 'step-labels-finish-1280x800.png')});
		await page.keyboard.press('2');
		await expect.poll(() => page.getByTestId('labels-finished').textContent()).toMatch(/^finished: Found an error · /);
		expect(await dialog.count()).toBe(0);
	});

	it('keeps the ratings, the first wrong step and the finish across a reload', async () => {
		await page.reload();
		await expect.poll(() => steps().count()).toBe(ratings.length);
		expect(await steps().evaluateAll(items => items.map(item => Number(item.getAttribute('data-rating'))))).toEqual(ratings);
		expect(await page.getByTestId('first-wrong').count()).toBe(1);
		expect(await steps().nth(firstWrong).getByTestId('first-wrong').textContent()).toBe('first wrong step');
		expect(await page.getByTestId('labels-finished').textContent()).toMatch(/^finished: Found an error · /);
	});

	it('edits the guidelines into new versions, shown in the labelling view', async () => {
		await page.evaluate(() => location.hash = '#/pairs?tab=guidelines');
		const guidelines = page.getByRole('region', {name: 'Guidelines'});
		await expect.poll(() => guidelines.textContent()).toContain('none written yet');
		for (const [version, text] of [[1, 'Rate a step −1 when it is wrong.'], [2, 'Rate a step −1 when it is wrong.\n\nRate 0 when it is fine but makes no progress.']] as const) {
			await guidelines.getByRole('button', {name: 'Edit'}).click();
			await guidelines.getByLabel('Guidelines text').fill(text);
			await guidelines.getByRole('button', {name: `Save as v${version}`}).click();
			await expect.poll(() => guidelines.getByTestId('guidelines-version').textContent()).toMatch(new RegExp(`^v${version} · Ada · `));
		}
		expect(await guidelines.locator('.guidelines-text p').allTextContents()).toEqual(['Rate a step −1 when it is wrong.', 'Rate 0 when it is fine but makes no progress.']);
		await shoot('guidelines');
		await guidelines.getByRole('button', {name: 'Edit'}).click();
		await shoot('guidelines-edit');
		await guidelines.getByRole('button', {name: 'Cancel'}).click();

		await page.evaluate(([search, leaf]) => location.hash = `#/pairs?tab=labels&search=${search}&leaf=${leaf}`, [stored.searchId, leafId]);
		await expect.poll(() => page.getByTestId('labels-guidelines').textContent()).toContain('labels taken under guidelines v2');
	});

	it('lists the labelled trajectory and exports it as stepwise JSONL with a manifest', async () => {
		await page.evaluate(() => location.hash = '#/pairs?tab=labels');
		const row = page.getByTestId('labelled-row');
		await expect.poll(() => row.count()).toBe(1);
		expect(await row.textContent()).toContain(`${ratings.length} / ${ratings.length}`);
		await shoot('list');

		const downloads: Download[] = [];
		page.on('download', download => downloads.push(download));
		await page.getByRole('button', {name: 'Export stepwise JSONL'}).click();
		await expect.poll(() => downloads.length).toBe(2);
		const [jsonl, manifest] = downloads.sort((a, b) => a.suggestedFilename().length - b.suggestedFilename().length);
		expect(manifest!.suggestedFilename()).toBe(`${jsonl!.suggestedFilename()}.manifest.json`);
		const lines = fs.readFileSync((await jsonl!.path())!, 'utf8').split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines).toHaveLength(1);
		const [line] = lines as [{prompt: string; completions: string[]; labels: boolean[]}];
		expect(Object.keys(line).sort()).toEqual(['completions', 'labels', 'prompt']);
		expect(line.prompt).toContain(question);
		expect(line.completions).toHaveLength(line.labels.length);
		// Down to the first wrong step, as PRM800K's labelling stops there; neutral counts as positive (the default).
		expect(line.labels).toEqual(ratings.slice(0, firstWrong + 1).map(rating => rating >= 0));
		expect(line.completions).toEqual(pathTo(stored.nodes, leafId).slice(1, firstWrong + 2).map(node => node.text));
		expect(JSON.parse(fs.readFileSync((await manifest!.path())!, 'utf8'))).toMatchObject({rows: 1});
		expect(workbench.pageErrors).toEqual([]);
	});
});
