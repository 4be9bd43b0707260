import fs from 'node:fs';
import path from 'node:path';
import {RstarError} from './contract/errors.js';
import {StartupSettings} from './contract/settings.js';
import {defaultWorkspacePath, userDataDir} from './paths.js';
import {Workspace} from './store/Workspace.js';
import {writeFileWhole} from './writeFileWhole.js';

/** The user-level settings file, in the user-data folder the app and the CLI share. */
export function startupSettingsFile(userData = userDataDir()): string {
	return path.join(userData, 'workbench.json');
}

/**
 * The workspace a start opens when no `--db` is given: the one chosen last (`workspace.choose`), else
 * `<user data>/workspace.db`. A settings file that cannot be read or fails its schema is ignored: the default opens.
 */
export function startupWorkspacePath(userData = userDataDir()): string {
	const file = startupSettingsFile(userData);
	let stored: StartupSettings = {};
	try {
		stored = StartupSettings.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
	} catch {
		// No file yet (the usual case), or one edited by hand into something else.
	}
	return stored.workspacePath ?? defaultWorkspacePath(userData);
}

/**
 * Makes `workspacePath` the workspace of the next start without `--db`, after checking it: absolute, and — if the
 * file exists — a workspace this build can open (a SQLite file whose schema is ours, or an empty one). A file that
 * does not exist yet becomes a new workspace at that start. Returns the path recorded.
 */
export function chooseStartupWorkspace(workspacePath: string, options: {userData?: string; nativeBinding?: string} = {}): string {
	if (!path.isAbsolute(workspacePath))
		throw new RstarError('invalid-params', `${workspacePath} is not an absolute path — give the workspace file's full path`, {issues: [{path: ['path'], message: 'give an absolute path'}]});
	if (fs.existsSync(workspacePath))
		checkWorkspaceFile(workspacePath, options.nativeBinding);
	const file = startupSettingsFile(options.userData);
	fs.mkdirSync(path.dirname(file), {recursive: true});
	writeFileWhole(file, `${JSON.stringify({workspacePath} satisfies StartupSettings, null, '\t')}\n`);
	return workspacePath;
}

function checkWorkspaceFile(workspacePath: string, nativeBinding: string | undefined): void {
	const notOurs = (why: string) => new RstarError('invalid-params', `${workspacePath} is not an rStar workspace: ${why} — pick a workspace .db, or a new file name`,
		{issues: [{path: ['path'], message: why}]});
	if (!fs.statSync(workspacePath).isFile())
		throw notOurs('it is not a file');
	let workspace: Workspace;
	try {
		workspace = Workspace.open(workspacePath, {readonly: true, nativeBinding});
	} catch (error) {
		if (error instanceof RstarError)
			throw error;
		throw notOurs((error as Error).message);
	}
	try {
		const tables = workspace.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as {n: number};
		// Another program's database: the next start would add our tables to it.
		if (workspace.schemaVersion === 0 && tables.n > 0)
			throw notOurs('it is another program\'s SQLite database');
	} catch (error) {
		if (error instanceof RstarError)
			throw error;
		throw notOurs((error as Error).message);
	} finally {
		workspace.close();
	}
}
