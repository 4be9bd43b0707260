import fs from 'node:fs';
import path from 'node:path';
import type {Download, Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {callFromPage} from '../support/callFromPage.js';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';
import {Workspace} from '../../src-main/store/Workspace.js';
import {storeScriptedSearch, type ScriptedSearch} from '../support/scriptedSearch.js';
import {useTempDir, writeFile} from '../support/tempDir.js';

const question = 'Tom has 3 apples and buys 4 more. How many apples does he have now?';

/** Pairs in the reference's layout, as a JSONL file would bring them. */
const importedLines = [1, 2, 3, 4].map(i => ({
	prompt: `What is ${i} + ${i}?\n`, pos: `# add them\nx = ${i} + ${i}\n<end_of_step>`, neg: `# multiply them\nx = ${i} * ${i} + 1\n<end_of_step>`,
	pos_count: 1, neg_count: 1
}));

/** Issue 16's Pairs page in browser mode: the queue, the focus view by keyboard, views, bulk actions, export and import, agreement. */
describe('Pairs page (Chromium against rstar serve)', () => {
	const tempDir = useTempDir();
	let workbench: Workbench;
	let page: Page;
	let total = 0;
	let stored: ScriptedSearch;

	const focusedPair = async () => Number(/#(\d+)/.exec((await page.locator('.pairs-focus-bar b').first().textContent())!)![1]);
	const judged = async () => (await page.getByRole('group', {name: /^This view/}).getByTestId('status-counts').textContent())!;
	const overall = async () => (await page.getByRole('group', {name: 'All pairs by status'}).getByTestId('status-counts').textContent())!;
	const rows = () => page.getByTestId('pair-row');

	/** Presses a key in the focus view and waits for the next pair to open (or the view to say none is left). */
	async function decideBy(key: string): Promise<void> {
		const before = await focusedPair();
		await page.keyboard.press(key);
		await expect.poll(async () => await focusedPair() !== before || await page.getByTestId('focus-done').count() > 0, {timeout: 10_000}).toBe(true);
	}

	beforeAll(async () => {
		workbench = await openWorkbench({width: 1280, height: 800});
		page = workbench.page;
		const dbFile = path.join(workbench.workspaceDir, 'w.db');
		stored = await storeScriptedSearch(dbFile, question, 80);
		// PPM scores on the steps (the scripted search ran without a PPM), so pairs carry a suggestion: 0, 0.1, …, 0.6 by id.
		const workspace = Workspace.open(dbFile);
		workspace.db.prepare('UPDATE search_nodes SET ppm = (id % 7) / 10.0 WHERE search_id = ?').run(stored.searchId);
		workspace.close();
		await page.goto(workbench.serve.url);
		// Hand pairs between siblings, the higher Q chosen: the best child of each parent against up to three others.
		const q = (id: number) => {
			const node = stored.nodes[id]!;
			return node.visits === 0 ? 0 : node.valueSum / node.visits;
		};
		const byParent = new Map<number, number[]>();
		for (const node of stored.nodes)
			if (node.parentId !== null)
				byParent.set(node.parentId, [...byParent.get(node.parentId) ?? [], node.id]);
		const pairs: [number, number][] = [];
		for (const siblings of byParent.values()) {
			const [best, ...rest] = [...siblings].sort((a, b) => q(b) - q(a) || a - b);
			for (const other of rest.slice(0, 3))
				pairs.push([best!, other]);
		}
		expect(pairs.length).toBeGreaterThanOrEqual(12);
		for (const [chosenId, rejectedId] of pairs.slice(0, 12)) {
			const made = await callFromPage(page, 'pair.create', {searchId: stored.searchId, chosenId, rejectedId, author: 'Seeder'});
			expect(made.ok).toBe(true);
		}
		const imported = await callFromPage<{imported: number}>(page, 'pair.import', {
			fileName: 'seed.jsonl', content: importedLines.map(line => JSON.stringify(line)).join('\n'), author: 'Seeder'
		});
		expect(imported.result.imported).toBe(importedLines.length);
		total = 12 + importedLines.length;
		// A hand pair is accepted by its author: reset them, so the queue starts with every pair pending.
		const reset = await callFromPage<{changed: number}>(page, 'pair.bulk', {source: 'hand', verdict: 'pending', labeller: 'Seeder'});
		expect(reset.result.changed).toBe(12);
	}, 180_000);

	afterAll(() => workbench?.close());

	it('shows the queue with its counts by status, overall and for the view', async () => {
		await page.getByRole('link', {name: 'Pairs'}).click();
		await expect.poll(() => rows().count()).toBe(total);
		await expect.poll(overall).toBe(`0 of ${total} judged`);
		expect(await page.getByRole('tab', {name: 'Queue'}).getAttribute('aria-selected')).toBe('true');
		expect(await page.getByRole('tab').allTextContents()).toEqual(['Queue', 'Agreement', 'Step labels', 'Guidelines']);
		for (const [width, height] of [[1280, 800], [1024, 700]] as const) {
			await page.setViewportSize({width, height});
			await page.screenshot({path: path.join(screenshots, `pairs-queue-${width}x${height}.png`)});
		}
		await page.setViewportSize({width: 1280, height: 800});
	});

	it('asks for the labeller\'s name, then labels ten pairs by keyboard alone', {timeout: 90_000}, async () => {
		await page.getByRole('button', {name: /^Label next/}).click();
		await expect.poll(() => page.getByTestId('pair-focus').count()).toBe(1);
		// No name in the settings yet: the focus view asks for it inline and keeps the actions off.
		await page.getByLabel('Your name').fill('Ann');
		await page.getByRole('button', {name: 'Save name'}).click();
		await expect.poll(() => page.getByRole('button', {name: /^Accept/}).isEnabled()).toBe(true);
		await page.getByTestId('pair-focus').focus();
		expect(await page.getByTestId('chosen-diff').count()).toBe(1);
		expect(await page.getByTestId('pair-status').textContent()).toBe('pending');

		await decideBy('a');
		await decideBy('r');
		await decideBy('s');
		// e: both steps become text areas; the edit is saved by Ctrl+Enter as verdict `edited`.
		await page.keyboard.press('e');
		const editor = page.getByLabel('Edit the chosen step');
		await expect.poll(() => editor.evaluate(element => element === document.activeElement)).toBe(true);
		await page.keyboard.press('End');
		await page.keyboard.type(' # checked');
		// The letters typed (e, c, k) take no decision while the text area has the focus.
		const editedPair = await focusedPair();
		await decideBy('Control+Enter');
		const bothBadPair = await focusedPair();
		await decideBy('b');
		// u takes the decision back and shows that pair again, pending.
		await page.keyboard.press('u');
		await expect.poll(focusedPair).toBe(bothBadPair);
		await expect.poll(() => page.getByTestId('pair-status').textContent()).toBe('pending');
		await decideBy('b');
		await decideBy('g');
		await decideBy('k');
		await decideBy(' ');
		const notedPair = await focusedPair();
		await decideBy('a');
		await decideBy('Control+z');
		await expect.poll(focusedPair).toBe(notedPair);
		// n: a note, sent with the next decision.
		await page.keyboard.press('n');
		await expect.poll(() => page.getByLabel('Note').evaluate(element => element === document.activeElement)).toBe(true);
		await page.keyboard.type('clear case');
		await page.keyboard.press('Enter');
		await decideBy('a');
		await decideBy('a');
		await expect.poll(() => page.getByTestId('pending-count').textContent()).toBe(`${total - 10} pending in this view`);

		const noted = await callFromPage<{decisions: {verdict: string; note: string; labeller: string; msSpent: number}[]}>(page, 'pair.get', {pairId: notedPair});
		expect(noted.result.decisions.at(-1)).toMatchObject({verdict: 'accepted', note: 'clear case', labeller: 'Ann'});
		expect(noted.result.decisions.at(-1)!.msSpent).toBeGreaterThan(0);

		// The history of a decided pair: the edit, by Ann.
		await page.goto(`${workbench.serve.url}#/pairs?pair=${editedPair}`);
		await expect.poll(() => page.getByTestId('decision').first().textContent()).toMatch(/^edited by Ann/);
		expect(await page.getByTestId('chosen-step').textContent()).toContain('# checked');

		for (const [width, height] of [[1280, 800], [1024, 700]] as const) {
			await page.setViewportSize({width, height});
			await page.screenshot({path: path.join(screenshots, `pairs-focus-${width}x${height}.png`)});
		}
		await page.setViewportSize({width: 1280, height: 800});

		// A node of a step's subtree opens on the Search page, selected.
		await page.getByTestId('chosen-step').locator('.pairs-subtree-node').first().click();
		await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/search\?id=\d+&node=\d+$/);
		const linkedNode = /node=(\d+)/.exec(await page.evaluate(() => location.hash))![1];
		await expect.poll(() => page.getByTestId('node-panel').locator('h2').textContent()).toBe(`Step #${linkedNode}`);
		await page.goBack();
		await expect.poll(() => page.getByTestId('pair-focus').count()).toBe(1);

		// ?: the keys' help; Esc closes it, Esc again goes back to the queue with the new counts.
		await page.getByTestId('pair-focus').focus();
		await page.keyboard.press('?');
		await expect.poll(() => page.getByRole('dialog', {name: 'Keys of the focus view'}).count()).toBe(1);
		await page.keyboard.press('Escape');
		await expect.poll(() => page.getByRole('dialog', {name: 'Keys of the focus view'}).count()).toBe(0);
		await page.keyboard.press('Escape');
		await expect.poll(overall).toMatch(new RegExp(`^10 of ${total} judged · accepted 3 · rejected 1 · edited 1 · swapped 1 · both-good 1 · both-bad 1 · skipped 2$`));
	});

	it('shows the PPM\'s suggestion, hides it (remembered), and records which was on screen', async () => {
		type Decided = {decisions: {suggestion: {prefers: string} | null}[]};
		const first = await callFromPage<Decided>(page, 'pair.get', {pairId: 1});
		expect(first.result.decisions.at(-1)!.suggestion).not.toBeNull();

		await rows().first().click();
		await expect.poll(() => page.getByTestId('suggestion').count()).toBe(1);
		expect(await page.getByTestId('suggestion').textContent()).toMatch(/^PPM suggestion: chosen \d\.\d\d · rejected \d\.\d\d$/);
		await page.getByLabel('hide suggestion').check();
		expect(await page.getByTestId('suggestion').count()).toBe(0);
		await page.reload();
		await expect.poll(() => page.getByLabel('hide suggestion').isChecked()).toBe(true);
		expect(await page.getByTestId('suggestion').count()).toBe(0);
		// Pair 1 is decided already: a new verdict leaves the number pending alone.
		await page.getByTestId('pair-focus').focus();
		await decideBy('g');
		const hidden = await callFromPage<Decided>(page, 'pair.get', {pairId: 1});
		expect(hidden.result.decisions.at(-1)!.suggestion).toBeNull();
		await page.getByLabel('hide suggestion').uncheck();
		await expect.poll(() => page.getByTestId('suggestion').count()).toBe(1);
		await page.getByRole('button', {name: /Queue/}).click();
	});

	it('filters, sorts, saves a view and opens it again', async () => {
		const filters = page.getByRole('group', {name: 'Queue filters'});
		await filters.getByLabel('status').selectOption('pending');
		await expect.poll(() => rows().count()).toBe(total - 10);
		await page.getByRole('columnheader', {name: 'margin'}).click();
		await page.getByRole('columnheader', {name: /^margin/}).click();
		await expect.poll(() => page.getByRole('columnheader', {name: /^margin/}).getAttribute('aria-sort')).toBe('descending');
		await page.getByLabel('View name').fill('pending by margin');
		await page.getByRole('button', {name: 'Save view'}).click();
		await expect.poll(() => page.getByLabel('Open a saved view').locator('option', {hasText: 'pending by margin'}).count()).toBe(1);

		await filters.getByRole('button', {name: 'Clear filters'}).click();
		await page.getByRole('columnheader', {name: /^#/}).click();
		await expect.poll(() => rows().count()).toBe(total);
		await page.getByLabel('Open a saved view').selectOption({label: 'pending by margin'});
		await expect.poll(() => rows().count()).toBe(total - 10);
		expect(await filters.getByLabel('status').inputValue()).toBe('pending');
		expect(await page.getByRole('columnheader', {name: /^margin/}).getAttribute('aria-sort')).toBe('descending');
		// The view is in the address: a reload opens it again.
		expect(await page.evaluate(() => location.hash)).toBe('#/pairs?status=pending&sort=margin&direction=desc');
		await page.reload();
		await expect.poll(() => rows().count()).toBe(total - 10);
		expect(await filters.getByLabel('status').inputValue()).toBe('pending');
		await filters.getByRole('button', {name: 'Clear filters'}).click();
	});

	it('accepts every pair with a margin of at least 0.1 in one go, after saying how many', async () => {
		const filters = page.getByRole('group', {name: 'Queue filters'});
		await filters.getByRole('spinbutton', {name: 'margin ≥'}).fill('0.1');
		await expect.poll(() => rows().count()).toBeLessThan(total);
		const matched = await rows().count();
		expect(matched).toBeGreaterThan(0);
		await page.getByRole('button', {name: 'Accept all'}).click();
		await expect.poll(() => page.getByRole('alertdialog', {name: 'Confirm bulk action'}).textContent()).toContain(`Accept all: ${matched} pair`);
		await page.getByRole('button', {name: 'Confirm'}).click();
		await expect.poll(() => page.getByRole('group', {name: 'Bulk actions'}).getByRole('status').textContent()).toBe(`Accept all: ${matched} pair${matched === 1 ? '' : 's'} changed.`);
		await expect.poll(judged).toMatch(new RegExp(`^${matched} of ${matched} judged · accepted ${matched}$`));
		await filters.getByRole('button', {name: 'Clear filters'}).click();
		await expect.poll(() => rows().count()).toBe(total);
	});

	it('exports in both layouts with a manifest, and a re-import reports the duplicates', async () => {
		const downloads: Download[] = [];
		page.on('download', download => downloads.push(download));
		const exportAs = async (layout: string) => {
			downloads.length = 0;
			await page.getByLabel('Export layout').selectOption(layout);
			await page.getByRole('button', {name: 'Export', exact: true}).click();
			await expect.poll(() => downloads.length).toBe(2);
			const [data, manifest] = downloads;
			expect(manifest!.suggestedFilename()).toBe(`${data!.suggestedFilename().replace(/\.jsonl$/, '')}.manifest.json`);
			const lines = fs.readFileSync((await data!.path())!, 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
			const facts = JSON.parse(fs.readFileSync((await manifest!.path())!, 'utf8')) as {rows: number; layout: string};
			expect(facts.rows).toBe(lines.length);
			expect(facts.layout).toBe(layout);
			return {name: data!.suggestedFilename(), lines};
		};
		// Curated: pending, accepted, edited and swapped; never rejected, both good or bad, or skipped.
		const {result: {overall: counts}} = await callFromPage<{overall: Record<string, number>}>(page, 'pair.queue', {});
		const reference = await exportAs('reference');
		expect(reference.lines.length).toBe(counts.pending! + counts.accepted! + counts.edited! + counts.swapped!);
		expect(Object.keys(reference.lines[0]!).sort()).toEqual(['neg', 'neg_count', 'pos', 'pos_count', 'prompt']);
		const trl = await exportAs('trl');
		expect(trl.lines.length).toBe(reference.lines.length);
		expect(Object.keys(trl.lines[0]!).sort()).toEqual(['chosen', 'prompt', 'rejected']);

		await page.getByTestId('pair-import-file').setInputFiles(writeFile(tempDir(), reference.name, reference.lines.map(line => JSON.stringify(line)).join('\n')));
		await expect.poll(() => page.getByTestId('import-report').textContent()).toMatch(/^Imported \d+, \d+ duplicates, 0 refused$/);
		const [imported, duplicates] = (await page.getByTestId('import-report').textContent())!.match(/\d+/g)!.map(Number);
		// Every row comes back as a duplicate (a pair keeps its prompt and texts) but those the curation changed: a swap
		// trades the sides, an edit the text.
		expect(imported).toBe(counts.swapped! + counts.edited!);
		expect(imported! + duplicates!).toBe(reference.lines.length);
		await expect.poll(() => rows().count()).toBe(total + imported!);
	});

	it('runs an agreement sample blind for one labeller and reports it', async () => {
		await page.getByRole('tab', {name: 'Agreement'}).click();
		const form = page.getByRole('form', {name: 'New agreement sample'});
		await form.getByLabel('name', {exact: true}).fill('check');
		await form.getByLabel('size', {exact: true}).fill('3');
		await form.getByLabel('labellers (comma separated)', {exact: true}).fill('Bo');
		await form.getByRole('button', {name: 'Draw sample'}).click();
		const sample = page.getByTestId('agreement-sample');
		await expect.poll(() => sample.textContent()).toContain('0 of 3 labelled');
		await sample.getByRole('button', {name: 'Label blind as Bo'}).click();
		await expect.poll(() => page.getByTestId('pending-count').textContent()).toBe('3 left for Bo in this sample');
		// Blind: neither the suggestion nor the history nor the pair's status.
		expect(await page.getByLabel('hide suggestion').count()).toBe(0);
		expect(await page.getByRole('region', {name: 'Decision history'}).count()).toBe(0);
		expect(await page.getByTestId('pair-status').count()).toBe(0);
		await decideBy('a');
		await decideBy('a');
		await decideBy('r');
		await expect.poll(() => page.getByTestId('focus-done').textContent()).toContain('Every item of this sample is labelled');
		await page.keyboard.press('Escape');
		await expect.poll(() => sample.textContent()).toContain('3 of 3 labelled');
		await sample.getByRole('button', {name: 'Report'}).click();
		const report = page.getByRole('region', {name: 'Agreement report'});
		await expect.poll(() => report.getByTestId('agreement-row').last().locator('th').textContent()).toBe('overall');
		await page.screenshot({path: path.join(screenshots, 'pairs-agreement-1280x800.png')});
		// Blind decisions leave the queue's counts alone.
		expect(workbench.pageErrors).toEqual([]);
	});

	it('draws each step\'s subtree, its nodes marked as in the tree viewer, and opens step labels on its trajectory', async () => {
		// The two most visited children of one parent: both have a subtree below them.
		const [chosen, rejected] = stored.nodes.filter(node => node.parentId === 0).sort((a, b) => b.visits - a.visits);
		const made = await callFromPage<{id: number}>(page, 'pair.create', {searchId: stored.searchId, chosenId: chosen!.id, rejectedId: rejected!.id, author: 'Ann'});
		await page.goto(`${workbench.serve.url}#/pairs?pair=${made.result.id}`);
		await expect.poll(focusedPair).toBe(made.result.id);
		for (const [side, step] of [['chosen', chosen!], ['rejected', rejected!]] as const) {
			const below = new Set([step.id]);
			for (const node of stored.nodes)
				if (node.parentId !== null && below.has(node.parentId))
					below.add(node.id);
			await expect.poll(() => page.getByTestId(`${side}-step`).getByRole('img').getAttribute('aria-label')).toBe(`Subtree of ${below.size} nodes`);
			expect(await page.getByTestId(`${side}-step`).locator('.pairs-subtree-node').count()).toBe(below.size);
		}
		await page.screenshot({path: path.join(screenshots, 'pairs-focus-subtree-1280x800.png')});

		// From a step of the pair to step labels on its trajectory: the root's child, so one step to rate.
		await page.getByTestId('chosen-step').getByRole('link', {name: 'Label steps'}).click();
		await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/pairs?tab=labels&search=${stored.searchId}&leaf=${chosen!.id}`);
		await expect.poll(() => page.locator('[data-step-index]').count()).toBe(1);
		expect(workbench.pageErrors).toEqual([]);
	});
});
