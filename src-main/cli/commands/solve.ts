import {z} from 'zod';
import {candidatesPerExpansion} from '../../contract/search.js';
import {defaultPolicyPath} from '../../paths.js';
import type {SolveReport} from '../../services/SearchService.js';
import {CliUsageError, intArg, parseCommandArgs, stopOnSignals, writeJson, type CliCommand} from '../CliCommand.js';
import {settingsFromArgs, settingsOptions, settingsUsage} from '../settingsArgs.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

const Args = z.looseObject({
	positionals: z.tuple([], {error: 'solve takes its question with --question'}),
	question: z.string().min(1).max(100_000).optional(),
	answer: z.array(z.string()).default([]),
	policy: z.string().min(1).optional(),
	ppm: z.string().min(1).optional(),
	resume: intArg(1, Number.MAX_SAFE_INTEGER).optional(),
	gpu: z.enum(['auto', 'cuda', 'vulkan', 'metal', 'cpu']).default('auto'),
	'gpu-layers': z.union([z.literal('auto'), intArg(0, 10_000)]).default('auto'),
	'context-size': intArg(256, 1_048_576).optional(),
	threads: intArg(1, 1024).optional(),
	db: dbArg,
	json: z.boolean().default(false)
});

export const solve: CliCommand = {
	name: 'solve',
	summary: 'run a search (MCTS or beam; --preset for the reference\'s configurations) on one question with the policy model (default: the embedded one); --resume ID continues a killed search',
	usage: `rstar solve --question Q [--answer A]… [--policy GGUF] [--ppm DIR] ${settingsUsage} [--gpu auto|cuda|vulkan|metal|cpu] [--gpu-layers N] [--context-size N] [--threads N] [--db PATH] [--json] | rstar solve --resume ID [--db PATH] [--json]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {
			question: {type: 'string'}, answer: {type: 'string', multiple: true}, policy: {type: 'string'}, ppm: {type: 'string'},
			...settingsOptions, resume: {type: 'string'}, gpu: {type: 'string'}, 'gpu-layers': {type: 'string'},
			'context-size': {type: 'string'}, threads: {type: 'string'}, json: {type: 'boolean'}, ...dbOption
		}, Args);
		if (!args.question && args.resume === undefined)
			throw new CliUsageError('give --question (or --resume ID)');

		const settings = settingsFromArgs(args);
		// One search needs no built-in datasets; its expansion's code runs on up to two sandboxes.
		const app = await openCliApp(args.db, {
			seedBuiltins: false, sandboxes: Math.min(candidatesPerExpansion(settings), 2),
			models: {gpu: args.gpu, gpuLayers: args['gpu-layers'], contextSize: args['context-size'], threads: args.threads}
		});
		const stop = stopOnSignals();
		// Progress and warnings go to stderr, so stdout stays one JSON document with --json.
		app.events.subscribe(message => {
			if (message.event === 'search.progressed')
				process.stderr.write(`rstar solve: search ${message.payload.searchId}: rollout ${message.payload.completedRollouts}/${message.payload.totalRollouts}, ${message.payload.nodes} nodes\n`);
			if (message.event === 'log.written' && message.payload.level === 'warn')
				process.stderr.write(`rstar solve: warning: ${message.payload.message}\n`);
		});
		try {
			const report = args.resume !== undefined
				? await app.searches.resume(args.resume, stop.signal)
				: await app.searches.solve({question: args.question!, goldAnswers: args.answer, settings, policyPath: args.policy ?? defaultPolicyPath(), ppmPath: args.ppm}, stop.signal);
			if (args.json)
				writeJson(report);
			else
				printSummary(report);
			return report.status === 'done' ? 0 : 1;
		} finally {
			stop.release();
			await app.close();
		}
	}
};

function printSummary(report: SolveReport): void {
	const answers = report.nodes.filter(node => node.reason === 'answer');
	const reasons = new Map<string, number>();
	for (const node of report.nodes.filter(node => node.terminal))
		reasons.set(node.reason ?? '?', (reasons.get(node.reason ?? '?') ?? 0) + 1);
	process.stdout.write([
		`search ${report.searchId}: ${report.status}, ${report.rollouts} rollouts, ${report.nodes.length} nodes`,
		`answer: ${report.answer ?? '(none)'}${report.correct === null ? '' : report.correct ? ' (correct)' : ' (wrong)'}`,
		`terminals: ${[...reasons].map(([reason, count]) => `${reason} ${count}`).join(', ') || 'none'}`,
		`answer terminals: ${answers.length} (${answers.filter(node => node.correct).length} correct)`,
		`resume with: rstar solve --resume ${report.searchId}`
	].join('\n') + '\n');
}
