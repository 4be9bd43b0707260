import path from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {SearchOutcome} from '../../src-main/contract/search.js';
import {callFromPage} from '../support/callFromPage.js';
import {openStepWithSibling} from '../support/openStepWithSibling.js';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';

const question = 'Tom has 3 apples and buys 4 more. How many apples does he have now?';

/**
 * The Search page's form, a finished search's outcome, the comparison of two searches and the pairs of a search, in
 * browser mode: real searches on the shipped tiny models (node-llama-cpp, onnxruntime), the real sandbox and SQLite.
 */
describe('Search form, outcome, comparison and pairs (Chromium against rstar serve)', () => {
	let workbench: Workbench;
	let page: Page;
	let firstId: number;
	/** A contract call from the page, with the page's own cookie. */
	const call = <T>(method: string, params: unknown) => callFromPage<T>(page, method, params);
	const value = (label: string) => page.getByLabel(label, {exact: true}).inputValue();
	const status = () => page.getByTestId('search-status').textContent();
	const alerts = () => page.getByRole('alert').allTextContents();
	const useQuestion = async (text: string) => {
		await page.getByRole('tab', {name: 'Type one'}).click();
		await page.getByLabel('Question').fill(text);
		await page.getByLabel('Answer', {exact: true}).fill('7');
		await page.getByRole('button', {name: 'Use this question'}).click();
	};
	const fill = async (values: readonly (readonly [string, string])[]) => {
		for (const [label, text] of values)
			await page.getByLabel(label, {exact: true}).fill(text);
	};
	const openedId = async () => Number(/^#(\d+)/.exec((await status())!)![1]);

	beforeAll(async () => {
		workbench = await openWorkbench({width: 1600, height: 1000});
		page = workbench.page;
		await page.goto(workbench.serve.url);
		await page.getByRole('link', {name: 'Search'}).click();
	}, 120_000);

	afterAll(() => workbench?.close());

	it('fills every setting from a preset, and offers the shipped models by name', async () => {
		await page.getByLabel('preset').selectOption('rstar-eval-beam');
		expect(await value('mode')).toBe('beam');
		expect(await value('beam width (B1)')).toBe('8');
		expect(await value('candidates per step (B2)')).toBe('8');
		expect(await value('answer selection')).toBe('best-ppm');
		expect(await value('code errors in a row')).toBe('1');
		await page.getByLabel('preset').selectOption('rstar-bootstrap');
		for (const [label, expected] of [['mode', 'mcts'], ['rollouts', '48'], ['candidates', '12'], ['temperature', '0.7'], ['code errors in a row', '2'],
			['prompt format', 'few-shot'], ['answer selection', 'majority-vote'], ['tokens per step', '2048'], ['top-p', '1']] as const)
			expect(await value(label), label).toBe(expected);

		const shipped = (await call<{shippedModels: {policyPath: string; ppmPath: string}}>('app.info', {})).result.shippedModels;
		expect(await value('Policy')).toBe('shipped');
		await expect.poll(() => page.locator('.model-path').first().textContent()).toBe(shipped.policyPath);
		expect(await value('PPM')).toBe('none');
		await page.getByLabel('PPM', {exact: true}).selectOption('shipped');
		await expect.poll(() => page.locator('.model-path').nth(1).textContent()).toBe(shipped.ppmPath);
		await page.getByLabel('PPM', {exact: true}).selectOption('path');
		expect(await page.getByLabel('PPM path').count()).toBe(1);
		await page.getByLabel('PPM', {exact: true}).selectOption('none');
	});

	it('names an invalid setting under its field and does not run', async () => {
		await useQuestion(question);
		await page.getByLabel('preset').selectOption('');
		await fill([['rollouts', '0']]);
		await expect.poll(alerts).toEqual(['rollouts: Too small: expected number to be >=1']);
		expect(await page.getByRole('button', {name: 'Run search'}).isDisabled()).toBe(true);
		await fill([['rollouts', '3'], ['top-p', '1.5']]);
		await expect.poll(alerts).toEqual(['topP: Too big: expected number to be <=1']);
		await fill([['top-p', '1']]);
		await expect.poll(alerts).toEqual([]);
		expect(await page.getByRole('button', {name: 'Run search'}).isDisabled()).toBe(false);
	});

	it('refuses a question over the policy\'s context, with both token counts, under the question', async () => {
		// 50,000 characters: the shipped policy's vocabulary is characters, its context 4,096 tokens in the app.
		await useQuestion(`${'Tom has 3 apples and buys 4 more. '.repeat(1470)}How many apples does he have now?`);
		await page.getByRole('button', {name: 'Run search'}).click();
		await expect.poll(alerts, {timeout: 60_000}).toEqual([expect.stringMatching(/^question: its prompt takes 50,\d{3} tokens, and the policy's context holds 4,096 \(question and steps together\) — shorten the question$/)]);
		await page.screenshot({path: path.join(screenshots, 'search-form-over-context.png')});
	}, 90_000);

	it('runs a search and shows its outcome: the vote split, nodes by kind, right, wrong and pruned, tokens, time', async () => {
		await useQuestion(question);
		await fill([['rollouts', '3'], ['candidates', '3'], ['max depth', '4'], ['temperature', '1'], ['seed', '3']]);
		await page.getByRole('button', {name: 'Run search'}).click();
		await expect.poll(status, {timeout: 120_000}).toMatch(/· done · [1-3]\/3 rollouts/);
		firstId = await openedId();
		const {result: outcome} = await call<SearchOutcome>('search.outcome', {searchId: firstId});
		const view = page.getByTestId('search-outcome');
		await expect.poll(() => view.count()).toBe(1);
		const votes = await view.getByTestId('outcome-votes').locator('li').allTextContents();
		expect(votes).toHaveLength(outcome.votes.length);
		outcome.votes.forEach((vote, i) => expect(votes[i]).toContain(`${vote.answer} · ${vote.count} (`));
		const counts = await view.getByTestId('outcome-counts').textContent();
		expect(counts).toContain(`correct answers${outcome.counts.correct}`);
		expect(counts).toContain(`wrong answers${outcome.counts.wrong}`);
		expect(counts).toContain(`pruned${outcome.counts.pruned}`);
		expect(await view.getByTestId('outcome-nodes').textContent()).toContain(`nodes${outcome.nodes.total}open${outcome.nodes.open}`);
		expect(await view.getByTestId('outcome-time').textContent()).toMatch(/^tokens generated[\d,]+sampling steps[\d.]+ srunning code, judging[\d.]+ sPPM scoring0 stotal[\d.]+ s$/);
		expect(outcome.generatedTokens).toBeGreaterThan(0);
		await page.waitForTimeout(300);
		for (const [width, height] of [[1024, 700], [1280, 800], [1920, 1080]] as const) {
			await page.setViewportSize({width, height});
			await page.waitForTimeout(300);
			await page.screenshot({path: path.join(screenshots, `search-form-outcome-${width}x${height}.png`)});
		}
		await page.setViewportSize({width: 1600, height: 1000});
	}, 150_000);

	it('jumps the replay to rollout k and shows rollout k', async () => {
		await page.getByLabel('Rollout to jump to').fill('1');
		await page.getByRole('button', {name: 'Jump'}).click();
		await expect.poll(() => page.getByTestId('replay-position').textContent()).toMatch(/· rollout 1 · \w+$/);
	});

	it('stops a search: the button says Stopping… until the search reports it stopped', async () => {
		await fill([['rollouts', '400'], ['candidates', '4'], ['max depth', '8'], ['seed', '9']]);
		await page.getByRole('button', {name: 'Run search'}).click();
		await expect.poll(status, {timeout: 60_000}).toMatch(/· running · [1-9]\d*\/400 rollouts/);
		await page.getByRole('button', {name: 'Stop'}).click();
		expect(await page.getByRole('button', {name: 'Stopping…'}).isDisabled()).toBe(true);
		expect(await page.getByRole('status').filter({hasText: 'stopping… the search ends after the step in flight'}).count()).toBe(1);
		const asked = Date.now();
		await expect.poll(status, {timeout: 30_000}).toMatch(/· stopped · \d+\/400 rollouts/);
		// One step of the tiny model takes well under a second; the search ends at its next step.
		expect(Date.now() - asked).toBeLessThan(15_000);
		await expect.poll(() => page.getByRole('button', {name: 'Run search'}).count()).toBe(1);
		expect(await page.getByRole('status').filter({hasText: 'stopping…'}).count()).toBe(0);
	}, 120_000);

	it('loads a past search\'s settings into the form', async () => {
		expect(await value('rollouts')).toBe('400');
		await page.getByRole('button', {name: `Load the settings of search #${firstId}`}).click();
		await expect.poll(() => value('rollouts')).toBe('3');
		expect(await value('candidates')).toBe('3');
		expect(await value('max depth')).toBe('4');
		expect(await value('seed')).toBe('3');
	});

	it('compares two searches: the settings that differ, and the outcomes side by side', async () => {
		const table = page.getByTestId('search-compare');
		await page.getByLabel('Search to compare with').selectOption(String(firstId));
		await expect.poll(() => table.count()).toBe(1);
		const rows = await table.locator('tbody tr').allTextContents();
		const stoppedId = await openedId();
		expect(await table.locator('thead').textContent()).toBe(`#${stoppedId}#${firstId}`);
		expect(rows).toContain('settings (4 differ)');
		for (const row of ['rollouts4003', 'candidates43', 'maxDepth84', 'seed93', 'statusstoppeddone'])
			expect(rows).toContain(row);
		expect(rows.some(row => /^nodes\d+\d+$/.test(row))).toBe(true);
		await page.screenshot({path: path.join(screenshots, 'search-compare.png')});
	});

	it('makes a pair: the author stays across steps, the same pair twice is refused, and the pair is listed and undone', async () => {
		await page.getByRole('button', {name: new RegExp(`^#${firstId} `)}).click();
		await expect.poll(status).toMatch(new RegExp(`^#${firstId} · done`));
		const panel = page.getByTestId('node-panel');
		const step = await openStepWithSibling(page);
		await page.getByLabel('Pair author').fill('Grace Hopper');
		await page.getByRole('button', {name: `Prefer ${step}`, exact: true}).click();
		await expect.poll(() => page.getByRole('status').filter({hasText: /^Pair #\d+ stored/}).count()).toBe(1);
		const entries = page.getByTestId('pair-entry');
		await expect.poll(() => entries.count()).toBe(1);
		expect(await entries.first().textContent()).toMatch(new RegExp(`step ${step} \\(Q -?[\\d.]+\\) ≻ #\\d+ .* by Grace Hopper`));

		// Another step, then back: the author is kept.
		await page.getByRole('region', {name: 'Trajectory tree'}).focus();
		await page.keyboard.press('ArrowUp');
		await expect.poll(() => panel.locator('h2').textContent()).not.toBe(`Step ${step}`);
		await entries.first().getByRole('button', {name: new RegExp(`step ${step}`)}).click();
		await expect.poll(() => panel.locator('h2').textContent()).toBe(`Step ${step}`);
		expect(await page.getByLabel('Pair author').inputValue()).toBe('Grace Hopper');

		// The same preference again is refused, naming the pair that holds it.
		await page.getByRole('button', {name: `Prefer ${step}`, exact: true}).click();
		await expect.poll(alerts).toEqual([expect.stringMatching(new RegExp(`^pair #\\d+ already prefers step ${step} to #\\d+ \\(by Grace Hopper\\): undo it to store it again with another note$`))]);
		expect(await entries.count()).toBe(1);
		await page.screenshot({path: path.join(screenshots, 'search-pairs.png')});

		await page.getByRole('button', {name: /^Undo pair #\d+$/}).click();
		await expect.poll(() => entries.count()).toBe(0);
		expect((await call<unknown[]>('pair.list', {searchId: firstId})).result).toEqual([]);
	}, 60_000);

	it('labels a beam search by depth: its progress, the replay\'s jump, and the beam events', async () => {
		await page.getByLabel('preset').selectOption('rstar-eval-beam');
		await page.getByLabel('PPM', {exact: true}).selectOption('shipped');
		await fill([['beam width (B1)', '2'], ['candidates per step (B2)', '2'], ['max depth', '4'], ['tokens per step', '128']]);
		await page.getByRole('button', {name: 'Run search'}).click();
		await expect.poll(status, {timeout: 120_000}).toMatch(/· done · depth [1-4]\/4$/);
		await page.getByLabel('Depth to jump to').fill('0');
		await page.getByRole('button', {name: 'Jump'}).click();
		await expect.poll(() => page.getByTestId('replay-position').textContent()).toMatch(/· depth 0 · \w+$/);
		for (let steps = 0; steps < 200 && !/^beam /.test(await page.getByTestId('event-card').textContent() ?? ''); steps++)
			await page.getByRole('button', {name: 'Step forward'}).click();
		expect(await page.getByTestId('event-card').textContent()).toMatch(/^beam (kept (#\d+(, #\d+)*|none) of \d+ steps? ranked by PPM|no open step left to rank: the search ends)$/);
		await expect.poll(() => page.getByRole('list', {name: 'Past searches'}).textContent()).toMatch(/rstar-eval-beam · seed \d+ · depth [1-4]\/4 · \d+ nodesdone/);
	}, 150_000);

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
