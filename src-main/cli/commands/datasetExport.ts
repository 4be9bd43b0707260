import fs from 'node:fs';
import {z} from 'zod';
import {DatasetExportParams} from '../../contract/datasets.js';
import {parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';
import {parseFlags, schemaFlags} from '../schemaArgs.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

const format = DatasetExportParams.pick({format: true});
const flags = schemaFlags(format);

const Args = z.object({
	positionals: z.tuple([z.string().min(1)], {error: 'give exactly one DATASET (its name or id)'}),
	out: z.string().min(1, 'give the file to write with --out FILE'),
	db: dbArg
}).loose();

export const datasetExport: CliCommand = {
	name: 'dataset export',
	summary: 'write a dataset\'s problems to a file that `rstar dataset import` reads back ({index, question, answer, level, subject, …} per problem)',
	usage: `rstar dataset export DATASET --out FILE ${flags.usage} [--db PATH]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {...flags.options, out: {type: 'string'}, ...dbOption}, Args);
		const parsed = parseFlags(format, flags.given(args), flags);
		const app = await openCliApp(args.db);
		try {
			const dataset = app.datasets.find(args.positionals[0]);
			const file = app.datasets.export({id: dataset.id, format: parsed.format});
			await fs.promises.writeFile(args.out, file.content);
			writeJson({dataset: dataset.name, out: args.out, format: parsed.format, problems: file.problems});
			return 0;
		} finally {
			await app.close();
		}
	}
};
