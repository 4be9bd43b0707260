import {z} from 'zod';
import {DatasetName} from '../../contract/datasets.js';
import {parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

const Args = z.object({
	positionals: z.tuple([z.string().min(1)], {error: 'give exactly one FILE'}),
	name: DatasetName,
	db: dbArg,
	'skip-invalid': z.boolean().default(false)
});

export const datasetImport: CliCommand = {
	name: 'dataset import',
	summary: 'import a JSON (rStar eval layout), JSON Lines or Parquet file of problems',
	usage: 'rstar dataset import FILE --name NAME [--db PATH] [--skip-invalid]',
	async run(argv) {
		const args = parseCommandArgs(argv, {name: {type: 'string'}, 'skip-invalid': {type: 'boolean'}, ...dbOption}, Args);
		const app = await openCliApp(args.db);
		try {
			const report = await app.datasets.importFile({
				name: args.name, filePath: args.positionals[0], skipInvalid: args['skip-invalid']
			});
			writeJson({dataset: report.dataset, imported: report.imported, skipped: report.skipped, warnings: report.warnings});
			return 0;
		} finally {
			await app.close();
		}
	}
};
