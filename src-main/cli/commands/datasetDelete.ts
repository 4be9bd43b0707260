import readline from 'node:readline/promises';
import {z} from 'zod';
import {DatasetDeleteParams} from '../../contract/datasets.js';
import {CliUsageError, parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';
import {parseFlags, schemaFlags} from '../schemaArgs.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

const choice = DatasetDeleteParams.pick({searches: true});
const flags = schemaFlags(choice);

const Args = z.object({
	positionals: z.tuple([z.string().min(1)], {error: 'give exactly one DATASET (its name or id)'}),
	yes: z.boolean().default(false),
	db: dbArg
}).loose();

export const datasetDelete: CliCommand = {
	name: 'dataset delete',
	summary: 'delete an imported dataset and its problems, asking first (--yes does not ask); the searches of its problems are kept, unlinked, or removed with --searches remove',
	usage: `rstar dataset delete DATASET ${flags.usage} [--yes] [--db PATH]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {...flags.options, yes: {type: 'boolean'}, ...dbOption}, Args);
		const {searches} = parseFlags(choice, flags.given(args), flags);
		const app = await openCliApp(args.db);
		try {
			const dataset = app.datasets.find(args.positionals[0]);
			if (!args.yes && !await confirm(`delete "${dataset.name}" (${dataset.problemCount} problems) and ${searches} the searches of its problems? [y/N] `))
				return 1;
			writeJson(app.datasets.delete({id: dataset.id, searches}));
			return 0;
		} finally {
			await app.close();
		}
	}
};

/** Asks on the terminal; without one there is nobody to ask, so `--yes` is required. */
async function confirm(question: string): Promise<boolean> {
	if (!process.stdin.isTTY)
		throw new CliUsageError('no terminal to confirm on: pass --yes to delete without asking');
	const prompt = readline.createInterface({input: process.stdin, output: process.stderr});
	try {
		return /^y(es)?$/i.test((await prompt.question(question)).trim());
	} finally {
		prompt.close();
	}
}
