import type {Page} from 'playwright-core';

/** Opens the Search page at `url` on the newest past search of a typed question, as a user would. */
export async function openStoredSearch(page: Page, url: string, question: string): Promise<void> {
	await page.goto(url);
	await page.getByRole('link', {name: 'Search'}).click();
	await page.getByRole('tab', {name: 'Type one'}).click();
	await page.getByLabel('Question').fill(question);
	await page.getByRole('button', {name: 'Use this question'}).click();
	await page.getByRole('list', {name: 'Past searches'}).getByRole('button').first().click();
}
