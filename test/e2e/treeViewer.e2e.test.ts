import fs from 'node:fs';
import path from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';
import {openStoredSearch} from '../support/openStoredSearch.js';
import {storeScriptedSearch, type ScriptedSearch} from '../support/scriptedSearch.js';

const question = 'Tree viewer: a scripted search of some 300 steps.';

/**
 * The Search page's tree viewer on a 300-node search (the real engine on a scripted policy, stored in the served
 * workspace): layout at three window sizes, zoom, tooltips, captions, the overview, the keys, collapsed summaries and
 * the picture exports. Chromium against `rstar serve`.
 */
describe('Search page: reading a large tree (Chromium against rstar serve)', () => {
	let workbench: Workbench;
	let page: Page;
	let stored: ScriptedSearch;

	const tree = () => page.getByRole('region', {name: 'Trajectory tree'});
	const canvas = () => page.getByTestId('tree-canvas');
	const zoom = async () => Number(await tree().getAttribute('data-zoom'));
	const visibleNodes = async () => Number(await canvas().getAttribute('data-visible-nodes'));
	/** The selected node on screen: centre (page coordinates) and rendered diameter. */
	const selectedBox = async () => {
		const box = await tree().getAttribute('data-selected-box');
		if (!box)
			return null;
		const [x, y, size] = box.split(' ').map(Number) as [number, number, number];
		const frame = (await canvas().boundingBox())!;
		return {x: frame.x + x, y: frame.y + y, size, frame};
	};
	/** The zoom is reported to 3 decimals: within 0.5 % of `expected`. */
	const zoomNear = async (expected: number) => expect.poll(async () => Math.abs(await zoom() / expected - 1)).toBeLessThan(0.005);
	/** Lets the view's animation (200 ms) and the frame after it finish. */
	const settle = () => page.waitForTimeout(400);

	const openSearch = async () => {
		await openStoredSearch(page, workbench.serve.url, question);
		await expect.poll(visibleNodes).toBe(stored.nodes.length);
		await settle();
	};

	beforeAll(async () => {
		workbench = await openWorkbench({width: 1280, height: 800});
		page = workbench.page;
		stored = await storeScriptedSearch(path.join(workbench.workspaceDir, 'w.db'), question, 300);
	}, 120_000);

	afterAll(() => workbench?.close());

	for (const [width, height, share] of [[1024, 700, 0.3], [1280, 800, 0.4], [1920, 1080, 0.45]] as const)
		it(`at ${width} × ${height} the tree takes ≥ ${share * 100} % of the window, nothing is cut off, and the keys bring a node into view`, async () => {
			await page.setViewportSize({width, height});
			await openSearch();
			const box = (await canvas().boundingBox())!;
			expect(box.width * box.height / (width * height)).toBeGreaterThanOrEqual(share);
			// Every control of the toolbar, the zoom group and the replay bar lies inside the window and inside the tree's column.
			const main = (await page.locator('.search-main').boundingBox())!;
			for (const button of await page.locator('.tree-toolbar button, .tree-zoom button, .replay button').all()) {
				const at = (await button.boundingBox())!;
				expect(at.x).toBeGreaterThanOrEqual(main.x - 0.5);
				expect(at.x + at.width).toBeLessThanOrEqual(Math.min(width, main.x + main.width) + 0.5);
				expect(at.y + at.height).toBeLessThanOrEqual(height + 0.5);
			}
			expect(await page.getByRole('button', {name: 'rStar JSON'}).isVisible()).toBe(true);

			// The whole tree, however small; then Fit, which keeps the nodes legible (≥ 7 px) and leaves the rest to the overview.
			await page.getByRole('button', {name: 'Whole'}).click();
			await settle();
			const whole = await zoom();
			await page.screenshot({path: path.join(screenshots, `tree-viewer-${width}x${height}-whole.png`)});
			await page.getByRole('button', {name: 'Fit'}).click();
			await settle();
			expect(await zoom()).toBeGreaterThanOrEqual(0.5);
			await page.screenshot({path: path.join(screenshots, `tree-viewer-${width}x${height}-fitted.png`)});

			// The keys from the root down: each selected node is brought into view at a readable zoom.
			await tree().focus();
			await page.keyboard.press('ArrowUp');
			for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowDown'])
				await page.keyboard.press(key);
			await settle();
			const selected = (await selectedBox())!;
			expect(selected.size).toBeGreaterThanOrEqual(14);
			expect(selected.x).toBeGreaterThan(selected.frame.x);
			expect(selected.x).toBeLessThan(selected.frame.x + selected.frame.width);
			expect(selected.y).toBeGreaterThan(selected.frame.y);
			expect(selected.y).toBeLessThan(selected.frame.y + selected.frame.height);
			await page.screenshot({path: path.join(screenshots, `tree-viewer-${width}x${height}-keyboard.png`)});
		}, 60_000);

	it('folds and resizes the side panels', async () => {
		await page.setViewportSize({width: 1280, height: 800});
		await openSearch();
		const before = (await canvas().boundingBox())!.width;
		await page.getByRole('button', {name: '◂ Form'}).click();
		await expect.poll(async () => (await canvas().boundingBox())!.width).toBeGreaterThan(before + 150);
		expect(await page.getByRole('button', {name: 'Run search'}).count()).toBe(0);
		await page.getByRole('button', {name: '▸ Form'}).click();
		await expect.poll(async () => (await canvas().boundingBox())!.width).toBeCloseTo(before, 0);

		// The form's edge: dragged 100 px right, then two steps left by the keys.
		const splitter = page.getByRole('separator', {name: 'Resize the search form'});
		const width = Number(await splitter.getAttribute('aria-valuenow'));
		const edge = (await splitter.boundingBox())!;
		await page.mouse.move(edge.x + 3, edge.y + 300);
		await page.mouse.down();
		await page.mouse.move(edge.x + 103, edge.y + 300, {steps: 5});
		await page.mouse.up();
		expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(width + 100);
		await splitter.focus();
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('ArrowLeft');
		expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(width + 68);
		expect((await page.locator('.search-side').boundingBox())!.width).toBeCloseTo(width + 68, 0);

		// The step panel folds and unfolds too.
		await page.getByRole('button', {name: 'Step ◂'}).click();
		await expect.poll(() => page.locator('.search-detail').isVisible()).toBe(true);
		await page.getByRole('button', {name: 'Step ▸'}).click();
		await expect.poll(() => page.locator('.search-detail').isVisible()).toBe(false);
	});

	it('zooms with the buttons and the wheel; shows captions when zoomed in, tooltips on hover, an overview of the whole tree', async () => {
		await page.getByRole('button', {name: 'Fit'}).click();
		await settle();
		const fitted = await zoom();
		expect(await tree().getAttribute('data-captions')).toBe('off');
		await page.getByRole('button', {name: 'Zoom in'}).click();
		await zoomNear(fitted * 1.5);
		await page.getByRole('button', {name: 'Zoom out'}).click();
		await zoomNear(fitted);

		// The wheel: 1.26× a notch about the pointer, so 30 notches go from the whole tree to the largest zoom.
		const box = (await canvas().boundingBox())!;
		await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await page.mouse.wheel(0, -100);
		await zoomNear(fitted * 2 ** (1 / 3));
		for (let notch = 1; notch < 30; notch++)
			await page.mouse.wheel(0, -100);
		await expect.poll(zoom).toBe(4);
		await expect.poll(() => tree().getAttribute('data-captions')).toBe('on');
		await page.mouse.wheel(0, 300 * Math.log2(4 / 2.25));
		await zoomNear(2.25);
		await page.waitForTimeout(300);
		await page.screenshot({path: path.join(screenshots, 'tree-viewer-captions.png')});

		// The overview: a 300-node tree has one; a click there moves the view, not the zoom.
		const minimap = page.getByTestId('tree-minimap');
		expect(await minimap.isVisible()).toBe(true);
		await tree().focus();
		await page.keyboard.press('ArrowUp');
		await settle();
		const root = (await selectedBox())!;
		const map = (await minimap.boundingBox())!;
		await minimap.click({position: {x: map.width - 4, y: map.height - 4}});
		await expect.poll(async () => (await selectedBox())!.x).toBeLessThan(root.x - 100);
		await zoomNear(2.25);

		// A tooltip: kind, Q, N and the step's first line, for the node under the pointer.
		await page.keyboard.press('ArrowDown');
		await settle();
		const step = (await selectedBox())!;
		await page.mouse.move(step.x, step.y);
		const tooltip = page.getByRole('tooltip');
		await expect.poll(() => tooltip.isVisible()).toBe(true);
		expect(await tooltip.textContent()).toMatch(/^#\d+ (still open|all children terminal|correct answer|wrong answer|code error|depth or format failure) · Q -?\d\.\d\d · N \d+# step 0, option \d$/);
		await page.mouse.move(box.x + 5, box.y + box.height - 5);
		await expect.poll(() => tooltip.count()).toBe(0);

		// Fewer than 300 visible: no overview.
		await page.getByLabel('hide unvisited').check();
		await expect.poll(visibleNodes).toBeLessThan(300);
		expect(await minimap.count()).toBe(0);
		await page.getByLabel('hide unvisited').uncheck();
	});

	it('takes the keys once clicked, in either case; lists them under ?; is one Tab from the form', async () => {
		// A click on the tree (not on a node) gives it the focus.
		const box = (await canvas().boundingBox())!;
		await page.locator('.search-side h1').click();
		await page.mouse.click(box.x + 6, box.y + box.height - 6);
		expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Trajectory tree');

		await page.keyboard.press('Shift+F');
		await settle();
		const fitted = await zoom();
		await page.keyboard.press('+');
		await zoomNear(fitted * 1.5);
		await page.keyboard.press('f');
		await zoomNear(fitted);
		await page.keyboard.press('Shift+W');
		await expect.poll(zoom).toBeLessThan(fitted);
		await page.keyboard.press('w');
		await page.keyboard.press('F');
		await zoomNear(fitted);

		// N: the selected step's neighbourhood at a readable zoom.
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Shift+N');
		await settle();
		expect(await zoom()).toBeGreaterThanOrEqual(1);

		for (const key of ['Shift+P', 'p'] as const) {
			const before = await page.getByRole('button', {name: /^(Play|Pause)$/}).textContent();
			await page.keyboard.press(key);
			await expect.poll(() => page.getByRole('button', {name: /^(Play|Pause)$/}).textContent()).not.toBe(before);
		}

		await page.keyboard.press('?');
		const keys = page.getByRole('dialog', {name: 'Keys of the tree'});
		await expect.poll(() => keys.isVisible()).toBe(true);
		expect(await keys.textContent()).toContain('the whole tree, however small');
		await page.keyboard.press('Escape');
		await expect.poll(() => keys.count()).toBe(0);
		await page.getByRole('button', {name: 'Keys'}).click();
		await expect.poll(() => keys.isVisible()).toBe(true);
		await keys.getByRole('button', {name: 'Close'}).click();

		// From the form's last control, one Tab.
		await page.evaluate(() => {
			const controls = document.querySelectorAll<HTMLElement>('.search-side button:not([disabled]), .search-side input, .search-side select, .search-side textarea');
			controls[controls.length - 1]!.focus();
		});
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Trajectory tree');
	});

	it('summarises a collapsed subtree on its node', async () => {
		await tree().focus();
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('ArrowDown');
		const all = await visibleNodes();
		await page.keyboard.press('Enter');
		await expect.poll(visibleNodes).toBeLessThan(all);
		await settle();
		const node = (await selectedBox())!;
		await page.mouse.move(node.x, node.y);
		const tooltip = page.getByRole('tooltip');
		await expect.poll(() => tooltip.isVisible()).toBe(true);
		const [, hidden] = /collapsed: (\d+) hidden, best Q (-?\d\.\d\d|—), (a correct answer among them|no correct answer)/.exec((await tooltip.textContent())!)!;
		expect(Number(hidden)).toBe(all - await visibleNodes());
		await page.screenshot({path: path.join(screenshots, 'tree-viewer-collapsed.png')});
		await page.keyboard.press('Enter');
		await expect.poll(visibleNodes).toBe(all);
	});

	it('exports a right-sized PNG (the selection only when asked) and an SVG with the shapes and the best trajectory', async () => {
		const save = async (format: string) => {
			const download = page.waitForEvent('download');
			await page.getByRole('button', {name: format, exact: true}).click();
			return fs.readFileSync((await (await download).path())!);
		};
		/** Size, and the pixels of the selection halo's colour (#111827 at 0.7 over white). */
		const inspect = (png: Buffer) => page.evaluate(async base64 => {
			const image = new Image();
			image.src = `data:image/png;base64,${base64}`;
			await image.decode();
			const picture = new OffscreenCanvas(image.width, image.height).getContext('2d')!;
			picture.drawImage(image, 0, 0);
			const {data} = picture.getImageData(0, 0, image.width, image.height);
			let halo = 0;
			for (let i = 0; i < data.length; i += 4)
				if (Math.abs(data[i]! - 88) <= 2 && Math.abs(data[i + 1]! - 93) <= 2 && Math.abs(data[i + 2]! - 104) <= 2)
					halo++;
			return {width: image.width, height: image.height, halo};
		}, png.toString('base64'));

		const plain = await inspect(await save('PNG'));
		expect(Math.max(plain.width, plain.height)).toBeLessThanOrEqual(4096);
		expect(Math.max(plain.width, plain.height)).toBeGreaterThanOrEqual(1000);
		await page.getByLabel('selection', {exact: true}).check();
		const withSelection = await inspect(await save('PNG'));
		expect(withSelection).toMatchObject({width: plain.width, height: plain.height});
		expect(withSelection.halo).toBeGreaterThan(plain.halo + 30);

		const svg = (await save('SVG')).toString('utf8');
		fs.writeFileSync(path.join(screenshots, 'tree-viewer.svg'), svg);
		expect(svg.match(/ data-node="/g)).toHaveLength(await visibleNodes());
		expect(svg).toMatch(/<polygon points="(\S+ ){9}\S+" [^>]*data-kind="correct"/);
		expect(svg).toMatch(/<polygon points="(\S+ ){3}\S+" [^>]*data-kind="wrong"/);
		const best = /<g class="best-trajectory"[^>]*><path d="([^"]*)"/.exec(svg)!;
		expect(best[1]!.match(/M/g)!.length).toBeGreaterThanOrEqual(3);
	});

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
