import {z} from 'zod';
import type {App} from '../../app.js';
import {RstarError} from '../../contract/errors.js';
import {PairExtractionOptions, RoundEvaluationConfig, RoundPolicyTraining, RoundPpmTraining, RoundTrainingData, type RoundStage} from '../../contract/rounds.js';
import {SearchSettings} from '../../contract/search.js';
import type {RoundReport} from '../../contract/rounds.js';
import type {StoredRound} from '../../store/RoundStore.js';
import {intArg, parseCommandArgs, stopOnSignals, writeJson, type CliCommand} from '../CliCommand.js';
import {showJobProgress} from '../jobProgress.js';
import {parseGiven, schemaFlags} from '../schemaArgs.js';
import {settingsOptions, settingsOverridesFromArgs, settingsUsage} from '../settingsArgs.js';
import {dbArg, dbOption, openCliApp} from '../workspaceArg.js';

// Training flags come from the round's training schemas, prefixed (`--policy-lr`, `--ppm-epochs`); the evaluation's
// search settings from the search schema (`--eval-preset`, `--eval-beam-width`).
const policyFlags = schemaFlags(RoundPolicyTraining, 'policy-');
const ppmFlags = schemaFlags(RoundPpmTraining, 'ppm-');
const evalSearchFlags = schemaFlags(SearchSettings, 'eval-');
const pairFlags = schemaFlags(PairExtractionOptions, 'pairs-');
const replayFlags = schemaFlags(RoundTrainingData, 'replay-');

const models = {
	gpu: z.enum(['auto', 'cuda', 'vulkan', 'metal', 'cpu']).default('auto'),
	threads: intArg(1, 1024).optional()
};
const modelOptions = {gpu: {type: 'string'}, threads: {type: 'string'}} as const;
const list = (text: string | undefined) => text?.split(',').map(item => item.trim()).filter(item => item !== '');

const CreateArgs = z.looseObject({
	positionals: z.tuple([], {error: 'round create takes only options'}),
	evolution: z.string().min(1),
	number: intArg(1, 1000).optional(),
	pool: z.string().min(1).optional(),
	'per-level': intArg(1, 1_000_000).optional(),
	levels: z.string().min(1).optional(),
	sample: intArg(1, 10_000_000).optional(),
	policy: z.string().min(1).optional(),
	ppm: z.string().min(1).optional(),
	concurrency: intArg(1, 64).optional(),
	'sft-per-problem': intArg(1, 100).optional(),
	'eval-dataset': z.array(z.string().min(1)).optional(),
	'eval-per-level': intArg(1, 1_000_000).optional(),
	'eval-ns': z.string().regex(/^\d+(,\d+)*$/, 'comma-separated counts, e.g. 1,2,4,8').optional(),
	'eval-resamples': intArg(1, 10_000).optional(),
	db: dbArg,
	json: z.boolean().default(false)
});

