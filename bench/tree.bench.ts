// Tree viewer figures on a 5,000-node search: the pure steps (replay, view, layout) in Node, then in headless
// Chromium against `rstar serve`: opening the search until the tree is drawn, one replay step either way, a jump,
// and frame times while panning and zooming. The search is built by the real engine with a scripted policy and
// executor (only the tree's shape matters here, see test/support/scriptedSearch.ts) and stored as `rstar solve` stores one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {layoutTree} from '../src-renderer/lib/treeLayout.js';
import {TreeReplay} from '../src-renderer/lib/TreeReplay.js';
import {buildTreeView, noFilters} from '../src-renderer/lib/treeView.js';
import {launchChromium} from '../test/support/launchChromium.js';
import {startServe} from '../test/support/runCli.js';
import {storeScriptedSearch} from '../test/support/scriptedSearch.js';
import {formatMs, percentile, printTable} from './stats.js';

const question = 'Bench: a wide tree of code steps, answers and errors.';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-tree-bench-'));

// 1. A 5,000-node search, persisted rollout by rollout.
const search = await storeScriptedSearch(path.join(scratch, 'bench.db'), question, 5000);
const {nodes, events, searchId} = search;

// 2. The pure steps the page runs, in Node.
const time = (run: () => void) => {
	const started = performance.now();
	run();
	return performance.now() - started;
};
const replay = new TreeReplay(nodes, events);
const replayMs = time(() => replay.seek(events.length));
let view = buildTreeView(replay, noFilters, new Set());
const viewMs = time(() => view = buildTreeView(replay, noFilters, new Set()));
const layoutMs = time(() => layoutTree(view.children, 0));
const stepMs: number[] = [];
for (let i = 0; i < 200; i++) {
	const at = Math.floor(events.length * ((i * 0.618) % 1));
	stepMs.push(time(() => {
		replay.seek(at);
		replay.seek(at + (i % 2 === 0 ? 1 : -1));
		layoutTree(buildTreeView(replay, noFilters, new Set()).children, 0);
	}));
}
printTable(`Tree viewer, pure steps (${nodes.length} nodes, ${events.length} events, Node)`, [
	['replay of the whole log', formatMs(replayMs)],
	['visible tree (filters, collapse)', formatMs(viewMs)],
	['layout', formatMs(layoutMs)],
	['one replay step anywhere + view + layout, p50 / p95', `${formatMs(percentile(stepMs, 50))} / ${formatMs(percentile(stepMs, 95))}`]
]);

