import {z} from 'zod';
import type {TrainerLine, TrainerTask} from '../../contract/trainer.js';
import {runTrainer, type TrainerRequest} from '../../trainer/runTrainer.js';
import {intArg, parseCommandArgs, stopOnSignals, writeJson, type CliCommand} from '../CliCommand.js';

/** Flags both trainers take: kebab-case here, camelCase in the contract. */
const common = {
	out: z.string().min(1),
	seed: intArg(0, 2 ** 31 - 1).optional(),
	epochs: intArg(1, 10_000).optional(),
	steps: intArg(1, 10_000_000).optional(),
	'batch-size': intArg(1, 4096).optional(),
	lr: z.coerce.number().positive().max(1).optional(),
	warmup: intArg(1, 1_000_000).optional(),
	evals: intArg(1, 1000).optional(),
	device: z.enum(['auto', 'cpu', 'cuda']).optional(),
	threads: intArg(1, 1024).optional(),
	'max-length': intArg(8, 131_072).optional(),
	dim: intArg(8, 16_384).optional(),
	layers: intArg(1, 256).optional(),
	heads: intArg(1, 256).optional(),
	'kv-heads': intArg(1, 256).optional(),
	'ffn-dim': intArg(8, 65_536).optional(),
	name: z.string().min(1).max(200).optional()
};

const byTask = {
	sft: {
		input: {
			data: z.string().min(1), 'eval-data': z.string().min(1).optional(), 'probe-tokens': intArg(1, 4096).optional(),
			'digit-weight': z.coerce.number().positive().max(100).optional(), init: z.string().min(1).optional()
		},
		summary: 'SFT the tiny policy on {query, response} JSON lines (loss on the response, not on executor output), from scratch or continuing from a policy with --init, and export a GGUF',
		usage: 'rstar train sft --data SFT.jsonl [--eval-data SFT.jsonl] [--init POLICY.gguf] --out POLICY.gguf [--digit-weight W] [--probe-tokens N]'
	},
	ppm: {
		input: {pairs: z.string().min(1), 'eval-pairs': z.string().min(1).optional(), init: z.string().min(1).optional()},
		summary: 'train the tiny PPM on {prompt, pos, neg, pos_count, neg_count} pairs (pairwise loss), from a policy\'s decoder with --init, and export an ONNX PPM bundle',
		usage: 'rstar train ppm --pairs PAIRS.jsonl [--eval-pairs PAIRS.jsonl] [--init POLICY.gguf] --out BUNDLE_DIR'
	}
} as const;

const sharedUsage = '[--seed S] [--epochs N | --steps N] [--batch-size N] [--lr X] [--warmup N] [--evals N] [--device auto|cpu|cuda] [--threads N] [--max-length N] [--dim N] [--layers N] [--heads N] [--kv-heads N] [--ffn-dim N] [--name NAME]';

/** `rstar train sft|ppm`: runs the Python trainer, progress on stderr, its summary as JSON on stdout. */
function trainCommand(task: TrainerTask): CliCommand {
	const spec = byTask[task];
	const Args = z.object({positionals: z.tuple([], {error: `train ${task} takes only options`}), ...common, ...spec.input});
	return {
		name: `train ${task}`,
		summary: spec.summary,
		usage: `${spec.usage} ${sharedUsage}`,
		async run(argv) {
			const options = Object.fromEntries(Object.keys(Args.shape).filter(key => key !== 'positionals').map(key => [key, {type: 'string' as const}]));
			const args = parseCommandArgs(argv, options, Args) as Record<string, unknown>;
			const camel = Object.fromEntries(Object.entries(args).filter(([key]) => key !== 'positionals')
				.map(([key, value]) => [key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), value]));
			const stop = stopOnSignals();
			try {
				const result = await runTrainer({task, options: camel} as TrainerRequest, line => printProgress(task, line), stop.signal);
				if (result.status === 'cancelled') {
					process.stderr.write(`rstar train ${task}: cancelled\n`);
					return 130;
				}
				writeJson(result.summary);
				return 0;
			} finally {
				stop.release();
			}
		}
	};
}

function printProgress(task: TrainerTask, line: TrainerLine): void {
	const prefix = `rstar train ${task}:`;
	if (line.event === 'phase')
		process.stderr.write(`${prefix} ${line.phase}${'parameters' in line ? ` (${String(line.parameters)} parameters, ${String(line.steps)} steps on ${String(line.device)})` : ''}\n`);
	else if (line.event === 'progress')
		process.stderr.write(`${prefix} ${line.phase} ${line.step}/${line.total}${line.loss === undefined ? '' : ` loss ${line.loss.toFixed(4)}`}${line.eta_s === null ? '' : ` eta ${Math.round(line.eta_s)} s`}\n`);
	else if (line.event === 'metric')
		process.stderr.write(`${prefix} step ${line.step}: ${line.name} ${line.value}\n`);
}

export const trainSft = trainCommand('sft');
export const trainPpm = trainCommand('ppm');
