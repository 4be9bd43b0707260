import {z} from 'zod';

export const trainerTasks = ['sft', 'ppm'] as const;
export type TrainerTask = (typeof trainerTasks)[number];

const base = {task: z.enum(trainerTasks), elapsed_s: z.number().min(0)};

/**
 * One line of the trainer's stdout (resources/trainer/rstar_trainer/progress.py): the app checks every line against
 * this before it believes it. Extra fields (the model's config, the device) pass through.
 */
export const TrainerLine = z.discriminatedUnion('event', [
	z.looseObject({...base, event: z.literal('phase'), phase: z.string()}),
	z.looseObject({
		...base, event: z.literal('progress'), phase: z.string(), step: z.number().int().min(0), total: z.number().int().min(0),
		eta_s: z.number().nullable(), loss: z.number().optional(),
		/** Training tokens per second so far (held-out evaluation excluded). */
		tokens_per_s: z.number().optional()
	}),
	z.looseObject({...base, event: z.literal('metric'), phase: z.string(), step: z.number().int().min(0), name: z.string(), value: z.number()}),
	z.object({...base, event: z.literal('done'), summary: z.looseObject({out: z.string(), parameters: z.number().int(), steps: z.number().int()})}),
	z.object({...base, event: z.literal('cancelled')}),
	z.object({...base, event: z.literal('error'), message: z.string()})
]);
export type TrainerLine = z.infer<typeof TrainerLine>;
export type TrainerSummary = Extract<TrainerLine, {event: 'done'}>['summary'];

/** The trainer's knobs, as the CLI and the app pass them; each becomes a `--flag` of the Python trainer. */
export const TrainerOptions = z.object({
	out: z.string().min(1),
	seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
	/** Passes over the data (the trainer's default 1); or `steps`, not both. */
	epochs: z.number().int().min(1).max(10_000).optional(),
	/** Exactly this many batches, as many passes as that takes: a self-evolution round's fine-tune is a budget of
	 * steps, whatever its data's size. The learning-rate schedule spans these steps. */
	steps: z.number().int().min(1).max(10_000_000).optional(),
	batchSize: z.number().int().min(1).max(4096).optional(),
	lr: z.number().positive().max(1).optional(),
	warmup: z.number().int().min(1).optional(),
	evals: z.number().int().min(1).max(1000).optional(),
	device: z.enum(['auto', 'cpu', 'cuda']).default('auto'),
	threads: z.number().int().min(1).max(1024).optional(),
	maxLength: z.number().int().min(8).max(131_072).optional(),
	dim: z.number().int().min(8).max(16_384).optional(),
	layers: z.number().int().min(1).max(256).optional(),
	heads: z.number().int().min(1).max(256).optional(),
	kvHeads: z.number().int().min(1).max(256).optional(),
	ffnDim: z.number().int().min(8).max(65_536).optional(),
	name: z.string().min(1).max(200).optional(),
	/** A Hugging Face model folder, or a GGUF file transformers can read and dequantise: trained instead of the tiny
	 * built-in model (whose shape options and --init it then refuses). For a PPM, the policy it starts from. */
	model: z.string().min(1).optional()
});
export type TrainerOptionsInput = z.input<typeof TrainerOptions>;

export const SftOptions = TrainerOptions.extend({
	data: z.string().min(1),
	evalData: z.string().min(1).optional(),
	probeTokens: z.number().int().min(1).max(4096).optional(),
	/** Loss weight of the digits the policy writes (a tiny model learns to copy the question's numbers last). */
	digitWeight: z.number().positive().max(100).optional(),
	/** A tiny policy GGUF to continue from, every weight of it, as a self-evolution round starts from the previous
	 * round's policy; the model takes its shape (shape options that disagree are refused). */
	init: z.string().min(1).optional(),
	/** With `model`: train a LoRA of this rank (peft) instead of every weight. */
	loraRank: z.number().int().min(1).max(1024).optional(),
	/** The LoRA's scale numerator (alpha); twice the rank by default. */
	loraAlpha: z.number().int().min(1).max(4096).optional(),
	/** A LoRA's GGUF: merged into the model, or the adapter alone, which node-llama-cpp loads on top of its base. */
	loraExport: z.enum(['merged', 'adapter']).optional(),
	/** With `model`: the GGUF's weight type (llama.cpp's converters write these). */
	ggufType: z.enum(['f32', 'f16', 'bf16', 'q8_0']).optional()
});
export const PpmTrainOptions = TrainerOptions.extend({
	pairs: z.string().min(1),
	evalPairs: z.string().min(1).optional(),
	/** A tiny policy GGUF whose decoder the PPM starts from, as rStar-Math initialises its PPM from the policy. */
	init: z.string().min(1).optional()
});
export type SftOptionsInput = z.input<typeof SftOptions>;
export type PpmTrainOptionsInput = z.input<typeof PpmTrainOptions>;
