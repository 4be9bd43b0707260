import {z} from 'zod';
import {parseCommandArgs, writeJson, writeTable, type CliCommand} from '../CliCommand.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

const Args = z.object({
	positionals: z.tuple([], {error: 'dataset list takes no positional arguments'}),
	json: z.boolean().default(false),
	db: dbArg
});

export const datasetList: CliCommand = {
	name: 'dataset list',
	summary: 'list the datasets of a workspace',
	usage: 'rstar dataset list [--json] [--db PATH]',
	async run(argv) {
		const args = parseCommandArgs(argv, {json: {type: 'boolean'}, ...dbOption}, Args);
		const app = await openCliApp(args.db);
		try {
			const datasets = app.datasets.list();
			if (args.json) {
				writeJson(datasets);
				return 0;
			}
			writeTable(['id', 'name', 'problems', 'no answer', 'format', 'source'],
				datasets.map(d => [String(d.id), d.name, String(d.problemCount), String(d.noAnswerCount), d.format, d.builtin ? 'built-in' : d.source]));
			return 0;
		} finally {
			await app.close();
		}
	}
};
