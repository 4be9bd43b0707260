import type {Page} from 'playwright-core';

/** A contract call made by the page itself (`rstar serve`'s cookie authorises it), answered in the transport's envelope. */
export function callFromPage<T>(page: Page, method: string, params: unknown): Promise<{ok: boolean; result: T}> {
	return page.evaluate(async ([method, params]) => {
		const response = await fetch('api/call', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({method, params})});
		return await response.json() as {ok: boolean; result: unknown};
	}, [method, params] as const) as Promise<{ok: boolean; result: T}>;
}
