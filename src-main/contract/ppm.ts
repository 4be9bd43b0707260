import {z} from 'zod';
import {promptFormats} from './search.js';

/** The files a PPM bundle folder holds. */
export const ppmBundleFiles = ['model.onnx', 'tokenizer.json', 'ppm.json'] as const;

/**
 * `ppm.json`, beside `model.onnx` and `tokenizer.json` in a PPM bundle folder. The model reads token ids (and an
 * attention mask) and outputs a reward per position; the score of a partial trajectory is the reward at its last
 * token, through `scoreTransform`.
 */
export const PpmManifest = z.object({
	format: z.literal('rstar-ppm'),
	version: z.literal(1),
	/** Longest input, in tokens; longer trajectories keep their end (the step being scored). */
	maxLength: z.number().int().min(8).max(131_072),
	inputs: z.object({ids: z.string().min(1), mask: z.string().min(1).optional()}),
	/** The output: float rewards of shape [batch, sequence]. */
	output: z.string().min(1),
	padTokenId: z.number().int().min(0),
	/** Tokens put before the text (e.g. a BOS id). Defaults to none. */
	prefixTokenIds: z.array(z.number().int().min(0)).default([]),
	/** r → score in (−1, 1). Defaults to `tanh(r/5)`, as in the reference implementation. */
	scoreTransform: z.enum(['tanh(r/5)', 'tanh(r)', 'identity']).default('tanh(r/5)'),
	promptFormat: z.enum(promptFormats).default('rstar-sft')
});
export type PpmManifest = z.output<typeof PpmManifest>;
