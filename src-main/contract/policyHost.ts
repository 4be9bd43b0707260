import {z} from 'zod';
import {promptFormats, stopReasons} from './search.js';

/** What the policy process is asked to load (everything a LlamaPolicy takes, the prompt format by name). */
export const PolicyLoadOptions = z.object({
	modelPath: z.string(),
	promptFormat: z.enum(promptFormats),
	gpu: z.union([z.enum(['auto', 'cuda', 'vulkan', 'metal']), z.literal(false)]).optional(),
	gpuLayers: z.union([z.literal('auto'), z.number().int().min(0)]).optional(),
	contextSize: z.number().int().min(256).optional(),
	sequences: z.number().int().min(1).max(256).optional(),
	threads: z.number().int().min(1).optional(),
	topK: z.number().int().min(1).optional(),
	reusePrefix: z.boolean().optional()
});
export type PolicyLoadOptions = z.infer<typeof PolicyLoadOptions>;

export const ExpandRequestMessage = z.object({
	question: z.string(),
	steps: z.array(z.string()),
	count: z.number().int().min(1),
	temperature: z.number(),
	topP: z.number(),
	maxTokens: z.number().int().min(1),
	seeds: z.array(z.number().int()),
	deadlineMs: z.number()
});

/** Parent → policy process. */
export const PolicyHostRequest = z.discriminatedUnion('type', [
	z.object({type: z.literal('expand'), id: z.number().int(), request: ExpandRequestMessage}),
	z.object({type: z.literal('abort'), id: z.number().int()}),
	z.object({type: z.literal('dispose')})
]);
export type PolicyHostRequest = z.infer<typeof PolicyHostRequest>;

const Stats = z.object({promptTokens: z.number(), reusedTokens: z.number(), generatedTokens: z.number()});

/** Policy process → parent. */
export const PolicyHostMessage = z.discriminatedUnion('type', [
	z.object({type: z.literal('loaded'), sha256: z.string(), device: z.string()}),
	z.object({
		type: z.literal('candidates'), id: z.number().int(), stats: Stats,
		candidates: z.array(z.object({text: z.string(), stopReason: z.enum(stopReasons), tokens: z.number().int()}))
	}),
	z.object({type: z.literal('failed'), id: z.number().int().nullable(), message: z.string()})
]);
export type PolicyHostMessage = z.infer<typeof PolicyHostMessage>;
