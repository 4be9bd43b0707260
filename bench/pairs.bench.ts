// The curation queue at 10,000 pairs: a round's mined pairs over a 5,000-node search built by the real engine on a
// scripted policy (every ordered pair of siblings whose Qs differ, as a round's extraction stores them), then
// imported pairs up to 10,000. Measured on the services (Node) and over `rstar serve`'s HTTP API, as the Pairs page
// calls it: filtering and sorting the queue (one page and its counts), and opening the next item of a view
// (`pair.next` then `pair.get`, what the focus view asks for after each decision). Then the Pairs page in headless
// Chromium: a filter changed until the queue shows the new view, and a decision key until the next item is drawn.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {apiMethods, type ApiMethod, type ApiParams, type ApiParsedParams} from '../src-main/contract/api.js';
import {q} from '../src-main/engine/SearchTree.js';
import type {PairExample} from '../src-main/rounds/extractPairs.js';
import {PairService} from '../src-main/services/PairService.js';
import {SearchStore} from '../src-main/store/SearchStore.js';
import {Workspace} from '../src-main/store/Workspace.js';
import {launchChromium} from '../test/support/launchChromium.js';
import {callServe, startServe} from '../test/support/runCli.js';
import {storeScriptedSearch} from '../test/support/scriptedSearch.js';
import {formatMs, percentile, printTable} from './stats.js';

const target = 10_000;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-pairs-bench-'));
const db = path.join(scratch, 'bench.db');
const parsed = <M extends ApiMethod>(method: M, params: ApiParams<M>) => apiMethods[method].params.parse(params) as ApiParsedParams<M>;

const {searchId} = await storeScriptedSearch(db, 'Bench: what is 3 + 4?', 5000);
const space = Workspace.open(db);
const pairs = new PairService(space);
const roundId = Number(space.db.prepare(`INSERT INTO rounds (evolution, number, config, status, created_at) VALUES ('bench', 1, '{}', 'done', '2026-01-01')`).run().lastInsertRowid);
const nodes = new SearchStore(space.db).nodes(searchId);
const examples: PairExample[] = [];
for (const parent of nodes) {
	const kids = nodes.filter(node => node.parentId === parent.id);
	for (const chosen of kids)
		for (const rejected of kids)
			if (q(chosen) > q(rejected) && examples.length < target)
				examples.push({
					row: {prompt: '', pos: chosen.text, neg: rejected.text, pos_count: 1, neg_count: 1},
					provenance: {
						key: `${searchId}/${parent.id}/${chosen.id}>${rejected.id}`, source: 'mined', handPairId: null, searchId, problemId: null, parentId: parent.id,
						chosenId: chosen.id, rejectedId: rejected.id, chosenQ: q(chosen), rejectedQ: q(rejected), stepMargin: q(chosen) - q(rejected)
					}
				});
}
pairs.addMined(roundId, examples);
const imported = Array.from({length: target - examples.length}, (_, i) => JSON.stringify({prompt: `Imported ${i}: what is ${i} + 1?`, pos: `x = ${i + 1}\n<end_of_step>`, neg: `x = ${i}\n<end_of_step>`}));
pairs.import(parsed('pair.import', {fileName: 'bench.jsonl', content: imported.join('\n'), author: 'bench'}));
// A third judged, as a queue part-way through curation.
space.db.prepare(`UPDATE preference_pairs SET status = 'accepted', decided_by = 'bench' WHERE id % 3 = 0`).run();
const total = pairs.queue(parsed('pair.queue', {})).total;

const filters: ApiParams<'pair.queue'>[] = [
	{}, {status: 'pending', sort: 'margin', direction: 'asc'}, {marginMin: 0.5, sort: 'editDistance', direction: 'desc'}, {roundId, depthMin: 3, sort: 'ppmMargin'},
	{source: 'imported', sort: 'id', direction: 'desc'}, {labeller: 'bench', sort: 'decidedAt'}, {editDistanceMin: 5, editDistanceMax: 40, sort: 'depth'}
];
const timed = async (run: () => unknown | Promise<unknown>, times: number) => {
	const ms: number[] = [];
	for (let i = 0; i < times; i++) {
		const started = performance.now();
		await run();
		ms.push(performance.now() - started);
	}
	return ms;
};
const queueNode = await timed(() => filters.map(filter => pairs.queue(parsed('pair.queue', filter))), 10);
let except: number | undefined;
const nextNode = await timed(() => {
	const next = pairs.next(parsed('pair.next', {roundId, sort: 'margin', exceptId: except}));
	pairs.get(parsed('pair.get', {pairId: next.pairId!}));
	except = next.pairId!;
}, 100);
space.close();

