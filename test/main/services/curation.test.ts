import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {apiMethods, type ApiMethod, type ApiParams, type ApiParsedParams} from '../../../src-main/contract/api.js';
import {cohensKappa} from '../../../src-main/curation/cohensKappa.js';
import {editDistance} from '../../../src-main/rounds/editDistance.js';
import {extractPairs} from '../../../src-main/rounds/extractPairs.js';
import {AgreementService} from '../../../src-main/services/AgreementService.js';
import {GuidelineService} from '../../../src-main/services/GuidelineService.js';
import {PairService} from '../../../src-main/services/PairService.js';
import {StepLabelService} from '../../../src-main/services/StepLabelService.js';
import {SearchStore} from '../../../src-main/store/SearchStore.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {storeScriptedSearch, type ScriptedSearch} from '../../support/scriptedSearch.js';
import {useTempDir} from '../../support/tempDir.js';

/** Params as a transport hands them to a service: parsed by the contract's schema, defaults filled in. */
const parsed = <M extends ApiMethod>(method: M, params: ApiParams<M>) => apiMethods[method].params.parse(params) as ApiParsedParams<M>;

/**
 * The curation services on a real stored search (the engine on a scripted policy) in a real SQLite workspace: the
 * queue a round's extraction fills, decisions and their undo, exports in the curated state, imports, bulk verdicts,
 * problem flags, saved views, step labels, guidelines versions and agreement samples.
 */
