import {z} from 'zod';
import {promptFormats, stopReasons} from './search.js';

/** What the policy is loaded with (everything a LlamaPolicy takes; the prompt format by name). */
export const PolicyLoadOptions = z.object({
	modelPath: z.string(),
	promptFormat: z.enum(promptFormats),
	gpu: z.union([z.enum(['auto', 'cuda', 'vulkan', 'metal']), z.literal(false)]).optional(),
	gpuLayers: z.union([z.literal('auto'), z.number().int().min(0)]).optional(),
	contextSize: z.number().int().min(256).optional(),
	sequences: z.number().int().min(1).max(256).optional(),
	threads: z.number().int().min(1).optional(),
	reusePrefix: z.boolean().optional()
});
export type PolicyLoadOptions = z.infer<typeof PolicyLoadOptions>;

/**
 * The part of the load options a search's settings decide (SearchService's `policyModelOptions`); the rest (device,
 * threads, context) is the machine's. Searches that differ in anything else (seed, rollouts, sampling) can share
 * one loaded policy.
 */
export const PolicyModelOptions = PolicyLoadOptions.pick({promptFormat: true, sequences: true, reusePrefix: true}).required();
export type PolicyModelOptions = z.infer<typeof PolicyModelOptions>;

/** Which model a model process hosts. */
export const ModelLoad = z.discriminatedUnion('kind', [
	z.object({kind: z.literal('policy'), options: PolicyLoadOptions}),
	z.object({kind: z.literal('ppm'), bundleDir: z.string(), device: z.enum(['auto', 'cpu', 'cuda']).optional()})
]);
export type ModelLoad = z.infer<typeof ModelLoad>;

export const ExpandPayload = z.object({
	question: z.string(),
	steps: z.array(z.string()),
	count: z.number().int().min(1),
	temperature: z.number(),
	topP: z.number(),
	topK: z.number().int().min(0),
	maxTokens: z.number().int().min(1),
	seeds: z.array(z.number().int()),
	deadlineMs: z.number()
});
export const ScorePayload = z.object({question: z.string(), trajectories: z.array(z.array(z.string()))});
export const FitPayload = z.object({question: z.string()});

export const ExpandResult = z.object({
	candidates: z.array(z.object({text: z.string(), stopReason: z.enum(stopReasons), tokens: z.number().int()})),
	stats: z.object({promptTokens: z.number(), reusedTokens: z.number(), copiedTokens: z.number(), generatedTokens: z.number()})
});
export const ScoreResult = z.object({scores: z.array(z.number())});
export const FitResult = z.object({promptTokens: z.number().int(), contextTokens: z.number().int()});

/** Parent → model process. */
export const ModelHostRequest = z.discriminatedUnion('type', [
	z.object({type: z.literal('expand'), id: z.number().int(), payload: ExpandPayload}),
	z.object({type: z.literal('score'), id: z.number().int(), payload: ScorePayload}),
	z.object({type: z.literal('fit'), id: z.number().int(), payload: FitPayload}),
	z.object({type: z.literal('abort'), id: z.number().int()}),
	z.object({type: z.literal('dispose')})
]);
export type ModelHostRequest = z.infer<typeof ModelHostRequest>;

/** Model process → parent. Results are checked by the caller against ExpandResult / ScoreResult / FitResult. */
export const ModelHostMessage = z.discriminatedUnion('type', [
	z.object({type: z.literal('loaded'), sha256: z.string(), device: z.string()}),
	z.object({type: z.literal('result'), id: z.number().int(), result: z.unknown()}),
	z.object({type: z.literal('failed'), id: z.number().int().nullable(), message: z.string()})
]);
export type ModelHostMessage = z.infer<typeof ModelHostMessage>;
