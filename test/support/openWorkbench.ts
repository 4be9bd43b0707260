import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {Browser, Page} from 'playwright-core';
import {launchChromium} from './launchChromium.js';
import {repoRoot, startServe, type ServeProcess} from './runCli.js';

/** Where e2e tests save their screenshots. */
export const screenshots = path.join(repoRoot, 'test-results');

export interface Workbench {
	serve: ServeProcess;
	/** The folder of the workspace and the user-data folder, removed by `close`. */
	workspaceDir: string;
	browser: Browser;
	page: Page;
	/** Script errors, CSP violations and missing assets seen so far; a test expects none. */
	pageErrors: string[];
	close(): Promise<void>;
}

/**
 * `rstar serve` on a fresh workspace, its user-data folder beside it (so a workspace chosen for the next start stays
 * in the test's folder), and a Chromium page (not yet navigated) that records every page error.
 */
export async function openWorkbench(viewport = {width: 1600, height: 1000}): Promise<Workbench> {
	fs.mkdirSync(screenshots, {recursive: true});
	const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-e2e-'));
	const serve = await startServe(['--db', path.join(workspaceDir, 'w.db')], {RSTAR_USER_DATA: path.join(workspaceDir, 'user-data')});
	const browser = await launchChromium();
	const page = await browser.newPage({viewport});
	const pageErrors: string[] = [];
	// API calls that fail on purpose answer 4xx, which Chromium also logs: those are not page errors.
	page.on('console', message => {
		if (message.type() === 'error' && !message.location().url.endsWith('/api/call'))
			pageErrors.push(`${message.text()} (${message.location().url})`);
	});
	page.on('pageerror', error => pageErrors.push(error.message));
	return {
		serve, workspaceDir, browser, page, pageErrors,
		close: async () => {
			await browser.close();
			await serve.stop();
			fs.rmSync(workspaceDir, {recursive: true, force: true});
		}
	};
}
