import {z} from 'zod';
import {PpmTrainOptions, SftOptions, type TrainerLine, type TrainerTask} from '../../contract/trainer.js';
import {runTrainer, type TrainerRequest} from '../../trainer/runTrainer.js';
import {parseCommandArgs, stopOnSignals, writeJson, type CliCommand} from '../CliCommand.js';
import {parseFlags, schemaFlags} from '../schemaArgs.js';

const byTask = {
	sft: {
		schema: SftOptions,
		summary: 'SFT a policy on {query, response} JSON lines (loss on the response, not on executor output): the tiny one, from scratch or continuing from a policy with --init, or a Hugging Face model (--model folder or GGUF; every weight, or a LoRA with --lora-rank); export a GGUF (a LoRA merged in, or as an adapter GGUF with --lora-export adapter)'
	},
	ppm: {
		schema: PpmTrainOptions,
		summary: 'train a PPM on {prompt, pos, neg, pos_count, neg_count} pairs (pairwise loss): the tiny one, from a tiny policy\'s decoder with --init, or a Hugging Face policy\'s decoder with a value head (--model); export an ONNX PPM bundle'
	}
} as const;

/** `rstar train sft|ppm`: runs the Python trainer, progress on stderr, its summary as JSON on stdout. Its flags are the contract's trainer options. */
function trainCommand(task: TrainerTask): CliCommand {
	const spec = byTask[task];
	const flags = schemaFlags(spec.schema);
	return {
		name: `train ${task}`,
		summary: spec.summary,
		usage: `rstar train ${task} ${flags.usage}`,
		async run(argv) {
			const args = parseCommandArgs(argv, flags.options, z.looseObject({positionals: z.tuple([], {error: `train ${task} takes only options`})}));
			const options = parseFlags(spec.schema, flags.given(args), flags);
			const stop = stopOnSignals();
			try {
				const result = await runTrainer({task, options} as TrainerRequest, line => printProgress(task, line), stop.signal);
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
