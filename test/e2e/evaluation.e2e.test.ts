import fs from 'node:fs';
import path from 'node:path';
import type {Locator, Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ApiResult} from '../../src-main/contract/api.js';
import {accuracyMethods} from '../../src-main/contract/evaluations.js';
import {callFromPage} from '../support/callFromPage.js';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';

const shots = path.join(screenshots, 'evaluation');

/**
 * The Evaluation page in browser mode: a greedy and a search evaluation on the embedded policy and the shipped smoke
 * PPM (node-llama-cpp, onnxruntime, the real sandbox and SQLite), started from the page as jobs, then its charts.
 */
describe('Evaluation page (Chromium against rstar serve)', () => {
	let workbench: Workbench;
	let page: Page;

	const progress = () => page.getByRole('region', {name: 'Evaluation job'});
	const figure = (name: string) => page.getByRole('figure', {name});
	const call = async <T>(method: string, params: object) => (await callFromPage<T>(page, method, params)).result;
	const save = async (chart: Locator, format: 'PNG' | 'SVG' | 'CSV') => {
		await chart.getByText('Export').click();
		const download = page.waitForEvent('download');
		await chart.getByRole('button', {name: format, exact: true}).click();
		const file = await download;
		return {name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!)};
	};
	/** Starts a run from the form and waits for its job (not the one before it) to be done. */
	const startRun = async () => {
		const before = await progress().count() === 0 ? null : await progress().getAttribute('data-job');
		await page.getByRole('button', {name: 'Start evaluation'}).click();
		await expect.poll(async () => await progress().count() === 1 && await progress().getAttribute('data-job'), {timeout: 10_000}).not.toBe(before);
		await expect.poll(() => progress().getAttribute('data-status'), {timeout: 240_000, interval: 500}).toBe('done');
	};

	beforeAll(async () => {
		fs.mkdirSync(shots, {recursive: true});
		workbench = await openWorkbench({width: 1440, height: 900});
		page = workbench.page;
		await page.goto(workbench.serve.url);
		await page.getByRole('link', {name: 'Evaluation'}).click();
	}, 120_000);

	afterAll(() => workbench?.close());

	it('names the field at fault when the server refuses a run', async () => {
		const dataset = page.getByLabel('Dataset');
		await dataset.selectOption(await dataset.locator('option', {hasText: 'tiny-curriculum-heldout ('}).getAttribute('value'));
		await page.getByLabel('Level', {exact: true}).selectOption('Level 2');
		await page.getByLabel('Limit').fill('4');
		await page.getByLabel('Policy (GGUF)').fill('/nowhere/policy.gguf');
		await page.getByRole('button', {name: 'Start evaluation'}).click();
		const field = page.locator('label.field.invalid', {has: page.getByLabel('Policy (GGUF)')});
		await expect.poll(() => field.getByRole('alert').textContent()).toBe('no policy model at /nowhere/policy.gguf — give the path of a .gguf file');
		await page.getByLabel('Policy (GGUF)').fill('');
	});

	it('runs a greedy evaluation as a job, live, and lists it when done', async () => {
		await startRun();
		await expect.poll(() => progress().textContent()).toMatch(/4 \/ 4 problems/);
		const row = page.getByRole('table', {name: 'Evaluations'}).getByRole('row').nth(1);
		await expect.poll(() => row.textContent()).toMatch(/tiny-curriculum-heldout.*greedy.*tiny-policy-r0\.gguf.*done.* %/);
		// Greedy runs have no accuracy against N; their rates per level do chart.
		await expect.poll(() => figure('Rates by level and dataset').locator('canvas').count()).toBe(1);
	}, 300_000);

	it('runs a small search with the shipped PPM and draws accuracy against N, whose CSV holds the report\'s points', async () => {
		await page.getByRole('radio', {name: 'search'}).click();
		await page.getByLabel('Method preset').selectOption('rstar-eval-mcts');
		await page.getByLabel('Rollouts').fill('4');
		await page.getByLabel('Candidates').fill('2');
		await page.getByRole('button', {name: 'shipped'}).click();
		expect(await page.getByLabel('PPM bundle folder').inputValue()).toMatch(/resources[\\/]models[\\/]tiny-ppm-smoke$/);
		await startRun();

		const [newest] = await call<ApiResult<'evaluation.list'>>('evaluation.list', {});
		expect(newest).toMatchObject({kind: 'search', status: 'done', dataset: 'tiny-curriculum-heldout', problems: 4});
		const {report} = await call<ApiResult<'evaluation.get'>>('evaluation.get', {evaluationId: newest!.id});
		const chart = figure('Accuracy vs N');
		await expect.poll(() => chart.locator('canvas').count()).toBe(1);

		const csv = await save(chart, 'CSV');
		expect(csv.name).toBe('accuracy-vs-n.csv');
		const [header, ...rows] = csv.bytes.toString('utf8').trimEnd().split('\r\n').map(line => line.split(','));
		expect(header).toEqual(['line', 'n', 'mean', 'sd', 'p5', 'p95']);
		// One evaluation with accuracy against N: a line per method, a point per N (1 … 64).
		const expected = accuracyMethods.flatMap(method => report!.accuracyVsN!.points.map(point => {
			const {mean, sd, p5, p95} = point.overall.accuracy[method];
			return [method, String(point.n), String(mean), String(sd), String(p5), String(p95)];
		}));
		expect(report!.accuracyVsN!.points.map(point => point.n)).toEqual([1, 2, 4, 8, 16, 32, 64]);
		expect(rows).toEqual(expected);

		const png = await save(chart, 'PNG');
		expect(png.name).toBe('accuracy-vs-n.png');
		expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		const svg = (await save(chart, 'SVG')).bytes.toString('utf8');
		expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(svg).toContain('pass@N');
	}, 300_000);

	it('shows the Q and PPM distributions of the steps of right and wrong trajectories', async () => {
		// Of the newest selected evaluation: the search.
		const [newest] = await call<ApiResult<'evaluation.list'>>('evaluation.list', {});
		const expected = await call<ApiResult<'evaluation.stepDistributions'>>('evaluation.stepDistributions', {evaluationId: newest!.id, bins: 20});
		const card = page.locator('.evaluation-card', {has: page.getByRole('heading', {name: 'Step distributions'})});
		await expect.poll(() => card.textContent()).toContain(`${expected.trajectories.correct} right and ${expected.trajectories.wrong} wrong answer trajectories`);
		expect(expected.trajectories.correct + expected.trajectories.wrong).toBeGreaterThan(0);
		await expect.poll(() => figure('Q of steps, right vs wrong').locator('canvas').count()).toBe(1);
		const csv = (await save(figure('Q of steps, right vs wrong'), 'CSV')).bytes.toString('utf8').trimEnd().split('\r\n').map(line => line.split(','));
		expect(csv[0]).toEqual(['from', 'to', 'right steps', 'wrong steps']);
		expect(csv.slice(1).map(row => [Number(row[2]), Number(row[3])])).toEqual(expected.q.correct.counts.map((count, i) => [count, expected.q.wrong.counts[i]]));
		// The smoke PPM scored the search's steps.
		expect(expected.ppm).not.toBeNull();
		await expect.poll(() => figure('PPM score of steps, right vs wrong').locator('canvas').count()).toBe(1);
	}, 60_000);

	it('lays out at 1440×900 and 1024×700', async () => {
		await page.mouse.move(0, 0);
		await page.waitForTimeout(500);
		await page.screenshot({path: path.join(shots, 'evaluation-1440x900.png')});
		await page.setViewportSize({width: 1024, height: 700});
		await page.waitForTimeout(800);
		await page.screenshot({path: path.join(shots, 'evaluation-1024x700.png')});
		// Nothing spills sideways out of the page at the smaller size.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
		await page.locator('.evaluation-main').evaluate(element => element.scrollTo(0, element.scrollHeight));
		await page.waitForTimeout(300);
		await page.screenshot({path: path.join(shots, 'evaluation-1024x700-charts.png')});
	});

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
