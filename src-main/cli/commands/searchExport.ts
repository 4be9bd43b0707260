import fs from 'node:fs';
import {z} from 'zod';
import {RstarError} from '../../contract/errors.js';
import {rstarRecord} from '../../contract/rstarRecord.js';
import {startupWorkspacePath} from '../../startupWorkspace.js';
import {SearchStore} from '../../store/SearchStore.js';
import {Workspace} from '../../store/Workspace.js';
import {intArg, parseCommandArgs, type CliCommand} from '../CliCommand.js';
import {dbArg, dbOption} from '../workspaceArg.js';

const Args = z.object({
	positionals: z.array(intArg(1, Number.MAX_SAFE_INTEGER)).min(1, {error: 'name at least one search id'}),
	format: z.enum(['rstar']).default('rstar'),
	out: z.string().min(1).optional(),
	db: dbArg
});

export const searchExport: CliCommand = {
	name: 'search export',
	summary: 'write stored searches in the reference implementation\'s layout (one JSON line per search: question, answer, and the tag-keyed tree under "rstar"), the input of its extraction scripts',
	usage: 'rstar search export ID… [--format rstar] [--out FILE.jsonl] [--db PATH]',
	async run(argv) {
		const args = parseCommandArgs(argv, {format: {type: 'string'}, out: {type: 'string'}, ...dbOption}, Args);
		const workspace = Workspace.open(args.db ?? startupWorkspacePath());
		try {
			const store = new SearchStore(workspace.db);
			const lines = args.positionals.map(id => {
				const search = store.get(id);
				if (!search)
					throw new RstarError('not-found', `no search ${id} in ${workspace.path}`);
				return JSON.stringify(rstarRecord(search, store.nodes(id)));
			});
			const text = `${lines.join('\n')}\n`;
			if (args.out)
				fs.writeFileSync(args.out, text);
			else
				process.stdout.write(text);
			return 0;
		} finally {
			workspace.close();
		}
	}
};
