import fs from 'node:fs';
import path from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';
import type {ServeProcess} from '../support/runCli.js';

const question = 'Tom has 3 apples and buys 4 more. How many apples does he have now?';

/** The Search page in browser mode: a real search on the embedded policy (node-llama-cpp), the real sandbox and SQLite. */
describe('Search page, tree viewer and replay (Chromium against rstar serve)', () => {
	let workbench: Workbench;
	let serve: ServeProcess;
	let page: Page;

	const visibleNodes = async () => Number(await page.getByTestId('tree-canvas').getAttribute('data-visible-nodes'));
	const position = async () => {
		const [, index, total] = /event (\d+) \/ (\d+)/.exec((await page.getByTestId('replay-position').textContent())!)!;
		return {index: Number(index), total: Number(total)};
	};
	const tree = () => page.getByRole('region', {name: 'Trajectory tree'});

	beforeAll(async () => {
		workbench = await openWorkbench();
		({serve, page} = workbench);
	}, 120_000);

	afterAll(() => workbench?.close());

	it('runs a small search on the embedded model and shows the tree growing to the finished search', async () => {
		await page.goto(serve.url);
		await page.getByRole('link', {name: 'Search'}).click();
		await page.getByRole('tab', {name: 'Type one'}).click();
		await page.getByLabel('Question').fill(question);
		await page.getByLabel('Answer').fill('7');
		await page.getByRole('button', {name: 'Use this question'}).click();
		for (const [label, value] of [['rollouts', '4'], ['candidates', '3'], ['max depth', '4'], ['seed', '3']] as const)
			await page.getByLabel(label, {exact: true}).fill(value);
		await page.getByRole('button', {name: 'Run search'}).click();

		// Live: while the search runs, pushed events grow the tree.
		const whileRunning: number[] = [];
		await expect.poll(async () => {
			const status = await page.getByTestId('search-status').textContent().catch(() => null);
			if (status?.includes('running'))
				whileRunning.push(await visibleNodes());
			return status;
		}, {timeout: 120_000, interval: 250}).toMatch(/· done · 4\/4 rollouts/);
		expect(Math.max(...whileRunning)).toBeGreaterThan(1);
		await expect.poll(visibleNodes).toBeGreaterThan(3);
		const {index, total} = await position();
		expect(index).toBe(total);
		expect(total).toBeGreaterThan(10);
		await expect.poll(() => page.getByRole('list', {name: 'Past searches'}).getByRole('button').count()).toBe(1);
		await page.screenshot({path: path.join(screenshots, 'search-tree.png')});
	}, 150_000);

	it('opens a node: its code, what running it printed or raised, Q, visits and the trajectory', async () => {
		await tree().focus();
		await page.keyboard.press('ArrowDown');
		const panel = page.getByTestId('node-panel');
		await expect.poll(() => panel.locator('h2').textContent()).toBe('Step #1');
		expect(await panel.locator('pre.python').count()).toBeGreaterThan(0);
		expect(await panel.getByTestId('node-output').count() + await panel.getByTestId('node-error').count()).toBe(1);
		expect(Number(await panel.getByTestId('node-visits').textContent())).toBeGreaterThanOrEqual(0);
		expect(await panel.getByText(/Trajectory from the root \(1 steps\)/).count()).toBe(1);
		await page.keyboard.press('ArrowUp');
		await expect.poll(() => panel.locator('h2').textContent()).toBe('Question (root)');
		expect(await panel.getByTestId('node-visits').textContent()).toBe('4');
		await page.keyboard.press('ArrowDown');
		await expect.poll(() => panel.locator('h2').textContent()).toBe('Step #1');
		await page.screenshot({path: path.join(screenshots, 'search-node-panel.png')});
	});

	it('steps the replay back and forward, and the tree shows the state of each point', async () => {
		const {total} = await position();
		await tree().focus();
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('Home');
		await expect.poll(position).toEqual({index: 0, total});
		await expect.poll(visibleNodes).toBe(1);
		const panel = page.getByTestId('node-panel');
		await expect.poll(() => panel.getByTestId('node-visits').textContent()).toBe('0');

		// Forward to the first expansion: its candidates arrive.
		let steps = 0;
		while ((await visibleNodes()) === 1 && steps++ < 10)
			await page.getByRole('button', {name: 'Step forward'}).click();
		expect(await page.getByTestId('event-card').textContent()).toMatch(/^expand step #0: \d+ candidates? arrived/);
		const afterExpansion = await visibleNodes();
		expect(afterExpansion).toBeGreaterThan(1);
		await page.getByRole('button', {name: 'Step back'}).click();
		await expect.poll(visibleNodes).toBe(1);
		await page.getByRole('button', {name: 'Step forward'}).click();
		await expect.poll(visibleNodes).toBe(afterExpansion);

		// Forward to the first backup: the root gets its first visit.
		steps = 0;
		while ((await panel.getByTestId('node-visits').textContent()) === '0' && steps++ < 200)
			await page.keyboard.press('.');
		expect(await page.getByTestId('event-card').textContent()).toMatch(/^backup reward/);
		expect(await panel.getByTestId('node-visits').textContent()).toBe('1');
		await page.keyboard.press(',');
		await expect.poll(() => panel.getByTestId('node-visits').textContent()).toBe('0');

		// Mid-search: the start of rollout 2, then into its selection.
		await page.getByLabel('Rollout to jump to').fill('2');
		await page.getByRole('button', {name: 'Jump'}).click();
		const mid = (await position()).index;
		expect(mid).toBeGreaterThan(0);
		expect(mid).toBeLessThan(total);
		await expect.poll(() => panel.getByTestId('node-visits').textContent()).toBe('2');
		await page.getByRole('button', {name: 'Step forward'}).click();
		await expect.poll(() => page.getByTestId('event-card').textContent()).toMatch(/rollout|select|expand|backup|terminal/);
		expect(await visibleNodes()).toBeGreaterThan(1);
		await tree().focus();
		await page.keyboard.press('f');
		// Let the canvas draw the fitted view before the picture is taken (the picture is checked by eye, not timed).
		await page.waitForTimeout(500);
		await page.screenshot({path: path.join(screenshots, 'search-replay.png')});
	});

	it('exports the tree as JSON in the rStar tag-keyed layout', async () => {
		await tree().focus();
		await page.keyboard.press('End');
		const download = page.waitForEvent('download');
		await page.getByRole('button', {name: 'rStar JSON'}).click();
		const file = await (await download).path();
		const states = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, {visit_count: number; extra_info: string}>;
		expect(states['0']).toMatchObject({visit_count: 4, extra_info: `question: ${question}`});
		expect(Object.keys(states).every(tag => /^0(\.\d+)*$/.test(tag))).toBe(true);
	});

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