export const roundCreate: CliCommand = {
	name: 'round create',
	summary: 'create the next round of a self-evolution (round 1: the bootstrap policy, no PPM, terminal-guided; round 2: the previous policy, terminal-guided; 3+: the previous policy and PPM, PPM-augmented); settings not given are inherited from the round before',
	usage: `rstar round create --evolution NAME [--number K] [--pool DATASET] [--per-level N] [--levels "Level 1,Level 2"] [--sample N] [--policy GGUF] [--ppm DIR|none] [--concurrency K] [--sft-per-problem N] ${pairFlags.usage} ${replayFlags.usage} ${settingsUsage} ${policyFlags.usage} ${ppmFlags.usage} [--eval-dataset NAME]… [--eval-per-level N] [--eval-ns 1,2,4,…] [--eval-resamples N] ${evalSearchFlags.usage} [--db PATH] [--json]`,
	async run(argv) {
		const args = parseCommandArgs(argv, {
			evolution: {type: 'string'}, number: {type: 'string'}, pool: {type: 'string'}, 'per-level': {type: 'string'}, levels: {type: 'string'}, sample: {type: 'string'},
			policy: {type: 'string'}, ppm: {type: 'string'}, concurrency: {type: 'string'}, 'sft-per-problem': {type: 'string'},
			'eval-dataset': {type: 'string', multiple: true}, 'eval-per-level': {type: 'string'}, 'eval-ns': {type: 'string'}, 'eval-resamples': {type: 'string'},
			...settingsOptions, ...pairFlags.options, ...replayFlags.options, ...policyFlags.options, ...ppmFlags.options, ...evalSearchFlags.options, json: {type: 'boolean'}, ...dbOption
		}, CreateArgs);
		const app = await openCliApp(args.db);
		try {
			const evalSearch = evalSearchFlags.given(args);
			const evaluation = {
				...args['eval-dataset'] && {datasetIds: args['eval-dataset'].map(name => datasetId(app, name))},
				...args['eval-per-level'] !== undefined && {perLevel: args['eval-per-level']},
				...args['eval-ns'] && {ns: args['eval-ns'].split(',').map(Number)},
				...args['eval-resamples'] !== undefined && {resamples: args['eval-resamples']},
				...Object.keys(evalSearch).length > 0 && {search: parseGiven(SearchSettings, evalSearch, evalSearchFlags)}
			};
			const overrides = settingsOverridesFromArgs(args);
			const round = app.rounds.create({
				evolution: args.evolution, number: args.number, poolDatasetId: args.pool === undefined ? undefined : datasetId(app, args.pool),
				perLevel: args['per-level'], levels: list(args.levels), sample: args.sample, policyPath: args.policy,
				ppmPath: args.ppm === 'none' ? null : args.ppm, overrides: Object.keys(overrides).length > 0 ? overrides : undefined,
				concurrency: args.concurrency, sftPerProblem: args['sft-per-problem'],
				pairs: parseGiven(PairExtractionOptions, pairFlags.given(args), pairFlags),
				replay: parseGiven(RoundTrainingData, replayFlags.given(args), replayFlags),
				policyTraining: parseGiven(RoundPolicyTraining, policyFlags.given(args), policyFlags),
				ppmTraining: parseGiven(RoundPpmTraining, ppmFlags.given(args), ppmFlags),
				evaluation: Object.keys(evaluation).length > 0 ? parseGiven(RoundEvaluationConfig, evaluation, evalSearchFlags) : undefined
			});
			if (args.json)
				writeJson(round);
			else
				process.stdout.write(`${describeRound(round)}\nrun it with: rstar round run ${round.evolution}/${round.number}\n`);
			return 0;
		} finally {
			await app.close();
		}
	}
};

function datasetId(app: App, name: string): number {
	const datasets = app.datasets.list();
	const dataset = datasets.find(d => d.name === name || String(d.id) === name);
	if (!dataset)
		throw new RstarError('not-found', `no dataset "${name}" in this workspace (it has: ${datasets.map(d => d.name).join(', ')})`);
	return dataset.id;
}

const RunArgs = z.looseObject({
	positionals: z.tuple([z.string().min(1)], {error: 'name the round: its id, or EVOLUTION/NUMBER'}),
	...models,
	db: dbArg,
	json: z.boolean().default(false)
});

/** `round run` (every stage not done) and the commands that run some stages of it. */
function stageCommand(name: string, stages: readonly RoundStage[] | null, summary: string): CliCommand {
	return {
		name,
		summary,
		usage: `rstar ${name} ID|EVOLUTION/NUMBER [--gpu auto|cuda|vulkan|metal|cpu] [--threads N] [--db PATH] [--json]`,
		async run(argv) {
			const args = parseCommandArgs(argv, {...modelOptions, json: {type: 'boolean'}, ...dbOption}, RunArgs);
			// The round's own concurrency limits its searches; the per-model limit must not queue them further.
			const app = await openCliApp(args.db, {searchesPerModel: 64, models: {gpu: args.gpu, threads: args.threads}});
			const round = app.rounds.find(args.positionals[0]);
			const stop = stopOnSignals();
			const hideProgress = showJobProgress(app.events, `rstar ${name}:`);
			try {
				const ended = await app.rounds.run(round.id, {only: stages ?? undefined}, stop.signal);
				hideProgress();
				if (args.json)
					writeJson(ended);
				else
					process.stdout.write(`${describeRound(ended)}\n`);
				return 0;
			} finally {
				hideProgress();
				stop.release();
				await app.close();
			}
		}
	};
}

