import {z} from 'zod';
import {DatasetName} from '../../contract/datasets.js';
import {parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

const Args = z.object({
	positionals: z.tuple([z.string().min(1), DatasetName], {error: 'give DATASET (its name or id) and its NEW-NAME'}),
	db: dbArg
});

export const datasetRename: CliCommand = {
	name: 'dataset rename',
	summary: 'rename an imported dataset (built-in ones keep their names)',
	usage: 'rstar dataset rename DATASET NEW-NAME [--db PATH]',
	async run(argv) {
		const args = parseCommandArgs(argv, dbOption, Args);
		const app = await openCliApp(args.db);
		try {
			const [from, name] = args.positionals;
			writeJson(app.datasets.rename({id: app.datasets.find(from).id, name}));
			return 0;
		} finally {
			await app.close();
		}
	}
};
