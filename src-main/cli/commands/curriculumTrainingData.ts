import {z} from 'zod';
import {writeTrainingData} from '../../curriculum/writeTrainingData.js';
import {PyodideExecutorPool} from '../../sandbox/PyodideExecutorPool.js';
import {intArg, parseCommandArgs, writeJson, type CliCommand} from '../CliCommand.js';

/** `2=0.15`: keep 15 % of level 2's training instances. */
const LevelShare = z.string().regex(/^[123]=(0(\.\d+)?|1(\.0+)?)$/, 'a level share is LEVEL=FRACTION, e.g. 2=0.15');

const Args = z.object({
	positionals: z.tuple([], {error: 'curriculum training-data takes --out DIR'}),
	out: z.string().min(1),
	seed: intArg(0, 2 ** 31 - 1).default(0),
	train: intArg(1, 100_000).default(20),
	'held-out': intArg(1, 10_000).default(5),
	'level-share': z.array(LevelShare).default([])
});

export const curriculumTrainingData: CliCommand = {
	name: 'curriculum training-data',
	summary: 'write the tiny models\' training data as JSON lines: SFT {query, response} from verified reference solutions, smoke PPM pairs {prompt, pos, neg, pos_count, neg_count}',
	usage: 'rstar curriculum training-data --out DIR [--seed S] [--train N] [--held-out N] [--level-share LEVEL=FRACTION]…',
	async run(argv) {
		const args = parseCommandArgs(argv, {
			out: {type: 'string'}, seed: {type: 'string'}, train: {type: 'string'}, 'held-out': {type: 'string'},
			'level-share': {type: 'string', multiple: true}
		}, Args);
		const levelShare = Object.fromEntries(args['level-share'].map(entry => {
			const [level, share] = entry.split('=');
			return [Number(level), Number(share)];
		}));
		const executor = new PyodideExecutorPool({size: 2, cacheEntries: 0});
		try {
			writeJson(await writeTrainingData(args.out, executor, {seed: args.seed, train: args.train, heldOut: args['held-out'], levelShare}));
			return 0;
		} finally {
			await executor.close();
		}
	}
};
