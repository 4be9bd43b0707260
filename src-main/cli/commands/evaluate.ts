import {z} from 'zod';
import type {EvaluationReport} from '../../contract/evaluations.js';
import {defaultPolicyPath} from '../../paths.js';
import {showJobProgress} from '../jobProgress.js';
import {intArg, parseCommandArgs, stopOnSignals, writeJson, type CliCommand} from '../CliCommand.js';
import {settingsFromArgs, settingsOptions, settingsUsage} from '../settingsArgs.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

const Args = z.looseObject({
	positionals: z.tuple([], {error: 'eval takes its dataset with --dataset'}),
	dataset: z.string().min(1),
	level: z.string().min(1).max(200).optional(),
	limit: intArg(1, 1_000_000).optional(),
	'per-level': intArg(1, 1_000_000).optional(),
	greedy: z.boolean().default(false),
	policy: z.string().min(1).optional(),
	ppm: z.string().min(1).optional(),
	concurrency: intArg(1, 64).default(2),
	gpu: z.enum(['auto', 'cuda', 'vulkan', 'metal', 'cpu']).default('auto'),
	threads: intArg(1, 1024).optional(),
	db: dbArg,
	json: z.boolean().default(false)
});

export const evaluate: CliCommand = {
	name: 'eval',
	summary: 'solve every problem of a dataset (or one level of it) and report per level how many selected answers are right and in how many problems the search found a right answer; --greedy is one greedy trajectory per problem (pass@1), otherwise a search each; every search is stored, and an evaluation cut short resumes when run again',
	usage: `rstar eval --dataset NAME|ID [--level "Level 1"] [--limit N] [--per-level N] [--greedy] [--policy GGUF] [--ppm DIR] [--concurrency K] ${settingsUsage} [--gpu auto|cuda|vulkan|metal|cpu] [--threads N] [--db PATH] [--json]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {
			dataset: {type: 'string'}, level: {type: 'string'}, limit: {type: 'string'}, 'per-level': {type: 'string'}, greedy: {type: 'boolean'},
			policy: {type: 'string'}, ppm: {type: 'string'}, concurrency: {type: 'string'}, ...settingsOptions, gpu: {type: 'string'},
			threads: {type: 'string'}, json: {type: 'boolean'}, ...dbOption
		}, Args);
		const settings = settingsFromArgs(args);
		const app = await openCliApp(args.db, {searchesPerModel: args.concurrency, models: {gpu: args.gpu, threads: args.threads}});
		const stop = stopOnSignals();
		const hideProgress = showJobProgress(app.events, 'rstar eval:');
		try {
			const dataset = app.datasets.find(args.dataset);
			const report = await app.jobs.run({kind: 'evaluation', roundId: null, title: `eval ${dataset.name}${args.greedy ? ' (greedy)' : ''}`},
				job => app.evaluations.evaluate({
					datasetId: dataset.id, level: args.level, limit: args.limit, perLevel: args['per-level'], settings, kind: args.greedy ? 'greedy' : 'search',
					policyPath: args.policy ?? defaultPolicyPath(), ppmPath: args.ppm, concurrency: args.concurrency
				}, job), stop.signal);
			hideProgress();
			if (args.json)
				writeJson(report);
			else
				printReport(report);
			return 0;
		} finally {
			hideProgress();
			stop.release();
			await app.close();
		}
	}
};
function printReport(report: EvaluationReport): void {
	const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;
	const line = (score: EvaluationReport['overall']) => `${score.solved}/${score.problems} answered right (${percent(score.rate)}), a right answer found in ${score.found} (${percent(score.foundRate)})`;
	process.stdout.write([
		`${report.dataset}: ${line(report.overall)}; ${report.seconds.toFixed(1)} s`,
		...Object.entries(report.byLevel).map(([level, score]) => `  ${level}: ${line(score)}`),
		`searches ${report.searchIds[0]}–${report.searchIds.at(-1)}`
	].join('\n') + '\n');
}
