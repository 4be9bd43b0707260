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
	let rollouts: number;
	let rootVisits: number;

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
		// Live: every engine event reaches the page over the WebSocket as it happens (however fast the search).
		const live: {searchId: number; seq: number}[] = [];
		page.on('websocket', socket => socket.on('framereceived', frame => {
			const message = JSON.parse(String(frame.payload)) as {event: string; payload: {searchId: number; seq: number}};
			if (message.event === 'search.evented')
				live.push(message.payload);
		}));
		await page.goto(serve.url);
		await page.getByRole('link', {name: 'Search'}).click();
		await page.getByRole('tab', {name: 'Type one'}).click();
		await page.getByLabel('Question').fill(question);
		await page.getByLabel('Answer', {exact: true}).fill('7');
		await page.getByRole('button', {name: 'Use this question'}).click();
		for (const [label, value] of [['rollouts', '4'], ['candidates', '3'], ['max depth', '4'], ['temperature', '1'], ['seed', '3']] as const)
			await page.getByLabel(label, {exact: true}).fill(value);
		await page.getByRole('button', {name: 'Run search'}).click();
		// Four rollouts, or fewer if every branch ends sooner (what the model writes decides).
		await expect.poll(() => page.getByTestId('search-status').textContent(), {timeout: 120_000}).toMatch(/· done · [1-4]\/4 rollouts/);
		rollouts = Number(/(\d)\/4 rollouts/.exec((await page.getByTestId('search-status').textContent())!)![1]);
		await expect.poll(visibleNodes).toBeGreaterThan(3);
		const {index, total} = await position();
		expect(index).toBe(total);
		expect(total).toBeGreaterThan(10);
		expect(live.map(payload => payload.seq)).toEqual(Array.from({length: total}, (_, i) => i));
		await expect.poll(() => page.getByRole('list', {name: 'Past searches'}).getByRole('button', {name: /^#\d+ · /}).count()).toBe(1);
		await page.waitForTimeout(500);
		await page.screenshot({path: path.join(screenshots, 'search-tree.png')});
	}, 150_000);

	it('opens a node: its code, what running it printed or raised, Q, visits and the trajectory', async () => {
		const panel = page.getByTestId('node-panel');
		const heading = () => panel.locator('h2').textContent();
		await tree().focus();
		await page.keyboard.press('ArrowUp');
		await expect.poll(heading).toBe('Question (root)');
		// Terminal-guided, the reference's way: the root has one visit per answer judged, whatever the rollouts.
		rootVisits = Number(await panel.getByTestId('node-visits').textContent());
		expect(rootVisits).toBeGreaterThanOrEqual(0);

		// The first code step in breadth of the first levels: what the model wrote decides where it is.
		await page.keyboard.press('ArrowDown');
		await expect.poll(heading).toMatch(/^Step #\d+$/);
		for (let tries = 0; tries < 40 && await panel.getByTestId('node-code').count() === 0; tries++) {
			const before = await heading();
			await page.keyboard.press('ArrowRight');
			await expect.poll(heading).toBeTruthy();
			if (await heading() === before)
				await page.keyboard.press('ArrowDown');
		}
		expect(await panel.getByTestId('node-code').locator('pre.python').count()).toBe(1);
		expect(await panel.getByTestId('node-output').count() + await panel.getByTestId('node-error').count()).toBe(1);
		expect(Number(await panel.getByTestId('node-visits').textContent())).toBeGreaterThanOrEqual(0);
		expect(await panel.getByText(/^Trajectory from the root \(\d+ steps?\)$/).count()).toBe(1);
		// Selection centres the node with a short animation, and edges are hidden while the view moves: pictures wait for
		// the canvas to settle (they are checked by eye; nothing here is timed).
		await page.waitForTimeout(500);
		await page.screenshot({path: path.join(screenshots, 'search-node-panel.png')});
	});

	it('steps the replay back and forward, and the tree shows the state of each point', async () => {
		const {total} = await position();
		const panel = page.getByTestId('node-panel');
		await tree().focus();
		for (let depth = 0; depth < 20 && await panel.locator('h2').textContent() !== 'Question (root)'; depth++)
			await page.keyboard.press('ArrowUp');
		await expect.poll(() => panel.locator('h2').textContent()).toBe('Question (root)');
		await page.keyboard.press('Home');
		await expect.poll(position).toEqual({index: 0, total});
		await expect.poll(visibleNodes).toBe(1);
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

		// Forward to the first back-propagation to the root (a judged answer): the root gets its first visit.
		steps = 0;
		while ((await panel.getByTestId('node-visits').textContent()) === '0' && steps++ < 200)
			await page.keyboard.press('.');
		expect(await page.getByTestId('event-card').textContent()).toMatch(/^backup reward/);
		expect(await panel.getByTestId('node-visits').textContent()).toBe('1');
		await page.keyboard.press(',');
		await expect.poll(() => panel.getByTestId('node-visits').textContent()).toBe('0');

		// Mid-search: the start of the last rollout, then into it.
		await page.getByLabel('Rollout to jump to').fill(String(rollouts - 1));
		await page.getByRole('button', {name: 'Jump'}).click();
		await expect.poll(async () => (await position()).index).toBeLessThan(total);
		const mid = (await position()).index;
		expect(mid).toBeGreaterThan(0);
		expect(mid).toBeLessThan(total);
		await page.getByRole('button', {name: 'Step forward'}).click();
		await expect.poll(() => page.getByTestId('event-card').textContent()).toMatch(/rollout|select|expand|backup|terminal/);
		expect(await visibleNodes()).toBeGreaterThan(1);
		await tree().focus();
		await page.keyboard.press('f');
		await page.waitForTimeout(500);
		await page.screenshot({path: path.join(screenshots, 'search-replay.png')});
	});

	it('exports the view as PNG and SVG, and the tree as JSON and in the rStar tag-keyed layout', async () => {
		await tree().focus();
		await page.keyboard.press('End');
		const nodes = await visibleNodes();
		const save = async (format: string) => {
			const download = page.waitForEvent('download');
			await page.getByRole('button', {name: format, exact: true}).click();
			return fs.readFileSync((await (await download).path())!);
		};
		expect((await save('PNG')).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		const svg = (await save('SVG')).toString('utf8');
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(svg.match(/ data-node="/g)).toHaveLength(nodes);
		const json = JSON.parse((await save('JSON')).toString('utf8')) as {format: string; nodes: {id: number}[]; search: {question: string}};
		expect(json).toMatchObject({format: 'rstar-workbench-tree', search: {question}});
		expect(json.nodes).toHaveLength(nodes);
		const record = JSON.parse((await save('rStar JSON')).toString('utf8')) as {question: string; answer: string; rstar: Record<string, {visit_count: number; extra_info: string}>};
		expect(record).toMatchObject({question, answer: '7'});
		const states = record.rstar;
		expect(states['0']).toMatchObject({visit_count: rootVisits, extra_info: `question: ${question}`});
		expect(Object.keys(states)).toHaveLength(nodes);
		expect(Object.keys(states).every(tag => /^0(\.\d+)*$/.test(tag))).toBe(true);
	});

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