// 3. The page: headless Chromium against rstar serve.
const serve = await startServe(['--db', path.join(scratch, 'bench.db')]);
const browser = await launchChromium();
try {
	const page = await browser.newPage({viewport: {width: 1600, height: 1000}});
	await page.goto(serve.url);
	await page.getByRole('link', {name: 'Search'}).click();
	await page.getByRole('tab', {name: 'Type one'}).click();
	await page.getByLabel('Question').fill(question);
	await page.getByRole('button', {name: 'Use this question'}).click();
	const open = page.getByRole('list', {name: 'Past searches'}).getByRole('button').first();
	await open.waitFor();

	// Open: click → API → replay → view → layout → cytoscape elements → drawn (two frames after the count appears).
	const openMs = await open.evaluate(async (button, expected) => {
		const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
		const started = performance.now();
		(button as HTMLButtonElement).click();
		for (;;) {
			await frame();
			const canvas = document.querySelector('[data-testid=tree-canvas]');
			if (canvas && Number(canvas.getAttribute('data-visible-nodes')) === expected)
				break;
		}
		await frame();
		await frame();
		return performance.now() - started;
	}, nodes.length);

	// Of which reading the search over the API (the same two calls the page makes).
	const fetchMs = await page.evaluate(async id => {
		const call = (method: string) => fetch('api/call', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({method, params: {searchId: id}})}).then(response => response.json());
		const started = performance.now();
		await call('search.events');
		await call('search.get');
		return performance.now() - started;
	}, searchId);

	/** A click on a replay control until the position label changes and two frames have been drawn. */
	const measure = (label: string, times: number) => page.evaluate(async ({label: name, times: count}) => {
		const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
		const button = document.querySelector(`button[aria-label="${name}"]`) as HTMLButtonElement;
		const position = document.querySelector('[data-testid=replay-position]')!;
		const figures: number[] = [];
		for (let i = 0; i < count; i++) {
			const before = position.textContent;
			const started = performance.now();
			button.click();
			while (position.textContent === before)
				await frame();
			await frame();
			await frame();
			figures.push(performance.now() - started);
		}
		return figures;
	}, {label, times});
	// The whole tree in view (every element drawn each frame), then zoomed in on the root as one reads it.
	await page.getByRole('button', {name: 'Whole'}).click();
	const back = await measure('Step back', 40);
	const forward = await measure('Step forward', 40);
	await page.evaluate(() => {
		const cy = (document.querySelector('.tree-canvas') as unknown as {_cyreg: {cy: {zoom(options: {level: number; position: {x: number; y: number}}): void; getElementById(id: string): {position(): {x: number; y: number}}}}})._cyreg.cy;
		cy.zoom({level: 0.6, position: cy.getElementById('0').position()});
	});
	const zoomedBack = await measure('Step back', 40);
	const zoomedForward = await measure('Step forward', 40);

	await page.getByLabel('Rollout to jump to').fill(String(Math.floor(search.completedRollouts / 2)));
	const jumpMs = await page.getByRole('button', {name: 'Jump'}).evaluate(async button => {
		const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
		const position = document.querySelector('[data-testid=replay-position]')!;
		const before = position.textContent;
		const started = performance.now();
		(button as HTMLButtonElement).click();
		while (position.textContent === before)
			await frame();
		await frame();
		await frame();
		return performance.now() - started;
	});

	// Pan and zoom: 120 frames, each moving the view, as a drag or a wheel would.
	const frames = await page.evaluate(async () => {
		const frame = () => new Promise<number>(resolve => requestAnimationFrame(resolve));
		const cy = (document.querySelector('.tree-canvas') as unknown as {_cyreg: {cy: {panBy(p: {x: number; y: number}): void; zoom(level?: number): number; fit(): void}}})._cyreg.cy;
		cy.fit();
		const intervals: number[] = [];
		let last = await frame();
		for (let i = 0; i < 120; i++) {
			if (i < 60)
				cy.panBy({x: 12, y: 4});
			else
				cy.zoom(cy.zoom() * (i < 90 ? 1.04 : 1 / 1.04));
			const now = await frame();
			intervals.push(now - last);
			last = now;
		}
		return intervals;
	});
	// The readable overview: only the steps the search walked.
	await page.getByLabel('hide unvisited').check();
	await page.getByRole('button', {name: 'Fit'}).click();
	const walked = Number(await page.getByTestId('tree-canvas').getAttribute('data-visible-nodes'));
	const mean = frames.reduce((sum, value) => sum + value, 0) / frames.length;

	printTable(`Tree viewer in headless Chromium (software rendering, ${nodes.length} nodes)`, [
		['open a stored search until the tree is drawn (fetch, replay, layout, draw)', formatMs(openMs)],
		['— of which reading it over the API (search.events + search.get)', formatMs(fetchMs)],
		['replay step back / forward, whole tree in view, p50 (p95) (click → label → two frames)', `${formatMs(percentile(back, 50))} (${formatMs(percentile(back, 95))}) / ${formatMs(percentile(forward, 50))} (${formatMs(percentile(forward, 95))})`],
		['replay step back / forward, zoomed in (0.6) on the root, p50 (p95)', `${formatMs(percentile(zoomedBack, 50))} (${formatMs(percentile(zoomedBack, 95))}) / ${formatMs(percentile(zoomedForward, 50))} (${formatMs(percentile(zoomedForward, 95))})`],
		['jump to the middle rollout', formatMs(jumpMs)],
		['steps the search walked ("hide unvisited"), of all', `${walked} of ${nodes.length}`],
		['pan/zoom: mean frame time (fps), p95', `${formatMs(mean)} (${(1000 / mean).toFixed(0)} fps), ${formatMs(percentile(frames, 95))}`]
	]);
} finally {
	await browser.close();
	await serve.stop();
	fs.rmSync(scratch, {recursive: true, force: true});
}
