import type {Page} from 'playwright-core';
import {expect} from 'vitest';

/**
 * On the Search page with a search open, walks the tree with the keys from the root's first child until the node
 * panel shows a step with a sibling (its pair form appears); returns the step's `#id`.
 */
export async function openStepWithSibling(page: Page): Promise<string> {
	const panel = page.getByTestId('node-panel');
	await page.getByRole('region', {name: 'Trajectory tree'}).focus();
	await page.keyboard.press('ArrowDown');
	await expect.poll(() => panel.locator('h2').textContent()).toMatch(/^Step #\d+$/);
	for (let tries = 0; tries < 30 && await page.getByLabel('Pair author').count() === 0; tries++)
		await page.keyboard.press(tries % 3 === 2 ? 'ArrowDown' : 'ArrowRight');
	return (await panel.locator('h2').textContent())!.slice('Step '.length);
}