describe('curation', () => {
	const tempDir = useTempDir();
	let space: Workspace;
	let stored: ScriptedSearch;
	let pairs: PairService;
	let roundId: number;

	beforeEach(async () => {
		const file = path.join(tempDir(), 'w.db');
		stored = await storeScriptedSearch(file, 'What is 3 + 4?', 400);
		space = Workspace.open(file);
		// PPM scores on every node (the scripted search ran without a PPM): the odd ids score higher.
		space.db.prepare('UPDATE search_nodes SET ppm = CASE WHEN id % 2 = 1 THEN 0.8 ELSE 0.2 END WHERE search_id = ?').run(stored.searchId);
		roundId = Number(space.db.prepare(`INSERT INTO rounds (evolution, number, config, status, created_at) VALUES ('evo', 1, '{}', 'done', '2026-01-01')`).run().lastInsertRowid);
		pairs = new PairService(space);
		const search = new SearchStore(space.db);
		const {examples} = extractPairs([{searchId: stored.searchId, problemId: null, question: 'What is 3 + 4?', nodes: search.nodes(stored.searchId)}], {minEditDistance: 0});
		expect(examples.length).toBeGreaterThanOrEqual(6);
		expect(pairs.addMined(roundId, examples)).toBe(examples.length);
		// Mined again (a re-run extraction): nothing new, nothing reset.
		expect(pairs.addMined(roundId, examples)).toBe(0);
	});

	afterEach(() => space.close());

	const queue = (params: ApiParams<'pair.queue'> = {}) => pairs.queue(parsed('pair.queue', params));
	const label = (params: ApiParams<'pair.label'>) => pairs.label(parsed('pair.label', params));

	it('fills the queue from a round, pending, with the figures it filters and sorts on', () => {
		const page = queue();
		expect(page.total).toBeGreaterThanOrEqual(6);
		expect(page.counts.pending).toBe(page.total);
		expect(page.overall).toEqual(page.counts);
		expect(page.byRound).toEqual([{roundId, label: 'evo r1', counts: page.counts}]);
		for (const row of page.rows) {
			expect(row).toMatchObject({source: 'mined', status: 'pending', roundId, roundLabel: 'evo r1', searchId: stored.searchId});
			expect(row.margin).toBeCloseTo(row.chosenQ! - row.rejectedQ!, 9);
			expect(row.margin!).toBeGreaterThan(0);
			expect(row.depth).toBe(stored.nodes[row.parentId!]!.depth);
			expect(row.chosenPreview).not.toBe('');
		}
		const byMargin = queue({sort: 'margin', direction: 'desc'}).rows.map(row => row.margin!);
		expect(byMargin).toEqual([...byMargin].sort((a, b) => b - a));
		const shallowest = Math.min(...page.rows.map(row => row.depth!));
		const deep = queue({depthMin: shallowest + 1});
		expect(deep.rows.every(row => row.depth! > shallowest)).toBe(true);
		expect(deep.total).toBeLessThan(page.total);
		// The PPM scores odd ids higher: "agrees" and "disagrees" split the queue.
		const agrees = queue({ppm: 'agrees'});
		expect(agrees.rows.every(row => row.ppmChosen! > row.ppmRejected!)).toBe(true);
		const ties = page.rows.filter(row => row.ppmChosen === row.ppmRejected).length;
		expect(agrees.total).toBeGreaterThan(0);
		expect(agrees.total + queue({ppm: 'disagrees'}).total + queue({ppm: 'none'}).total + ties).toBe(page.total);
	});

	it('records decisions with their provenance, undoes the last one, and exports the curated state', () => {
		const [first, second, third, fourth, fifth] = queue().rows;
		const suggestion = {chosenScore: 0.8, rejectedScore: 0.2, prefers: 'chosen' as const};
		const accepted = label({pairId: first!.id, verdict: 'accepted', labeller: 'ada', msSpent: 1200, suggestionShown: suggestion, note: 'clear'});
		expect(accepted.pair).toMatchObject({status: 'accepted', labeller: 'ada'});
		expect(accepted.decision).toMatchObject({verdict: 'accepted', labeller: 'ada', msSpent: 1200, suggestion, note: 'clear', guidelineVersion: null, sampleId: null});
		label({pairId: second!.id, verdict: 'swapped', labeller: 'ada'});
		label({pairId: third!.id, verdict: 'edited', labeller: 'ada', chosenText: 'x = 7 # corrected\n<end_of_step>'});
		label({pairId: fourth!.id, verdict: 'both-bad', labeller: 'ada'});
		label({pairId: fifth!.id, verdict: 'rejected', labeller: 'ada'});
		expect(() => parsed('pair.label', {pairId: first!.id, verdict: 'edited', labeller: 'ada'})).toThrow(/corrected text/);

		// Undo takes back ada's latest decision only.
		const undone = pairs.undo(parsed('pair.undo', {labeller: 'ada'}));
		expect(undone).toMatchObject({undone: {pairId: fifth!.id, verdict: 'rejected'}, pair: {status: 'pending', labeller: null}});
		expect(() => pairs.undo(parsed('pair.undo', {labeller: 'bob'}))).toThrow(/bob has no decision/);
		expect(queue().counts).toMatchObject({accepted: 1, swapped: 1, edited: 1, 'both-bad': 1});

		const detail = pairs.get(parsed('pair.get', {pairId: third!.id}));
		expect(detail.chosen.editedText).toBe('x = 7 # corrected\n<end_of_step>');
		expect(detail.chosen.text).toBe(stored.nodes[third!.chosenId!]!.text);
		expect(detail.prompt).toContain('What is 3 + 4?');
		expect(detail.prefix.map(step => step.nodeId)).toEqual(pathIds(stored, third!.parentId!).slice(1));
		expect(detail.chosen.subtree[0]!.id).toBe(third!.chosenId);
		expect(detail.chosen.correctLeaves).toBeGreaterThan(0);
		expect(detail.decisions.map(decision => decision.verdict)).toEqual(['edited']);
		const blind = pairs.get(parsed('pair.get', {pairId: third!.id, blind: true}));
		expect(blind).toMatchObject({suggestion: null, decisions: [], blind: true});

		const exported = pairs.export(parsed('pair.export', {roundId}));
		const rows = exported.content.trim().split('\n').map(line => JSON.parse(line) as {prompt: string; pos: string; neg: string});
		// Curated: pending, accepted, edited and swapped; never both-bad.
		expect(rows).toHaveLength(queue().total - 1);
		expect(exported.manifest).toMatchObject({kind: 'pairs', layout: 'reference', rows: rows.length, filters: {roundId, scope: 'curated'}});
		const swappedRow = rows.find(row => row.pos === stored.nodes[second!.rejectedId!]!.text && row.neg === stored.nodes[second!.chosenId!]!.text);
		expect(swappedRow).toBeDefined();
		expect(rows.some(row => row.pos === 'x = 7 # corrected\n<end_of_step>')).toBe(true);
		const judged = pairs.export(parsed('pair.export', {roundId, scope: 'judged', layout: 'trl'}));
		const trl = judged.content.trim().split('\n').map(line => JSON.parse(line) as Record<string, string>);
		expect(trl).toHaveLength(3);
		expect(Object.keys(trl[0]!)).toEqual(['prompt', 'chosen', 'rejected']);

		// The round's PPM trains on the same rows.
		expect(pairs.curatedRowsOfRound(roundId)).toHaveLength(rows.length);

		// Read back in, the export's rows are the pairs the queue holds, but for the two it changed (a swap, an edit).
		expect(pairs.import(parsed('pair.import', {fileName: 'back.jsonl', content: exported.content, author: 'ada'}))).toMatchObject({imported: 2, duplicates: rows.length - 2});
	});

	it('imports both layouts, reports duplicates and refused lines, and finds its own export\'s rows again', () => {
		const content = [
			JSON.stringify({prompt: 'p1', pos: 'good step', neg: 'bad step', pos_count: 2, neg_count: 3}),
			JSON.stringify({prompt: 'p2', chosen: 'a', rejected: 'b'}),
			'{not json',
			JSON.stringify({prompt: 'p3', pos: 'only one side'}),
			JSON.stringify({question: 'q'}),
			'',
			JSON.stringify({prompt: 'p1', pos: 'good step', neg: 'bad step'})
		].join('\n');
		const report = pairs.import(parsed('pair.import', {fileName: 'mine.jsonl', content, author: 'ada'}));
		expect(report).toMatchObject({imported: 2, duplicates: 1, refusedTotal: 3});
		expect(report.refused.map(line => line.line)).toEqual([3, 4, 5]);
		expect(report.refused[2]!.message).toMatch(/neither the reference's layout/);
		const imported = queue({source: 'imported'});
		expect(imported.total).toBe(2);
		expect(imported.rows[0]).toMatchObject({searchId: null, depth: null, margin: null, editDistance: editDistance('good step', 'bad step'), status: 'pending'});

		// An export of the imported pairs comes back as duplicates.
		const again = pairs.export(parsed('pair.export', {source: 'imported'}));
		expect(JSON.parse(again.content.split('\n')[0]!)).toEqual({prompt: 'p1', neg: 'bad step', pos: 'good step', neg_count: 3, pos_count: 2});
		expect(pairs.import(parsed('pair.import', {fileName: 'again.jsonl', content: again.content, author: 'ada'}))).toMatchObject({imported: 0, duplicates: 2});
	});

	it('bulk-decides a filtered set, flags problems out of exports, saves views and walks a view\'s pending pairs in order', () => {
		const all = queue().total;
		const wide = queue({marginMin: 1}).total;
		expect(wide).toBeGreaterThan(0);
		expect(pairs.bulk(parsed('pair.bulk', {marginMin: 1, verdict: 'accepted', labeller: 'ada'}))).toEqual({changed: wide});
		expect(queue({status: 'accepted'}).total).toBe(wide);
		expect(queue({labeller: 'ada'}).total).toBe(wide);

		const view = {sort: 'margin' as const, direction: 'asc' as const};
		const pending = queue({...view, status: 'pending'}).rows;
		const next = pairs.next(parsed('pair.next', view));
		expect(next).toEqual({pairId: pending[0]!.id, pending: all - wide});
		expect(pairs.next(parsed('pair.next', {...view, exceptId: pending[0]!.id})).pairId).toBe(pending[1]!.id);

		const saved = pairs.saveView('lowest margin first', parsed('pair.next', view) as never);
		expect(pairs.listViews()).toEqual([saved]);
		pairs.saveView('lowest margin first', {...saved.view, roundId});
		expect(pairs.listViews()).toHaveLength(1);
		expect(pairs.listViews()[0]!.view.roundId).toBe(roundId);

		const flagged = pairs.flagProblem(parsed('pair.flagProblem', {pairId: pending[0]!.id, flagged: true, labeller: 'ada', note: 'ambiguous'}));
		expect(flagged).toEqual({flagged: true, pairs: all});
		expect(queue({flagged: true}).total).toBe(all);
		expect(pairs.export(parsed('pair.export', {})).manifest.rows).toBe(0);
		expect(pairs.get(parsed('pair.get', {pairId: pending[0]!.id})).problemFlag).toMatchObject({author: 'ada', note: 'ambiguous'});
		pairs.flagProblem(parsed('pair.flagProblem', {pairId: pending[0]!.id, flagged: false, labeller: 'ada'}));
		expect(pairs.export(parsed('pair.export', {})).manifest.rows).toBe(all);
	});

	it('stores step labels per step with the guidelines version, and exports finished trajectories in TRL\'s stepwise layout', () => {
		const guidelines = new GuidelineService(space);
		const labels = new StepLabelService(space);
		expect(guidelines.get()).toEqual({version: null, text: '', author: null, createdAt: null});
		expect(guidelines.set('Rate a step −1 when its code is wrong.', 'ada').version).toBe(1);
		expect(guidelines.set('Rate a step −1 when its code or its claim is wrong.', 'bob')).toMatchObject({version: 2, author: 'bob'});

		const leaf = stored.nodes.find(node => node.reason === 'answer' && node.depth >= 5)!;
		const trajectory = labels.trajectory(parsed('label.trajectory', {searchId: stored.searchId, leafId: leaf.id, labeller: 'ada'}));
		expect(trajectory.steps.map(step => step.nodeId)).toEqual(pathIds(stored, leaf.id).slice(1));
		expect(trajectory.guidelineVersion).toBe(2);
		const ratings = [1, 1, 0, -1] as const;
		trajectory.steps.slice(0, 4).forEach((step, i) => labels.rate(parsed('label.step', {searchId: stored.searchId, leafId: leaf.id, nodeId: step.nodeId, rating: ratings[i]!, labeller: 'ada'})));
		// Rated again: replaced, not added.
		labels.rate(parsed('label.step', {searchId: stored.searchId, leafId: leaf.id, nodeId: trajectory.steps[0]!.nodeId, rating: 1, labeller: 'ada'}));
		expect(() => labels.rate(parsed('label.step', {searchId: stored.searchId, leafId: leaf.id, nodeId: 0, rating: 1, labeller: 'ada'}))).toThrow(/not a step of the trajectory/);
		const firstWrong = trajectory.steps[3]!.nodeId;
		const finished = labels.finish(parsed('label.finish', {searchId: stored.searchId, leafId: leaf.id, labeller: 'ada', firstWrongStep: firstWrong, reason: 'found-error', msSpent: 5000}));
		expect(finished.steps.slice(0, 5).map(step => step.rating)).toEqual([1, 1, 0, -1, null]);
		expect(finished).toMatchObject({firstWrongStep: firstWrong, finish: {reason: 'found-error', msSpent: 5000}});
		expect(space.db.prepare('SELECT DISTINCT guideline_version AS v FROM step_labels').all()).toEqual([{v: 2}]);
		expect(labels.list(parsed('label.list', {}))).toEqual([expect.objectContaining({searchId: stored.searchId, leafId: leaf.id, labeller: 'ada', rated: 4, steps: leaf.depth, reason: 'found-error'})]);

		const positive = labels.export(parsed('label.export', {}));
		const [row] = positive.content.trim().split('\n').map(line => JSON.parse(line) as {prompt: string; completions: string[]; labels: boolean[]});
		expect(row!.prompt).toContain('What is 3 + 4?');
		expect(row!.completions).toEqual(trajectory.steps.slice(0, 4).map(step => step.text));
		expect(row!.labels).toEqual([true, true, true, false]);
		expect(positive.manifest.counts).toEqual({trajectories: 1, steps: 4, positive: 3, negative: 1, leftOut: 0});
		expect(JSON.parse(labels.export(parsed('label.export', {neutral: 'negative'})).content).labels).toEqual([true, true, false, false]);
	});

	it('samples pairs for blind re-labelling, hands each to k labellers, and reports self, PPM and between-labeller agreement', () => {
		const agreement = new AgreementService(space);
		const rows = queue().rows.slice(0, 6);
		// Earlier verdicts by ada: accept all six.
		for (const row of rows)
			label({pairId: row.id, verdict: 'accepted', labeller: 'ada'});
		const sample = agreement.start(parsed('agreement.start', {labeller: 'ada', size: 6, seed: 3, labellers: ['ada', 'bob'], k: 2, name: 'r1 check'}));
		expect(sample).toMatchObject({name: 'r1 check', size: 6, k: 2, labellers: ['ada', 'bob'], assigned: 12, labelled: 0});
		expect(() => parsed('agreement.start', {size: 2, labellers: ['ada'], k: 2})).toThrow(/k cannot exceed/);

		// Blind: ada accepts 5 and swaps 1 of her earlier accepts; bob accepts all.
		const blindVerdicts: Record<string, string[]> = {ada: ['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'swapped'], bob: Array(6).fill('accepted')};
		for (const labeller of ['ada', 'bob'])
			for (let i = 0; i < 6; i++) {
				const {pairId, remaining} = agreement.next(parsed('agreement.next', {sampleId: sample.id, labeller}));
				expect(remaining).toBe(6 - i);
				label({pairId: pairId!, verdict: blindVerdicts[labeller]![i] as 'accepted', labeller, sampleId: sample.id});
			}
		expect(agreement.next(parsed('agreement.next', {sampleId: sample.id, labeller: 'ada'}))).toEqual({pairId: null, remaining: 0});
		expect(() => label({pairId: queue().rows.at(-1)!.id, verdict: 'accepted', labeller: 'cy', sampleId: sample.id})).toThrow(/not handed to cy/);
		// Blind decisions leave the pairs' status as it was.
		expect(queue({status: 'accepted'}).total).toBe(6);
		expect(queue({status: 'swapped'}).total).toBe(0);

		const report = agreement.report(sample.id);
		expect(report.sample.labelled).toBe(12);
		expect(report.rows).toHaveLength(1);
		// Self: ada's 6 blind verdicts against her accepts; bob had no earlier verdicts.
		expect(report.overall.self).toEqual(cohensKappa([...Array(5).fill(['accepted', 'accepted']), ['accepted', 'swapped']]));
		expect(report.overall.self.raw).toBeCloseTo(5 / 6, 9);
		expect(report.overall.between).toMatchObject({n: 6, raw: 5 / 6});
		// PPM: every blind preference against the stored scores' preference.
		expect(report.overall.ppm.n).toBe(12);
	});

	it('computes Cohen\'s κ as the textbook example does', () => {
		// 50 items: both yes 20, both no 15, a yes / b no 5, a no / b yes 10 → p_o 0.7, p_e 0.5, κ 0.4.
		const items = [...Array(20).fill(['yes', 'yes']), ...Array(15).fill(['no', 'no']), ...Array(5).fill(['yes', 'no']), ...Array(10).fill(['no', 'yes'])] as [string, string][];
		const result = cohensKappa(items);
		expect(result.n).toBe(50);
		expect(result.raw).toBeCloseTo(0.7, 12);
		expect(result.kappa).toBeCloseTo(0.4, 12);
		expect(cohensKappa([])).toEqual({n: 0, raw: null, kappa: null});
		expect(cohensKappa([['a', 'a'], ['a', 'a']])).toEqual({n: 2, raw: 1, kappa: null});
	});
});

function pathIds(stored: ScriptedSearch, id: number): number[] {
	const ids: number[] = [];
	for (let at: number | null = id; at !== null; at = stored.nodes[at]!.parentId)
		ids.unshift(at);
	return ids;
}
