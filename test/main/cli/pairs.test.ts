import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {PairDetail, PairPage} from '../../../src-main/contract/curation.js';
import {runCli} from '../../support/runCli.js';
import {useTempDir} from '../../support/tempDir.js';

/** `rstar pairs …`: headless curation on the same services as the Pairs page, flags derived from the contract. */
describe('rstar pairs', () => {
	const tempDir = useTempDir();

	it('imports, lists, shows, labels, undoes, bulk-decides and exports pairs, and re-imports the export as duplicates', () => {
		const dir = tempDir();
		const db = ['--db', path.join(dir, 'w.db')];
		const rstar = (args: string[]) => {
			const result = runCli([...args, ...db]);
			expect(result.status, result.stderr).toBe(0);
			return JSON.parse(result.stdout) as unknown;
		};
		const input = path.join(dir, 'pairs.jsonl');
		fs.writeFileSync(input, [
			{prompt: 'What is 2 + 2?\n', pos: 'x = 2 + 2\n<end_of_step>', neg: 'x = 2 * 3\n<end_of_step>', pos_count: 1, neg_count: 2},
			{prompt: 'What is 3 + 3?\n', chosen: 'y = 6\n<end_of_step>', rejected: 'y = 9\n<end_of_step>'},
			{prompt: 'What is 4 + 4?\n', pos: 'z = 8\n<end_of_step>', neg: 'z = 44\n<end_of_step>'}
		].map(row => JSON.stringify(row)).join('\n') + '\n{broken\n');
		expect(rstar(['pairs', 'import', input, '--author', 'ada'])).toMatchObject({imported: 3, duplicates: 0, refusedTotal: 1, refused: [{line: 4}]});

		const page = rstar(['pairs', 'list', '--source', 'imported', '--sort', 'editDistance', '--direction', 'desc']) as PairPage;
		expect(page.total).toBe(3);
		expect(page.counts.pending).toBe(3);
		const distances = page.rows.map(row => row.editDistance);
		expect(distances).toEqual([...distances].sort((a, b) => b - a));
		const [first, second, third] = page.rows;

		const shown = rstar(['pairs', 'show', String(first!.id)]) as PairDetail;
		expect(shown).toMatchObject({id: first!.id, source: 'imported', prefix: [], decisions: [], blind: false});

		expect(rstar(['pairs', 'label', String(first!.id), '--verdict', 'accepted', '--labeller', 'ada', '--note', 'fine'])).toMatchObject({
			decision: {verdict: 'accepted', labeller: 'ada', note: 'fine'}, pair: {status: 'accepted'}
		});
		expect(rstar(['pairs', 'label', String(second!.id), '--verdict', 'edited', '--chosen-text', 'fixed\n<end_of_step>', '--labeller', 'ada'])).toMatchObject({pair: {status: 'edited'}});
		expect(rstar(['pairs', 'undo', '--labeller', 'ada'])).toMatchObject({undone: {pairId: second!.id, verdict: 'edited'}, pair: {status: 'pending'}});
		// A bad flag value is named; an edit without its text is refused.
		const bad = runCli(['pairs', 'label', String(third!.id), '--verdict', 'maybe', '--labeller', 'ada', ...db]);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toMatch(/--verdict: Invalid option/);
		expect(runCli(['pairs', 'label', String(third!.id), '--verdict', 'edited', '--labeller', 'ada', ...db]).stderr).toMatch(/corrected text/);
		// No labeller given and no user name set: said how to give one.
		expect(runCli(['pairs', 'undo', ...db]).stderr).toMatch(/give --labeller NAME/);

		expect(rstar(['pairs', 'bulk', '--verdict', 'accepted', '--status', 'pending', '--by', 'bob'])).toEqual({changed: 2});
		expect((rstar(['pairs', 'list', '--labeller', 'bob']) as PairPage).total).toBe(2);

		const out = path.join(dir, 'out.jsonl');
		expect(rstar(['pairs', 'export', '--out', out, '--layout', 'trl', '--scope', 'judged'])).toMatchObject({rows: 3, counts: {accepted: 3}});
		const rows = fs.readFileSync(out, 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, string>);
		expect(rows.map(row => Object.keys(row))).toEqual(Array(3).fill(['prompt', 'chosen', 'rejected']));
		expect(JSON.parse(fs.readFileSync(`${out}.manifest.json`, 'utf8'))).toMatchObject({kind: 'pairs', layout: 'trl', rows: 3, filters: {scope: 'judged'}});
		expect(rstar(['pairs', 'import', out, '--author', 'ada'])).toMatchObject({imported: 0, duplicates: 3});
	});
});