export const roundRun = stageCommand('round run', null, 'run a round\'s stages not done yet — search the pool (resumable problem by problem), extract, train the policy and the PPM, evaluate — each as a job; run again to resume');
export const roundSearch = stageCommand('round search', ['search'], 'search a round\'s pool: its problems K at a time, sharing the models; killed or stopped, run again to resume — no problem lost or searched twice');
export const roundExtract = stageCommand('round extract', ['extract'], 'extract a searched round\'s SFT rows and PPM pairs by the reference\'s rules (plus the TRL layouts), into the round\'s folder');
export const roundTrain = stageCommand('round train', ['train-policy', 'train-ppm'], 'train a round\'s policy (SFT) and PPM on its extracted data, registering the models with the round');
export const roundEval = stageCommand('round eval', ['evaluate'], 'score a round\'s new models on its evaluation datasets: greedy pass@1, and PPM-guided search with accuracy against N');

const StatusArgs = z.looseObject({
	positionals: z.tuple([z.string().min(1)]).or(z.tuple([])),
	evolution: z.string().min(1).optional(),
	db: dbArg,
	json: z.boolean().default(false)
});

export const roundStatus: CliCommand = {
	name: 'round status',
	summary: 'the rounds (of one evolution, or one round) with their stages and jobs: progress, ETA, how each ended',
	usage: 'rstar round status [ID|EVOLUTION/NUMBER] [--evolution NAME] [--db PATH] [--json]',
	async run(argv) {
		const args = parseCommandArgs(argv, {evolution: {type: 'string'}, json: {type: 'boolean'}, ...dbOption}, StatusArgs);
		return answer(args, app => {
			const rounds = args.positionals[0] ? [app.rounds.find(args.positionals[0])] : app.rounds.list(args.evolution);
			return rounds.map(round => ({round, jobs: app.jobs.list({roundId: round.id})}));
		}, status => status.map(({round, jobs}) => [describeRound(round), ...jobs.map(job =>
			`  job ${job.id} ${job.title}: ${job.status} ${job.done}/${job.total}${job.etaSeconds === null ? '' : `, eta ${job.etaSeconds} s`}${job.error ? ` — ${job.error}` : ''}`)].join('\n')).join('\n') + '\n');
	}
};

const ReportArgs = z.looseObject({
	positionals: z.tuple([], {error: 'round report takes --evolution NAME'}),
	evolution: z.string().min(1),
	db: dbArg,
	json: z.boolean().default(false)
});

export const roundReport: CliCommand = {
	name: 'round report',
	summary: 'the per-round tables of an evolution: search solve rate per level, the data and models each round made, greedy pass@1 and PPM-guided accuracy per level of each evaluated dataset, accuracy against N',
	usage: 'rstar round report --evolution NAME [--db PATH] [--json]',
	async run(argv) {
		const args = parseCommandArgs(argv, {evolution: {type: 'string'}, json: {type: 'boolean'}, ...dbOption}, ReportArgs);
		return answer(args, app => app.rounds.report(args.evolution), formatReport);
	}
};

/** Opens the workspace, computes a read-only answer, prints it (JSON with --json, else as text), closes. */
async function answer<T>(args: {db?: string; json: boolean}, compute: (app: App) => T, text: (value: T) => string): Promise<number> {
	const app = await openCliApp(args.db);
	try {
		const value = compute(app);
		if (args.json)
			writeJson(value);
		else
			process.stdout.write(text(value));
		return 0;
	} finally {
		await app.close();
	}
}

