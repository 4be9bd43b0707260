import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type {Browser, Page} from 'playwright-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {launchChromium} from '../support/launchChromium.js';
import {startServe, type ServeProcess} from '../support/runCli.js';

/**
 * The token cookie in a real browser (cookies ignore ports, so only Chromium can say who receives one): another
 * local service is not sent a cookie `rstar serve` accepts, and two servers open in one browser both keep working.
 */
describe('rstar serve\'s token cookie in Chromium', () => {
	const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-e2e-cookie-'));
	let first: ServeProcess;
	let second: ServeProcess;
	let browser: Browser;
	/** A service on another port of 127.0.0.1, as any local dev server is; it keeps every Cookie header it is sent. */
	let other: http.Server;
	let otherOrigin: string;
	const cookiesReceived: string[] = [];
	let requestsReceived = 0;

	beforeAll(async () => {
		[first, second] = await Promise.all([
			startServe(['--db', path.join(workspaceDir, 'first.db')]),
			startServe(['--db', path.join(workspaceDir, 'second.db')])
		]);
		other = http.createServer((request, response) => {
			requestsReceived++;
			if (request.headers.cookie)
				cookiesReceived.push(request.headers.cookie);
			response.writeHead(200, {'Content-Type': 'text/html'}).end('<!doctype html><title>other</title><img src="/api/events"><img src="/favicon.ico">');
		});
		await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve));
		otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
		browser = await launchChromium();
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await Promise.all([first?.stop(), second?.stop()]);
		other?.close();
		fs.rmSync(workspaceDir, {recursive: true, force: true});
	});

	/** dataset.list from inside the page, as the UI calls it: same-origin, authorised by the cookie alone. */
	const listFromPage = (page: Page) => page.evaluate(async () => (await fetch('api/call', {
		method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({method: 'dataset.list', params: {}})
	})).status);

	const showsDatasets = (page: Page) => expect.poll(() => page.getByRole('list', {name: 'Datasets'}).getByRole('button', {name: /^GSM8K/}).count(), {timeout: 30_000}).toBe(1);

	it('keeps two servers working in one browser: the second cookie does not replace the first', async () => {
		const context = await browser.newContext();
		const pageOne = await context.newPage();
		await pageOne.goto(first.url);
		await showsDatasets(pageOne);
		const pageTwo = await context.newPage();
		await pageTwo.goto(second.url);
		await showsDatasets(pageTwo);

		expect(await listFromPage(pageOne)).toBe(200);
		expect(await listFromPage(pageTwo)).toBe(200);
		await pageOne.reload();
		await showsDatasets(pageOne);
		expect((await context.cookies()).map(cookie => cookie.name).sort())
			.toEqual([`rstar_token_${new URL(first.url).port}`, `rstar_token_${new URL(second.url).port}`].sort());
		await context.close();
	});

	it('sends another port\'s service no cookie that rstar serve accepts', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(first.url);
		await showsDatasets(page);
		// The other service's own pages, and the paths rstar serve used before its base path, on the other port.
		for (const where of ['/', '/api/call', '/api/events', '/index.html'])
			await page.goto(otherOrigin + where);
		expect(requestsReceived).toBeGreaterThanOrEqual(4);

		for (const header of cookiesReceived) {
			const status = (await fetch(new URL('./', first.url), {headers: {Cookie: header}})).status;
			expect(status, header).not.toBe(200);
		}
		await context.close();
	});
});
