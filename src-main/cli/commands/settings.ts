import {z} from 'zod';
import {SearchSettings} from '../../contract/search.js';
import {SandboxSettings, SettingsUpdate, WorkbenchSettings, type WorkbenchSettings as Settings} from '../../contract/settings.js';
import {CliUsageError, parseCommandArgs, type CliCommand} from '../CliCommand.js';
import {parseFlags, parseGiven, schemaFlags} from '../schemaArgs.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

// Every flag from the settings' schemas: `--user-name`, `--models-dir`, `--data-dir`; the sandbox's prefixed
// (`--sandbox-workers`); the search defaults' prefixed (`--search-preset`, `--search-exec-timeout-ms`).
const topFlags = schemaFlags(WorkbenchSettings.pick({userName: true, modelsDir: true, dataDir: true}));
const sandboxFlags = schemaFlags(SandboxSettings, 'sandbox-');
const searchFlags = schemaFlags(SearchSettings, 'search-');

const print = (settings: Settings) => process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);

const GetArgs = z.object({
	positionals: z.tuple([], {error: 'settings get takes only --db'}),
	db: dbArg
});

export const settingsGet: CliCommand = {
	name: 'settings get',
	summary: 'print the workspace\'s settings (every one, defaults filled in) as JSON',
	usage: 'rstar settings get [--db PATH]',
	async run(argv) {
		const args = parseCommandArgs(argv, dbOption, GetArgs);
		const app = await openCliApp(args.db, {seedBuiltins: false});
		try {
			print(app.settings.get());
			return 0;
		} finally {
			await app.close();
		}
	}
};

const SetArgs = z.looseObject({
	positionals: z.tuple([], {error: 'settings set takes only options'}),
	'search-clear': z.boolean().default(false),
	db: dbArg
});

export const settingsSet: CliCommand = {
	name: 'settings set',
	summary: 'change the workspace\'s settings given, then print them all; the search flags change the search defaults one by one (--search-clear drops the stored ones first); --models-dir none and --data-dir none go back to the default place. A running app picks a change up at its next search',
	usage: `rstar settings set ${topFlags.usage} ${sandboxFlags.usage} [--search-clear] ${searchFlags.usage} [--db PATH]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {...topFlags.options, ...sandboxFlags.options, ...searchFlags.options, 'search-clear': {type: 'boolean'}, ...dbOption}, SetArgs);
		const top = topFlags.given(args);
		for (const folder of ['modelsDir', 'dataDir'])
			if (top[folder] === 'none')
				top[folder] = null;
		const update = parseFlags(SettingsUpdate.pick({userName: true, modelsDir: true, dataDir: true}), top, topFlags);
		const sandbox = parseGiven(SandboxSettings, sandboxFlags.given(args), sandboxFlags);
		const search = parseGiven(SearchSettings, searchFlags.given(args), searchFlags);
		const searchGiven = Object.keys(search).length > 0 || args['search-clear'];
		if (Object.keys(update).length === 0 && Object.keys(sandbox).length === 0 && !searchGiven)
			throw new CliUsageError('give at least one setting to change');

		const app = await openCliApp(args.db, {seedBuiltins: false});
		try {
			const current = app.settings.get();
			print(app.settings.set({
				...update,
				...Object.keys(sandbox).length > 0 && {sandbox},
				...searchGiven && {searchDefaults: {...args['search-clear'] ? {} : current.searchDefaults, ...search}}
			}));
			return 0;
		} finally {
			await app.close();
		}
	}
};

export const settingsCommands: readonly CliCommand[] = [settingsGet, settingsSet];