function describeRound(round: StoredRound): string {
	const {config} = round;
	return `round ${round.id} (${round.evolution}/${round.number}): ${round.status}${round.error ? ` — ${round.error}` : ''}; policy ${config.policyPath}, PPM ${config.ppmPath ?? 'none'}, ${config.settings.preset ?? 'custom'} (${config.settings.qMode}, ${config.settings.rollouts} rollouts × ${config.settings.candidates})`;
}

const percent = (rate: number | undefined) => rate === undefined ? '—' : `${(rate * 100).toFixed(1)}`;

/** Plain-text tables, one row per round, a column per level. */
export function formatReport(report: RoundReport): string {
	const levels = (records: (Record<string, unknown> | undefined | null)[]) => [...new Set(records.flatMap(record => Object.keys(record ?? {})))].sort();
	const table = (title: string, header: string[], rows: string[][]) => {
		const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map(row => row[i]!.length)));
		const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
		return [title, line(header), ...rows.map(line), ''].join('\n');
	};
	const out: string[] = [`${report.evolution}: ${report.rounds.length} round(s)`, ''];
	const searchLevels = levels(report.rounds.map(round => round.search?.byLevel));
	out.push(table('Search: problems with a right answer found, % (per level)', ['round', ...searchLevels, 'all', 'nodes', 'tokens', 'errors', 'timeouts', 's/solved', 'SFT rows', 'pairs'],
		report.rounds.map(round => [String(round.number), ...searchLevels.map(level => percent(round.search?.byLevel[level]?.rate)), percent(round.search?.overall.rate),
			String(round.search?.nodes ?? '—'), String(round.search?.generatedTokens ?? '—'), String(round.search?.executionErrors ?? '—'),
			String(round.search?.timeouts ?? '—'), round.search?.secondsPerSolved == null ? '—' : round.search.secondsPerSolved.toFixed(1),
			String(round.extraction?.sftRows ?? '—'), String(round.extraction?.pairRows ?? '—')])));
	const datasets = [...new Set(report.rounds.flatMap(round => round.evaluation.map(entry => entry.dataset)))];
	for (const dataset of datasets) {
		const entries = report.rounds.map(round => round.evaluation.find(entry => entry.dataset === dataset));
		const evalLevels = levels(entries.flatMap(entry => [entry?.greedy?.byLevel, entry?.search?.byLevel]));
		out.push(table(`${dataset}: policy greedy pass@1 | PPM-guided search, % (per level)`,
			['round', ...evalLevels.map(level => `greedy ${level}`), 'greedy all', ...evalLevels.map(level => `PPM ${level}`), 'PPM all'],
			report.rounds.map((round, i) => [String(round.number),
				...evalLevels.map(level => percent(entries[i]?.greedy?.byLevel[level])), percent(entries[i]?.greedy?.overall),
				...evalLevels.map(level => percent(entries[i]?.search?.byLevel[level])), percent(entries[i]?.search?.overall)])));
		const modes = [...new Set(entries.flatMap(entry => Object.keys(entry?.search?.byAnswerSelection ?? {})))];
		if (modes.length > 0)
			out.push(table(`${dataset}: the PPM-guided search's answer picked by each answer-selection mode, % right`, ['round', ...modes],
				report.rounds.map((round, i) => [String(round.number), ...modes.map(mode => percent(entries[i]?.search?.byAnswerSelection?.[mode]))])));
		const last = entries.findLast(entry => entry?.search?.accuracyVsN);
		if (last?.search?.accuracyVsN) {
			const points = last.search.accuracyVsN.points;
			out.push(table(`${dataset}: accuracy against N, last round evaluated (mean % over ${last.search.accuracyVsN.resamples} resamples)`,
				['N', 'pass@N', 'majority', 'best-PPM', 'weighted', 'fewer than N'],
				points.map(point => [String(point.n), ...(['pass@N', 'majority', 'best-ppm', 'weighted-vote'] as const).map(method => percent(point.overall.accuracy[method].mean)), String(point.overall.fewerThanN)])));
		}
	}
	return out.join('\n');
}

export const roundCommands = [roundCreate, roundRun, roundStatus, roundSearch, roundExtract, roundTrain, roundEval, roundReport];
