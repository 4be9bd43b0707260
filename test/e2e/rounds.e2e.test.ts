import path from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';

const sizes = [{width: 1024, height: 700}, {width: 1440, height: 900}] as const;

/**
 * The Rounds page in browser mode: a real round on the tiny defaults (the embedded policy, the real sandbox, trainer
 * and SQLite) — four Level 2 problems, a few training steps, a small evaluation — created, run and watched from the page.
 */
describe('Rounds page (Chromium against rstar serve)', () => {
	let workbench: Workbench;
	let page: Page;

	const stage = (name: string) => page.getByTestId(`stage-${name}`);
	const stageStatus = (name: string) => stage(name).getByTestId('stage-status').textContent();
	const shoot = async (name: string) => {
		for (const size of sizes) {
			await page.setViewportSize(size);
			await page.waitForTimeout(300);
			await page.screenshot({path: path.join(screenshots, `rounds-${name}-${size.width}x${size.height}.png`)});
		}
	};

	beforeAll(async () => {
		workbench = await openWorkbench({width: 1440, height: 900});
		({page} = workbench);
	}, 120_000);

	afterAll(() => workbench?.close());

	it('creates round 1 from the form: pool, preset settings, training and evaluation', async () => {
		await page.goto(`${workbench.serve.url}#/rounds`);
		const form = page.getByRole('form', {name: 'New round'});
		await form.getByLabel('evolution', {exact: true}).fill('e2e');
		await expect.poll(() => form.getByLabel('pool dataset').inputValue()).not.toBe('');
		await form.getByLabel('pool dataset').selectOption({label: 'tiny-curriculum-train (588)'});
		await form.getByRole('group', {name: 'Levels'}).getByLabel('Level 2').check();
		await form.getByLabel('per level', {exact: true}).fill('4');
		// The schedule's round 1: the bootstrap preset, terminal-guided, no PPM.
		await expect.poll(() => form.getByLabel('preset', {exact: true}).inputValue()).toBe('rstar-bootstrap');
		await form.getByLabel('prompt format').selectOption('rstar-sft');
		for (const [label, value] of [['rollouts', '4'], ['candidates', '3'], ['temperature', '1.3'], ['seed', '1'], ['problems at once', '1'],
			['pairs: min edit distance', '1'], ['policy steps', '40'], ['policy learning rate', '0.0001'], ['policy threads', '2'], ['policy held-out share', '0.5'], ['PPM steps', '8'], ['PPM threads', '2'],
			['eval per level', '1'], ['eval N values', '1,2'], ['eval resamples', '20'], ['eval beam width', '2'], ['eval beam candidates', '2']] as const)
			await form.getByLabel(label, {exact: true}).fill(value);
		await form.getByLabel('reproducible', {exact: true}).check();
		await form.getByLabel('evaluation datasets').selectOption({label: 'tiny-curriculum-heldout'});
		await expect.poll(() => form.getByTestId('preview-number').textContent()).toBe('1');
		expect(await form.getByTestId('preview-error').count()).toBe(0);
		await shoot('form');
		await page.setViewportSize({width: 1440, height: 900});
		await form.getByRole('button', {name: 'Create round 1'}).click();

		const detail = page.getByRole('article', {name: 'e2e round 1'});
		await expect.poll(() => detail.getByTestId('round-status').textContent()).toBe('created');
		const settings = detail.getByRole('region', {name: 'Settings'});
		expect(await settings.textContent()).toMatch(/tiny-curriculum-train · Level 2 · at most 4 per level/);
		expect(await settings.textContent()).toMatch(/4 rollouts × 3 candidates/);
		for (const name of ['search', 'extract', 'train-policy', 'train-ppm', 'evaluate'])
			expect(await stageStatus(name)).toBe('pending');
	});

	it('runs it: the search progresses live, pauses and resumes, and fills the problem table', async () => {
		await page.getByRole('button', {name: 'Run', exact: true}).click();
		await expect.poll(() => stageStatus('search'), {timeout: 30_000}).toBe('running');
		await stage('search').getByRole('button', {name: 'Pause'}).click();
		await expect.poll(() => stageStatus('search')).toBe('paused');
		await stage('search').getByRole('button', {name: 'Resume'}).click();
		await expect.poll(() => stageStatus('search')).toBe('running');
		// Cancelled, the stage says what it kept and what to do; Run again goes on from there.
		await stage('search').getByRole('button', {name: 'Cancel'}).click();
		// The search in flight ends after its current step: until then the stage says it is stopping.
		await expect.poll(async () => await stage('search').getByTestId('stage-stopping').isVisible() || await stageStatus('search') === 'stopped').toBe(true);
		await expect.poll(() => stageStatus('search'), {timeout: 60_000}).toBe('stopped');
		expect(await stage('search').getByTestId('stage-stopping').count()).toBe(0);
		expect(await stage('search').getByRole('alert').textContent()).toMatch(/stopped by the user.*Run goes on from where it stopped.*searches done are kept/);
		await page.getByRole('button', {name: 'Run again'}).click();
		await expect.poll(() => stageStatus('search'), {timeout: 30_000}).toBe('running');

		const table = page.getByRole('table', {name: 'Pool problems'});
		await expect.poll(() => table.getByTestId('round-problem').count()).toBe(4);
		const progress = stage('search').getByRole('progressbar');
		await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), {timeout: 120_000}).toBeGreaterThanOrEqual(1);
		expect(await progress.getAttribute('aria-valuemax')).toBe('4');
		await expect.poll(() => page.getByTestId('search-counts').textContent()).toMatch(/^[1-4] of 4 done/);
		await shoot('search');
	}, 180_000);

	it('extracts, trains with a live loss chart, evaluates, and records the tables', async () => {
		await expect.poll(() => stageStatus('extract'), {timeout: 180_000}).toBe('done');
		expect(await page.getByTestId('extraction-counts').textContent()).toMatch(/^\d+ SFT rows\d+ PPM pairs\(\d+ mined, 0 made by hand\)from 4 searches/);
		// The extraction's mined pairs are in the curation queue, pending.
		const mined = Number(/\((\d+) mined/.exec((await page.getByTestId('extraction-counts').textContent())!)![1]);
		await expect.poll(() => page.getByTestId('stage-curate').textContent()).toMatch(new RegExp(`^curate${mined} pairs? in the queue`));

		await expect.poll(() => stageStatus('train-policy'), {timeout: 120_000}).toMatch(/running|done/);
		await expect.poll(() => page.getByRole('figure', {name: 'Policy loss curve'}).count(), {timeout: 120_000}).toBe(1);
		// The trainer reports at most once a second, and its last step always; the held-out loss at its evaluations.
		await expect.poll(() => stageStatus('train-policy'), {timeout: 120_000}).toBe('done');
		await expect.poll(() => page.getByTestId('policy-training-figures').textContent()).toMatch(/train loss \d.*held-out loss \d.*tokens\/s\d+ steps recorded/);

		await expect.poll(() => page.getByRole('article', {name: 'e2e round 1'}).getByTestId('round-status').textContent(), {timeout: 240_000}).toBe('done');
		for (const name of ['search', 'extract', 'train-policy', 'train-ppm', 'evaluate'])
			expect(await stageStatus(name)).toBe('done');
		await expect.poll(() => page.getByTestId('evaluation-figures').getByRole('table', {name: 'Accuracy on tiny-curriculum-heldout'}).count()).toBe(1);
		expect(await page.getByTestId('evaluation-figures').textContent()).toMatch(/greedy/);
		const report = page.getByRole('region', {name: 'Evolution report'});
		expect(await report.getByRole('table', {name: 'Search solve rate per level'}).textContent()).toMatch(/Level 2/);
		const models = page.getByRole('region', {name: 'Models'});
		expect(await models.textContent()).toMatch(/trained policy.*policy\.gguf.*sha256/);
		await page.getByRole('figure', {name: 'Policy loss curve'}).scrollIntoViewIfNeeded();
		await shoot('finished');
		await page.getByTestId('evaluation-figures').scrollIntoViewIfNeeded();
		await shoot('finished-evaluation');
	}, 400_000);

	it('opens a problem\'s search in the Search page', async () => {
		await page.getByRole('table', {name: 'Pool problems'}).getByTestId('round-problem').first().click();
		await expect.poll(() => page.getByTestId('search-status').textContent(), {timeout: 30_000}).toMatch(/· done ·/);
		await page.goBack();
		await expect.poll(() => page.getByRole('article', {name: 'e2e round 1'}).count()).toBe(1);
	});

	it('opens the round\'s pairs in the curation queue from its curate stage', async () => {
		const mined = Number(/\((\d+) mined/.exec((await page.getByTestId('extraction-counts').textContent())!)![1]);
		expect(mined).toBeGreaterThan(0);
		await page.getByTestId('stage-curate').getByRole('link', {name: 'Curate this round\'s pairs'}).click();
		await expect.poll(() => page.getByTestId('status-counts').first().textContent()).toBe(`0 of ${mined} judged`);
		const rows = page.getByRole('table', {name: 'Pairs'}).getByRole('row');
		await expect.poll(() => rows.count()).toBe(Math.min(mined, 100) + 1);
		expect(await rows.nth(1).textContent()).toContain('e2e r1');
		await shoot('curation-queue');
		await page.goBack();
		await expect.poll(() => page.getByRole('article', {name: 'e2e round 1'}).count()).toBe(1);
	});

	it('creates round 2 from round 1 in one action: it searches with round 1\'s trained policy', async () => {
		const policy = await page.getByRole('region', {name: 'Models'}).getByLabel('trained policy').locator('code.path').first().getAttribute('title');
		await page.getByRole('button', {name: 'Next round'}).click();
		const second = page.getByRole('article', {name: 'e2e round 2'});
		await expect.poll(() => second.getByTestId('round-status').textContent()).toBe('created');
		const settings = second.getByRole('region', {name: 'Settings'});
		expect(await settings.locator('code.path').first().getAttribute('title')).toBe(policy);
		// The schedule's round 2: rstar-round, still terminal-guided; the pool and overrides inherited.
		expect(await settings.textContent()).toMatch(/rstar-round · mcts · terminal-guided/);
		expect(await settings.textContent()).toMatch(/tiny-curriculum-train · Level 2 · at most 4 per level/);
		expect(await page.getByRole('navigation', {name: 'Rounds'}).getByRole('button').count()).toBe(2);
	});

	it('charts the round\'s evaluation on the Evaluation page: accuracy against N', async () => {
		await page.getByRole('link', {name: 'Evaluation'}).click();
		const table = page.getByRole('table', {name: 'Evaluations'});
		// The round's greedy and search evaluations, named by the round; the newest (the search) selected.
		await expect.poll(() => table.getByRole('row').filter({hasText: 'e2e/1'}).count()).toBe(2);
		const search = table.getByRole('row').filter({hasText: 'e2e/1'}).filter({hasText: 'search'});
		expect(await search.getByRole('checkbox').isChecked()).toBe(true);
		const chart = page.getByRole('figure', {name: 'Accuracy vs N'});
		await expect.poll(() => chart.locator('canvas').count()).toBe(1);
		await chart.scrollIntoViewIfNeeded();
		await shoot('evaluation-page');
		await page.getByRole('link', {name: 'Rounds'}).click();
	});

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
