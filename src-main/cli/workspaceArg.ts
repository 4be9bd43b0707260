import {z} from 'zod';
import {App, type AppOptions} from '../app.js';
import {startupWorkspacePath} from '../startupWorkspace.js';

/** `--db PATH`: the workspace file. Defaults to the one the app uses, in the user-data folder. */
export const dbOption = {db: {type: 'string'}} as const;
export const dbArg = z.string().min(1).optional();

export function openCliApp(db: string | undefined, options: Pick<AppOptions, 'searchesPerModel' | 'seedBuiltins' | 'models' | 'sandboxes'> = {}): Promise<App> {
	return App.open({...options, workspacePath: db ?? startupWorkspacePath(), host: 'browser'});
}
