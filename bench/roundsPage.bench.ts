// The Rounds page under a batch search's update load: `rstar serve` runs a real round over a 500-problem pool (a
// seeded sample of tiny-curriculum-train, one rollout of one candidate per problem, 4 at a time) while Chromium shows
// the round, its live problem table and per-level figures. Per update — a `round.list` or `round.problems` answer the
// page fetched because the batch reported — the time from the answer's arrival to the next painted frame (the JSON
// parse, React's render and commit, layout and paint all fall between); and the main thread's long tasks.
import {percentile, formatMs, printTable} from './stats.js';
import {openWorkbench} from '../test/support/openWorkbench.js';

const streamSeconds = Number(process.env.RSTAR_BENCH_STREAM_S ?? 45);
const workbench = await openWorkbench({width: 1440, height: 900});
const {page} = workbench;

// Before the page's scripts run: time every update from its data's arrival to the frame after it, and keep long tasks.
await page.addInitScript(() => {
	const probe = {updates: [] as {method: string; ms: number}[], longTasks: [] as number[], events: 0};
	(window as unknown as {benchProbe: typeof probe}).benchProbe = probe;
	new PerformanceObserver(list => {
		for (const entry of list.getEntries())
			probe.longTasks.push(entry.duration);
	}).observe({type: 'longtask', buffered: true});
	const fetchOriginal = window.fetch.bind(window);
	window.fetch = async (input, init) => {
		const method = typeof init?.body === 'string' ? (JSON.parse(init.body) as {method: string}).method : '';
		const response = await fetchOriginal(input, init);
		if (method === 'round.problems' || method === 'round.list') {
			const arrived = performance.now();
			requestAnimationFrame(() => setTimeout(() => probe.updates.push({method, ms: performance.now() - arrived})));
		}
		return response;
	};
	const WebSocketOriginal = window.WebSocket;
	window.WebSocket = class extends WebSocketOriginal {
		public constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols);
			this.addEventListener('message', () => probe.events++);
		}
	};
});

const call = <T>(method: string, params: unknown) => page.evaluate(async ([name, args]) => {
	const response = await fetch('api/call', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({method: name, params: args})});
	const body = await response.json() as {ok: boolean; result: unknown; error?: {message: string}};
	if (!body.ok)
		throw new Error(body.error!.message);
	return body.result;
}, [method, params] as const) as Promise<T>;

try {
	await page.goto(`${workbench.serve.url}#/rounds`);
	const datasets = await call<{id: number; name: string}[]>('dataset.list', {});
	const pool = datasets.find(dataset => dataset.name === 'tiny-curriculum-train')!;
	const round = await call<{id: number}>('round.create', {
		evolution: 'bench', poolDatasetId: pool.id, sample: 500, concurrency: 4,
		overrides: {rollouts: 1, candidates: 1, maxDepth: 2, maxStepTokens: 64, promptFormat: 'rstar-sft'}
	});
	await page.reload();
	await page.getByRole('table', {name: 'Pool problems'}).waitFor();
	await call('round.run', {roundId: round.id, only: ['search']});
	await page.evaluate(() => {
		const probe = (window as unknown as {benchProbe: {updates: unknown[]; longTasks: unknown[]; events: number}}).benchProbe;
		probe.updates.length = 0;
		probe.longTasks.length = 0;
		probe.events = 0;
	});
	const started = Date.now();
	await page.waitForTimeout(streamSeconds * 1000);
	const seconds = (Date.now() - started) / 1000;
	const probe = await page.evaluate(() => (window as unknown as {benchProbe: {updates: {method: string; ms: number}[]; longTasks: number[]; events: number}}).benchProbe);
	const problems = await call<{status: string}[]>('round.problems', {roundId: round.id});
	await call('round.stop', {roundId: round.id});

	const ms = probe.updates.map(update => update.ms);
	const searched = problems.filter(problem => problem.status === 'done').length;
	printTable(`Rounds page while a batch of ${problems.length} problems streams progress (${seconds.toFixed(0)} s, Chromium against rstar serve)`, [
		['problems searched meanwhile', `${searched} of ${problems.length}`],
		['events pushed to the page', `${probe.events} (${(probe.events / seconds).toFixed(1)}/s)`],
		['updates (refetches rendered)', `${ms.length}: ${probe.updates.filter(update => update.method === 'round.problems').length} problem tables, ${probe.updates.filter(update => update.method === 'round.list').length} round views`],
		['per update, arrival → next frame: p50', formatMs(percentile(ms, 50))],
		['  p95', formatMs(percentile(ms, 95))],
		['  max (target ≤ 100 ms)', formatMs(Math.max(...ms))],
		['long tasks (> 50 ms) on the main thread', `${probe.longTasks.length}${probe.longTasks.length > 0 ? `, max ${formatMs(Math.max(...probe.longTasks))}` : ''}`]
	]);
} finally {
	await workbench.close();
}
