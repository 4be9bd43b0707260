import path from 'node:path';
import Database from 'better-sqlite3';
import {describe, expect, it} from 'vitest';
import {migrations} from '../../../src-main/store/migrations/index.js';
import {rstarTrainingPrompt} from '../../../src-main/prompts/promptFormats.js';
import {PairService} from '../../../src-main/services/PairService.js';
import {applyMigrations, Workspace} from '../../../src-main/store/Workspace.js';
import {useTempDir} from '../../support/tempDir.js';

describe('Workspace', () => {
	const tempDir = useTempDir();

	it('opens a new file in WAL mode with foreign keys and every migration applied', () => {
		const workspace = Workspace.open(path.join(tempDir(), 'nested', 'w.db'));
		try {
			expect(workspace.db.pragma('journal_mode', {simple: true})).toBe('wal');
			expect(workspace.db.pragma('foreign_keys', {simple: true})).toBe(1);
			expect(workspace.schemaVersion).toBe(migrations.at(-1)!.version);
			const tables = workspace.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
			expect(tables).toEqual(expect.arrayContaining(['datasets', 'problems', 'problems_fts']));
		} finally {
			workspace.close();
		}
	});

	it('applies only pending migrations, in order, and keeps data across reopen', () => {
		const file = path.join(tempDir(), 'w.db');
		const db = new Database(file);
		expect(applyMigrations(db, [
			{version: 1, name: 'a', sql: 'CREATE TABLE a (x)'},
			{version: 2, name: 'b', sql: 'CREATE TABLE b (y)'}
		])).toEqual([1, 2]);
		db.prepare('INSERT INTO a VALUES (1)').run();
		expect(applyMigrations(db, [
			{version: 1, name: 'a', sql: 'CREATE TABLE a (x)'},
			{version: 2, name: 'b', sql: 'CREATE TABLE b (y)'},
			{version: 3, name: 'c', sql: 'ALTER TABLE a ADD COLUMN z DEFAULT 7'}
		])).toEqual([3]);
		expect(db.prepare('SELECT x, z FROM a').get()).toEqual({x: 1, z: 7});
		db.close();
	});

	it('rolls back a failing migration whole, leaving the previous version', () => {
		const db = new Database(path.join(tempDir(), 'w.db'));
		applyMigrations(db, [{version: 1, name: 'a', sql: 'CREATE TABLE a (x)'}]);
		expect(() => applyMigrations(db, [
			{version: 1, name: 'a', sql: 'CREATE TABLE a (x)'},
			{version: 2, name: 'broken', sql: 'CREATE TABLE b (y); INSERT INTO nowhere VALUES (1);'}
		])).toThrow(/no such table: nowhere/);
		expect(db.pragma('user_version', {simple: true})).toBe(1);
		expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(0);
		db.close();
	});

	it('migrations 4 and 5 rebuild the searches table and rename the node prior without losing what refers to them; a search left running becomes interrupted', () => {
		const file = path.join(tempDir(), 'w.db');
		const db = new Database(file);
		db.pragma('foreign_keys = ON');
		applyMigrations(db, migrations.filter(migration => migration.version <= 3));
		const insertSearch = db.prepare(`INSERT INTO searches (id, question, gold_answers, settings, policy_path, policy_sha256, status, completed_rollouts, created_at)
			VALUES (?, 'q', '[]', '{}', 'p.gguf', 'h', ?, 1, 'then')`);
		insertSearch.run(1, 'running');
		insertSearch.run(2, 'done');
		const insertNode = db.prepare(`INSERT INTO search_nodes (search_id, id, parent_id, depth, text, code, terminal, visits, value_sum, prior, consecutive_errors, rollout)
			VALUES (1, ?, ?, ?, 't', '', 0, 1, 0, 0, 0, 0)`);
		insertNode.run(0, null, 0);
		insertNode.run(1, 0, 1);
		insertNode.run(2, 0, 1);
		db.prepare("INSERT INTO search_events (search_id, seq, rollout, kind, payload) VALUES (1, 0, 0, 'backup', '{}')").run();
		db.prepare(`INSERT INTO preference_pairs (search_id, parent_id, chosen_id, rejected_id, chosen_q, rejected_q, source, author, note, created_at)
			VALUES (1, 0, 1, 2, 1, -1, 'hand', 'ada', '', 'then')`).run();
		db.close();

		const workspace = Workspace.open(file);
		try {
			expect(workspace.schemaVersion).toBe(migrations.at(-1)!.version);
			const count = (table: string) => workspace.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
			expect([count('searches'), count('search_nodes'), count('search_events'), count('preference_pairs')]).toEqual([2, 3, 1, 1]);
			expect(workspace.db.prepare('SELECT id, status, completed_rollouts FROM searches ORDER BY id').all())
				.toEqual([{id: 1, status: 'interrupted', completed_rollouts: 1}, {id: 2, status: 'done', completed_rollouts: 1}]);
			expect(workspace.db.pragma('foreign_keys', {simple: true})).toBe(1);
			expect(workspace.db.pragma('foreign_key_check')).toEqual([]);
			// Migration 5: a node's prior became its reference `value`, data kept.
			expect(workspace.db.prepare('SELECT value FROM search_nodes WHERE search_id = 1 ORDER BY id').pluck().all()).toEqual([0, 0, 0]);
			// The references still cascade to the rebuilt table.
			workspace.db.prepare('DELETE FROM searches WHERE id = 1').run();
			expect([count('search_nodes'), count('preference_pairs')]).toEqual([0, 0]);
		} finally {
			workspace.close();
		}
	});

	it('migration 11 turns hand pairs into queue items accepted by their author; the pair service fills in their prompt and edit distance', () => {
		const file = path.join(tempDir(), 'w.db');
		const db = new Database(file);
		db.pragma('foreign_keys = ON');
		applyMigrations(db, migrations.filter(migration => migration.version <= 10));
		db.prepare(`INSERT INTO searches (id, question, gold_answers, settings, policy_path, policy_sha256, status, completed_rollouts, created_at)
			VALUES (1, 'What is 3 + 4?', '["7"]', '{}', 'p.gguf', 'h', 'done', 1, 'then')`).run();
		const insertNode = db.prepare(`INSERT INTO search_nodes (search_id, id, parent_id, depth, text, code, terminal, visits, value_sum, value, ppm, consecutive_errors, rollout)
			VALUES (1, ?, ?, ?, ?, '', 0, 2, ?, 0, ?, 0, 0)`);
		insertNode.run(0, null, 0, 'What is 3 + 4?', 0, null);
		insertNode.run(1, 0, 1, 'x = 3 + 4<end_of_step>', 2, 0.9);
		insertNode.run(2, 0, 1, 'x = 3 * 4<end_of_step>', -2, 0.1);
		db.prepare(`INSERT INTO preference_pairs (search_id, parent_id, chosen_id, rejected_id, chosen_q, rejected_q, source, author, note, created_at)
			VALUES (1, 0, 1, 2, 1, -1, 'hand', 'ada', 'adds', '2026-01-02')`).run();
		db.close();

		const workspace = Workspace.open(file);
		try {
			expect(workspace.db.prepare('SELECT source, status, decided_by, margin, depth, ppm_chosen, ppm_rejected, prompt, edit_distance, note FROM preference_pairs').get())
				.toEqual({source: 'hand', status: 'accepted', decided_by: 'ada', margin: 2, depth: 0, ppm_chosen: 0.9, ppm_rejected: 0.1, prompt: null, edit_distance: null, note: 'adds'});
			expect(workspace.db.prepare('SELECT pair_id, labeller, verdict, created_at FROM pair_decisions').all()).toEqual([{pair_id: 1, labeller: 'ada', verdict: 'accepted', created_at: '2026-01-02'}]);
			new PairService(workspace);
			const pair = workspace.db.prepare('SELECT prompt, edit_distance FROM preference_pairs').get() as {prompt: string; edit_distance: number};
			expect(pair.prompt).toBe(rstarTrainingPrompt('What is 3 + 4?'));
			expect(pair.edit_distance).toBe(1);
		} finally {
			workspace.close();
		}
	});

	it('rolls back a migration that leaves a broken reference', () => {
		const db = new Database(path.join(tempDir(), 'w.db'));
		expect(() => applyMigrations(db, [
			{version: 1, name: 'a', sql: 'CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (a_id REFERENCES a(id)); INSERT INTO b VALUES (42);'}
		])).toThrow(/migration 1 \(a\) leaves 1 broken references, the first in b row 1 to a/);
		expect(db.pragma('user_version', {simple: true})).toBe(0);
		db.close();
	});

	it('refuses a workspace from a newer build, naming the fix', () => {
		const file = path.join(tempDir(), 'w.db');
		const db = new Database(file);
		db.pragma('user_version = 999');
		db.close();
		expect(() => Workspace.open(file)).toThrow(/schema version 999, newer than this build knows .* update rStar Workbench/);
	});

	it('deletes a dataset\'s problems with it (foreign keys cascade) and keeps search in step', () => {
		const workspace = Workspace.open(path.join(tempDir(), 'w.db'));
		try {
			const db = workspace.db;
			db.prepare("INSERT INTO datasets (id, name, source, format, sha256, imported_at) VALUES (1, 'd', 's', 'json', 'h', 'now')").run();
			db.prepare("INSERT INTO problems (dataset_id, ordinal, question, answers, has_answer) VALUES (1, 1, 'zebra crossing', '[]', 0)").run();
			expect(db.prepare("SELECT COUNT(*) FROM problems_fts WHERE problems_fts MATCH 'zebra'").pluck().get()).toBe(1);
			db.prepare('DELETE FROM datasets WHERE id = 1').run();
			expect(db.prepare('SELECT COUNT(*) FROM problems').pluck().get()).toBe(0);
			expect(db.prepare("SELECT COUNT(*) FROM problems_fts WHERE problems_fts MATCH 'zebra'").pluck().get()).toBe(0);
			expect(() => db.prepare("INSERT INTO problems (dataset_id, ordinal, question, answers, has_answer) VALUES (42, 1, 'q', '[]', 0)").run())
				.toThrow(/FOREIGN KEY/);
		} finally {
			workspace.close();
		}
	});
});
