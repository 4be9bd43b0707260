import {z} from 'zod';
import {App, type AppOptions} from '../app.js';
import {startupWorkspacePath} from '../startupWorkspace.js';

/** `--db PATH`: the workspace file. Defaults to the one the app uses, in the user-data folder. */
export const dbOption = {db: {type: 'string'}} as const;
export const dbArg = z.string().min(1).optional();

type CliAppOptions = Pick<AppOptions, 'searchesPerModel' | 'seedBuiltins' | 'models' | 'sandboxes'>;

export function openCliApp(db: string | undefined, options: CliAppOptions = {}): Promise<App> {
	return App.open({...options, workspacePath: db ?? startupWorkspacePath(), host: 'browser'});
}

/** Runs `work` on the workspace's app and closes it. */
export async function withCliApp<T>(db: string | undefined, options: CliAppOptions, work: (app: App) => T | Promise<T>): Promise<T> {
	const app = await openCliApp(db, options);
	try {
		return await work(app);
	} finally {
		await app.close();
	}
}
