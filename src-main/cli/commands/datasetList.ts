import {z} from 'zod';
import {parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';
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
			const rows = datasets.map(d => [String(d.id), d.name, String(d.problemCount), String(d.noAnswerCount), d.format, d.builtin ? 'built-in' : d.source]);
			const header = ['id', 'name', 'problems', 'no answer', 'format', 'source'];
			const widths = header.map((title, i) => Math.max(title.length, ...rows.map(row => row[i]!.length)));
			for (const row of [header, ...rows])
				process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
			return 0;
		} finally {
			await app.close();
		}
	}
};
