import fs from 'node:fs';
import path from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';
import {openStoredSearch} from '../support/openStoredSearch.js';
import {storeScriptedSearch, type ScriptedSearch} from '../support/scriptedSearch.js';

const question = 'Tree overview: a scripted search of some 2,000 steps.';

/**
 * A tree too large for cytoscape to redraw quickly, seen whole: the page hands it to its own overview renderer (and
 * back to cytoscape when zoomed in), and the overview is read and used as the cytoscape view is — drawn, changed by a
 * replay step, a tooltip and a click on a node, the PNG export. Chromium against `rstar serve`.
 */
describe('Search page: the overview of a large tree (Chromium against rstar serve)', () => {
	let workbench: Workbench;
	let page: Page;
	let stored: ScriptedSearch;

	const tree = () => page.getByRole('region', {name: 'Trajectory tree'});
	const canvas = () => page.getByTestId('tree-canvas');
	const renderer = () => canvas().getAttribute('data-renderer');
	const settle = () => page.waitForTimeout(400);
	/** The selected node's centre on the page, from the element's report. */
	const selectedAt = async () => {
		const box = await tree().getAttribute('data-selected-box');
		const frame = (await canvas().boundingBox())!;
		const [x, y] = box!.split(' ').map(Number) as [number, number];
		return {x: frame.x + x, y: frame.y + y};
	};
	/** What the overview canvas holds: how many pixels are drawn, and a digest of them. */
	const overviewPixels = () => page.evaluate(() => {
		const picture = document.querySelector<HTMLCanvasElement>('.tree-overview')!;
		const {data} = picture.getContext('2d')!.getImageData(0, 0, picture.width, picture.height);
		let drawn = 0;
		let digest = 0;
		for (let i = 0; i < data.length; i += 4)
			if (data[i + 3]! > 0) {
				drawn++;
				digest = (digest * 31 + data[i]! + 7 * data[i + 1]! + 13 * data[i + 2]! + i) % 1_000_000_007;
			}
		return {drawn, digest};
	});

	beforeAll(async () => {
		workbench = await openWorkbench({width: 1280, height: 800});
		page = workbench.page;
		stored = await storeScriptedSearch(path.join(workbench.workspaceDir, 'w.db'), question, 2000);
		await openStoredSearch(page, workbench.serve.url, question);
		await page.waitForFunction(count => document.querySelector('[data-testid=tree-canvas]')?.getAttribute('data-visible-nodes') === String(count), stored.nodes.length);
		await settle();
	}, 180_000);

	afterAll(() => workbench?.close());

	it('draws the whole tree itself, and hands it back to cytoscape when zoomed in', async () => {
		await page.getByRole('button', {name: 'Whole'}).click();
		await expect.poll(renderer).toBe('overview');
		await settle();
		const whole = await overviewPixels();
		// 2,000 nodes of at least 3 × 3 pixels, and their edges.
		expect(whole.drawn).toBeGreaterThan(10_000);
		await page.screenshot({path: path.join(screenshots, 'tree-viewer-overview.png')});

		// A replay step redraws it.
		await page.getByRole('button', {name: 'Step back'}).click();
		await expect.poll(async () => (await overviewPixels()).digest).not.toBe(whole.digest);

		// Zoomed in on a node, cytoscape draws it again.
		await tree().focus();
		await page.keyboard.press('ArrowUp');
		await expect.poll(renderer).toBe('cytoscape');

		// In cytoscape, the elements are created as the view comes near them: at the tree's far end, once there.
		const nodesInView = () => page.evaluate(() => {
			const cy = (document.querySelector('.tree-canvas') as unknown as {_cyreg: {cy: import('cytoscape').Core}})._cyreg.cy;
			const {x1, x2, y1, y2} = cy.extent();
			return cy.nodes().filter(node => node.position().x >= x1 && node.position().x <= x2 && node.position().y >= y1 && node.position().y <= y2).length;
		});
		const before = await nodesInView();
		const minimap = page.getByTestId('tree-minimap');
		const map = (await minimap.boundingBox())!;
		await minimap.click({position: {x: map.width * 0.9, y: map.height / 2}});
		await expect.poll(nodesInView).toBeGreaterThan(10);
		expect(await renderer()).toBe('cytoscape');
		expect(before).toBeGreaterThan(0);

		await page.keyboard.press('w');
		await expect.poll(renderer).toBe('overview');
	});

	it('answers the pointer in the overview: a tooltip and a click select the node under it', async () => {
		// The root, selected and seen whole.
		await tree().focus();
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('w');
		await expect.poll(renderer).toBe('overview');
		await settle();
		const root = await selectedAt();

		await page.mouse.move(root.x, root.y);
		const tooltip = page.getByRole('tooltip');
		await expect.poll(() => tooltip.textContent()).toMatch(/^#0 /);

		// Select its first child (the key zooms in), back to the whole tree, then a click on the root selects it.
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('w');
		await expect.poll(renderer).toBe('overview');
		await settle();
		const child = await selectedAt();
		expect(Math.hypot(child.x - root.x, child.y - root.y)).toBeGreaterThan(2);
		await page.mouse.click(root.x, root.y);
		await expect.poll(async () => {
			const now = await selectedAt();
			return Math.hypot(now.x - root.x, now.y - root.y);
		}).toBeLessThan(1);
	});

	it('exports the PNG from the overview as from cytoscape', async () => {
		await page.keyboard.press('w');
		await expect.poll(renderer).toBe('overview');
		const download = page.waitForEvent('download');
		await page.getByRole('button', {name: 'PNG', exact: true}).click();
		const file = await (await download).path();
		const size = await page.evaluate(async base64 => {
			const image = new Image();
			image.src = `data:image/png;base64,${base64}`;
			await image.decode();
			return Math.max(image.width, image.height);
		}, fs.readFileSync(file!).toString('base64'));
		expect(size).toBeGreaterThanOrEqual(1000);
		expect(size).toBeLessThanOrEqual(4096);
		expect(await renderer()).toBe('overview');
	});

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
