import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {describe, expect, it} from 'vitest';
import {App} from '../../src-main/app.js';
import {chooseStartupWorkspace, startupSettingsFile, startupWorkspacePath} from '../../src-main/startupWorkspace.js';
import {Workspace} from '../../src-main/store/Workspace.js';
import {dispatch} from '../../src-main/transport/dispatch.js';
import {useTempDir} from '../support/tempDir.js';

describe('the workspace of the next start (user-level settings file)', () => {
	const tempDir = useTempDir();

	it('opens <user data>/workspace.db until another is chosen, and ignores a broken settings file', () => {
		const userData = tempDir();
		expect(startupWorkspacePath(userData)).toBe(path.join(userData, 'workspace.db'));
		const chosen = path.join(tempDir(), 'next.db');
		expect(chooseStartupWorkspace(chosen, {userData})).toBe(chosen);
		expect(startupWorkspacePath(userData)).toBe(chosen);
		fs.writeFileSync(startupSettingsFile(userData), '{"workspacePath": 7}');
		expect(startupWorkspacePath(userData)).toBe(path.join(userData, 'workspace.db'));
	});

	it('takes an existing workspace or a new file, and refuses what is not a workspace, naming why', () => {
		const userData = tempDir();
		const dir = tempDir();
		const existing = path.join(dir, 'existing.db');
		Workspace.open(existing).close();
		expect(chooseStartupWorkspace(existing, {userData})).toBe(existing);

		const text = path.join(dir, 'notes.txt');
		fs.writeFileSync(text, 'not a database, just some words that fill the first page of the file '.repeat(20));
		const other = path.join(dir, 'other.db');
		const db = new Database(other);
		db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY)');
		db.close();
		for (const [file, why] of [['relative.db', /is not an absolute path/], [text, /is not an rStar workspace: file is not a database/],
			[other, /is not an rStar workspace: it is another program's SQLite database/], [dir, /is not an rStar workspace: it is not a file/]] as const)
			expect(() => chooseStartupWorkspace(file, {userData})).toThrow(why);
		expect(startupWorkspacePath(userData)).toBe(existing);
	});

	it('over the API: app.info names the workspace open now and the one of the next start', async () => {
		const userData = tempDir();
		const dir = tempDir();
		const app = await App.open({workspacePath: path.join(dir, 'w.db'), host: 'browser', seedBuiltins: false, userDataDir: userData});
		try {
			const next = path.join(dir, 'next.db');
			expect(await dispatch(app.handlers, 'workspace.choose', {path: next})).toEqual({ok: true, result: {workspacePath: path.join(dir, 'w.db'), startupWorkspacePath: next}});
			expect(await dispatch(app.handlers, 'app.info', {})).toMatchObject({ok: true, result: {workspacePath: path.join(dir, 'w.db'), startupWorkspacePath: next}});
			expect(await dispatch(app.handlers, 'workspace.choose', {path: 'w.db'}))
				.toMatchObject({ok: false, error: {code: 'invalid-params', details: {issues: [{path: ['path'], message: 'give an absolute path'}]}}});
		} finally {
			await app.close();
		}
	});
});
