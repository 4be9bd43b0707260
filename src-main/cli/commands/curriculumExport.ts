import {z} from 'zod';
import {exportCurriculum} from '../../curriculum/exportCurriculum.js';
import {PyodideExecutorPool} from '../../sandbox/PyodideExecutorPool.js';
import {intArg, parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';

const Args = z.object({
	positionals: z.tuple([], {error: 'curriculum export takes --out DIR'}),
	out: z.string().min(1),
	seed: intArg(0, 2 ** 31 - 1).default(0),
	train: intArg(1, 10_000).default(20),
	'held-out': intArg(1, 10_000).default(5),
	'held-out-templates': intArg(1, 10_000).default(5)
});

export const curriculumExport: CliCommand = {
	name: 'curriculum export',
	summary: 'generate the tiny curriculum (three levels, three splits), verify every reference solution in the sandbox, write rStar-format JSON',
	usage: 'rstar curriculum export --out DIR [--seed S] [--train N] [--held-out N] [--held-out-templates N]',
	async run(argv) {
		const args = parseCommandArgs(argv, {
			out: {type: 'string'}, seed: {type: 'string'}, train: {type: 'string'}, 'held-out': {type: 'string'}, 'held-out-templates': {type: 'string'}
		}, Args);
		const executor = new PyodideExecutorPool({size: 2, cacheEntries: 0});
		try {
			writeJson(await exportCurriculum(args.out, executor, {
				seed: args.seed, train: args.train, heldOut: args['held-out'], heldOutTemplates: args['held-out-templates']
			}));
			return 0;
		} finally {
			await executor.close();
		}
	}
};
