import path from 'node:path';
import Database from 'better-sqlite3';
import {describe, expect, it} from 'vitest';
import {migrations} from '../../../src-main/store/migrations/index.js';
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