const serve = await startServe(['--db', db]);
try {
	const call = (method: string, params: unknown) => callServe<{pairId: number}>(serve, method, params);
	const queueHttp: number[] = [];
	for (let i = 0; i < 10; i++)
		for (const filter of filters)
			queueHttp.push(...await timed(() => call('pair.queue', filter), 1));
	let last: number | undefined;
	const nextHttp = await timed(async () => {
		const next = await call('pair.next', {roundId, sort: 'margin', exceptId: last});
		await call('pair.get', {pairId: next.pairId});
		last = next.pairId;
	}, 100);
	// The page: the user's name set (no prompt), the round's queue, then its focus view.
	await call('settings.set', {userName: 'bench'});
	const browser = await launchChromium();
	const page = await browser.newPage({viewport: {width: 1440, height: 900}});
	await page.goto(serve.url);
	await page.goto(`${serve.url.split('?')[0]}#/pairs`);
	await page.getByTestId('status-counts').first().waitFor();
	/**
	 * A filter's select set as a user sets it (Playwright's selectOption: focus, input and change events), timed in the
	 * page from just before the call until the view's count shows the new view, and two frames. Each choice changes
	 * the count, so the wait has an end.
	 */
	const filterMs: number[] = [];
	const viewLabel = () => page.getByTestId('status-counts').first().locator('xpath=..');
	for (let i = 0; i < 10; i++)
		for (const [label, value] of [['status', 'pending'], ['status', 'accepted'], ['status', ''], ['source', 'mined'], ['source', 'imported'], ['source', '']] as const) {
			const before = await viewLabel().textContent();
			await page.evaluate(() => (window as unknown as {benchStart: number}).benchStart = performance.now());
			await page.getByRole('group', {name: 'Queue filters'}).getByLabel(label, {exact: true}).selectOption(value);
			filterMs.push(await page.evaluate(async previous => {
				const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
				const group = document.querySelector('[data-testid=status-counts]')!.parentElement!;
				for (let waited = 0; group.textContent === previous; waited++) {
					if (waited > 600)
						throw new Error(`the queue still shows "${previous}" 10 s after a filter changed`);
					await frame();
				}
				await frame();
				await frame();
				return performance.now() - (window as unknown as {benchStart: number}).benchStart;
			}, before));
		}
	const first = await call('pair.next', {roundId, sort: 'id'});
	await page.goto(`${serve.url.split('?')[0]}#/pairs?pair=${first.pairId}`);
	await page.getByTestId('pair-status').waitFor();
	/** A decision key on the focus view, until the next pair's number and status are drawn, and two frames. */
	const focusMs: number[] = [];
	for (let i = 0; i < 60; i++)
		focusMs.push(await page.evaluate(async key => {
			const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
			const view = document.querySelector<HTMLElement>('[data-testid=pair-focus]')!;
			const title = () => view.querySelector('.pairs-focus-bar b')?.textContent;
			const before = title();
			const started = performance.now();
			view.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
			while (title() === before || document.querySelector('[data-testid=pair-status]')?.textContent !== 'pending')
				await frame();
			await frame();
			await frame();
			return performance.now() - started;
		}, i % 3 === 0 ? 's' : 'a'));
	await browser.close();

	printTable(`Curation queue, ${total.toLocaleString('en')} pairs (${examples.length.toLocaleString('en')} mined from a ${nodes.length}-node search, the rest imported)`, [
		['filter + sort one page (200 rows) with its counts, 7 filters, services p50 / p95', `${formatMs(percentile(queueNode.map(ms => ms / filters.length), 50))} / ${formatMs(percentile(queueNode.map(ms => ms / filters.length), 95))} (mean of the 7 per run)`],
		['— over rstar serve (HTTP, JSON), p50 / p95 / max', `${formatMs(percentile(queueHttp, 50))} / ${formatMs(percentile(queueHttp, 95))} / ${formatMs(Math.max(...queueHttp))}`],
		['next item of a view (pair.next + pair.get), services p50 / p95', `${formatMs(percentile(nextNode, 50))} / ${formatMs(percentile(nextNode, 95))}`],
		['— over rstar serve, p50 / p95 / max', `${formatMs(percentile(nextHttp, 50))} / ${formatMs(percentile(nextHttp, 95))} / ${formatMs(Math.max(...nextHttp))}`],
		['Pairs page (Chromium): a filter chosen until the queue shows the new view, p50 / p95 / max (two frames included)', `${formatMs(percentile(filterMs, 50))} / ${formatMs(percentile(filterMs, 95))} / ${formatMs(Math.max(...filterMs))}`],
		['focus view: a decision key until the next item is drawn (label committed, next, read, drawn), p50 / p95 / max', `${formatMs(percentile(focusMs, 50))} / ${formatMs(percentile(focusMs, 95))} / ${formatMs(Math.max(...focusMs))}`]
	]);
} finally {
	await serve.stop();
	fs.rmSync(scratch, {recursive: true, force: true});
}
