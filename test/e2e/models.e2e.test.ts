import fs from 'node:fs';
import path from 'node:path';
import type {Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tinyPolicyPath, shippedPpmPath} from '../../src-main/paths.js';
import {openWorkbench, screenshots, type Workbench} from '../support/openWorkbench.js';
import {useTempDir} from '../support/tempDir.js';

/** Issue 14's Models page in browser mode: the shipped models with their metadata, a folder added, a truncated GGUF reported, runtime settings, load / unload. */
describe('Models page (Chromium against rstar serve)', () => {
	const tempDir = useTempDir();
	let workbench: Workbench;
	let page: Page;
	const rows = () => page.getByTestId('model-row');
	const row = (name: string) => rows().filter({hasText: name});
	/** The shipped models: the default policy (a LoRA adapter), its base as npm install installs it, the tiny policy and PPM. */
	const shipped = 4;

	beforeAll(async () => {
		workbench = await openWorkbench({width: 1440, height: 900});
		page = workbench.page;
		await page.goto(workbench.serve.url);
		await page.getByRole('link', {name: 'Models'}).click();
	});

	afterAll(async () => {
		await workbench?.close();
	});

	it('lists the shipped models with their metadata, built-in', async () => {
		await expect.poll(() => rows().count()).toBe(shipped);
		expect((await row('rstar-smollm2-135m-r0-lora').textContent())!).toMatch(/built-in.*lora.*llama.*4\.88M/);
		expect((await row('Smollm2 135M').textContent())!).toMatch(/policy.*llama.*135M.*Q4_1.*8,192.*49,152/);
		const policy = (await row('rstar-tiny-policy-r0').textContent())!;
		for (const shown of ['built-in', 'policy', 'llama', '194k', 'F32', '4,096', '363', '769 KiB', 'shipped', 'ok'])
			expect(policy).toContain(shown);
		expect((await row('rstar-tiny-ppm-smoke').textContent())!).toMatch(/ppm.*onnx.*1,024/);

		await row('rstar-tiny-policy-r0').click();
		const detail = page.getByLabel('Model rstar-tiny-policy-r0');
		await expect.poll(() => detail.getByText('llama.block_count').count()).toBe(1);
		expect(await detail.locator('.models-sha').textContent()).toMatch(/^[0-9a-f]{64}$/);
		expect(await detail.getByRole('button', {name: 'Remove…'}).count()).toBe(0);
		expect(await page.getByRole('region', {name: 'This machine'}).textContent()).toMatch(/backends.*cpu.*memory.*free of.*cores/);
	});

	it('checks runtime settings as typed and saves them', async () => {
		const form = page.getByRole('form', {name: 'Runtime settings'});
		await form.getByLabel('context size').fill('12');
		await expect.poll(() => form.getByText(/>=\s*256/).count()).toBe(1);
		expect(await form.getByRole('button', {name: 'Save settings'}).isDisabled()).toBe(true);
		await form.getByLabel('context size').fill('2048');
		await form.getByLabel('GPU layers').fill('0');
		await form.getByRole('button', {name: 'Save settings'}).click();
		await expect.poll(() => form.getByRole('status').textContent()).toMatch(/saved/);
		await page.screenshot({path: path.join(screenshots, 'models-policy-1440x900.png')});
	});

	it('loads and unloads a model', async () => {
		const detail = page.getByLabel('Model rstar-tiny-policy-r0');
		await detail.getByRole('button', {name: 'Load'}).click();
		await expect.poll(() => detail.getByRole('button', {name: 'Unload'}).count(), {timeout: 60_000}).toBe(1);
		await expect.poll(() => page.getByRole('region', {name: 'This machine'}).textContent()).toMatch(/loaded rstar-tiny-policy-r0 \(cpu\)/);
		await detail.getByRole('button', {name: 'Unload'}).click();
		await expect.poll(() => detail.getByRole('button', {name: 'Load'}).count(), {timeout: 30_000}).toBe(1);
	});

	it('adds a folder: a copied GGUF, a PPM bundle, and a truncated GGUF reported with its reason', async () => {
		const folder = tempDir();
		fs.copyFileSync(tinyPolicyPath(), path.join(folder, 'my-policy.gguf'));
		fs.writeFileSync(path.join(folder, 'broken.gguf'), fs.readFileSync(tinyPolicyPath()).subarray(0, 200_000));
		fs.cpSync(shippedPpmPath(), path.join(folder, 'my-ppm'), {recursive: true});
		await page.getByLabel('model path').fill(folder);
		await page.getByRole('button', {name: 'Add', exact: true}).click();
		await expect.poll(() => page.getByRole('form', {name: 'Add file or folder'}).getByRole('status').textContent()).toBe('3 registered, 1 with an error');
		await expect.poll(() => rows().count()).toBe(shipped + 3);
		// Named as their files say (general.name, ppm.json's name): the copies share the shipped models' names.
		const broken = row('truncated');
		expect(await broken.textContent()).toMatch(/truncated: the header says 30 tensors ending at byte 787744, the file ends at byte 200000/);
		expect(await broken.getAttribute('class')).toContain('broken');
		expect(await row('rstar-tiny-ppm-smoke').count()).toBe(2);
		expect(await row('rstar-tiny-policy-r0').count()).toBe(3);

		for (const [width, height] of [[1024, 700], [1440, 900]] as const) {
			await page.setViewportSize({width, height});
			await broken.click();
			await page.screenshot({path: path.join(screenshots, `models-${width}x${height}.png`)});
		}
		await page.locator('.models-detail').getByRole('button', {name: 'Remove…'}).click();
		await page.getByRole('alertdialog', {name: 'Confirm remove'}).getByRole('button', {name: 'Remove'}).click();
		await expect.poll(() => rows().count()).toBe(shipped + 2);
		expect(fs.existsSync(path.join(folder, 'broken.gguf'))).toBe(true);
	});

	it('offers the registered policies on the Search page while a typed path still works', async () => {
		await page.getByRole('link', {name: 'Search'}).click();
		await page.getByLabel('Policy', {exact: true}).selectOption('path');
		// Policies and LoRA adapters (a policy to the app): the three shipped and the copy.
		await expect.poll(() => page.locator('datalist#registered-policy option').count()).toBe(4);
		expect(await page.locator('datalist#registered-policy option').evaluateAll(options => options.map(option => (option as HTMLOptionElement).value)))
			.toContain(fs.realpathSync(tinyPolicyPath()));
	});

	it('has no page errors or CSP violations', () => {
		expect(workbench.pageErrors).toEqual([]);
	});
});
