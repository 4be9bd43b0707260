import {z} from 'zod';
import {PolicyLoadOptions} from './modelHost.js';
import {promptFormats} from './search.js';

/** A GGUF policy, a LoRA adapter GGUF (loaded with a base policy), or an ONNX PPM bundle folder. */
export const modelKinds = ['policy', 'lora', 'ppm'] as const;
export type ModelKind = (typeof modelKinds)[number];

/**
 * How a policy is loaded on this machine, per model: the load options of the model host, not retyped. Each unset
 * field falls back to the app's (`--gpu-layers`, `--threads`, …), then to LlamaPolicy's defaults. `sequences` caps the
 * parallel sequences a search asks for (one per candidate); candidates beyond it are sampled in waves.
 */
export const ModelRuntimeSettings = PolicyLoadOptions.pick({gpuLayers: true, contextSize: true, sequences: true, threads: true});
export type ModelRuntimeSettings = z.infer<typeof ModelRuntimeSettings>;

/** What reading a model file (or bundle) told; null where the file does not say (or could not be read). */
export const ModelInfo = z.object({
	/** GGUF `general.architecture` (llama, qwen2, …); an ONNX PPM's is `onnx`. */
	architecture: z.string().nullable(),
	/** Counted from a GGUF's tensor shapes (the sum of their element counts). */
	parameters: z.number().nullable(),
	/** `general.size_label` (e.g. 1.5B), where the file has one. */
	sizeLabel: z.string().nullable(),
	/** `general.file_type` by name (Q4_1, Q8_0, F16, F32, …). */
	quantization: z.string().nullable(),
	/** `<architecture>.context_length`, or a PPM's `maxLength`. */
	contextLength: z.number().int().nullable(),
	/** `tokenizer.ggml.tokens`, or a PPM tokenizer's vocabulary. */
	vocabularySize: z.number().int().nullable(),
	/** `tokenizer.chat_template`, verbatim. */
	chatTemplate: z.string().nullable(),
	/** A PPM's `promptFormat` (ppm.json). */
	promptFormat: z.enum(promptFormats).nullable(),
	/** Every metadata key of the GGUF (long arrays as their length), or ppm.json with the ONNX file's size. */
	metadata: z.record(z.string(), z.unknown())
});
export type ModelInfo = z.infer<typeof ModelInfo>;

/** The round that trained a model: which round, on which data, from which model. */
export const ModelLineage = z.object({
	roundId: z.number().int(),
	evolution: z.string(),
	round: z.number().int(),
	/** The model it started from (the previous policy, or the policy a PPM's decoder came from). */
	initPath: z.string().nullable(),
	/** The training data: each file with its row count. */
	data: z.array(z.object({file: z.string(), rows: z.number().int().nullable()}))
});
export type ModelLineage = z.infer<typeof ModelLineage>;

export const RegisteredModel = ModelInfo.extend({
	id: z.number().int(),
	kind: z.enum(modelKinds),
	name: z.string(),
	/** Absolute (symlinks resolved): the registry points at the file, it never copies it. */
	path: z.string(),
	/** Shipped with the app (resources/models): registered at every start, not removable. */
	builtin: z.boolean(),
	/** `error`: the file could not be read as what it claims (truncated, not GGUF, a bundle missing a file); `error` says why. */
	status: z.enum(['ok', 'error']),
	error: z.string().nullable(),
	/** The file's size; a bundle's, summed over its files. */
	bytes: z.number(),
	/** Of the file; of a bundle's `model.onnx` (as the rounds record it). Null when the file could not be read. */
	sha256: z.string().nullable(),
	lineage: ModelLineage.nullable(),
	runtime: ModelRuntimeSettings,
	/** Held loaded by `model.load` (searches on it share that process), and the device it runs on. */
	loaded: z.boolean(),
	device: z.string().nullable(),
	registeredAt: z.string()
});
export type RegisteredModel = z.infer<typeof RegisteredModel>;

const modelPath = z.string().trim().min(1).max(4096);

/** Registers a GGUF file, or a folder: a PPM bundle, or every model below it (recursively). Never copies a file. */
export const ModelAddParams = z.object({path: modelPath});
export type ModelAddParams = z.infer<typeof ModelAddParams>;

export const ModelRuntimeParams = ModelRuntimeSettings.extend({id: z.number().int()});

/** What this machine can run models on. */
export const ModelRuntime = z.object({
	/** Backends node-llama-cpp can use here (cuda, vulkan, metal; `cpu` always). */
	backends: z.array(z.string()),
	memory: z.object({totalBytes: z.number(), freeBytes: z.number()}),
	cpus: z.number().int(),
	/** Models held loaded, with the device each runs on. */
	loaded: z.array(z.object({id: z.number().int(), name: z.string(), device: z.string().nullable()}))
});
export type ModelRuntime = z.infer<typeof ModelRuntime>;

/** A parameter count as people say it: 194k, 7.62B; "—" for none. */
export function parameterCount(value: number | null): string {
	if (value === null)
		return '—';
	const [scale, unit] = value >= 1e9 ? [1e9, 'B'] : value >= 1e6 ? [1e6, 'M'] : value >= 1e3 ? [1e3, 'k'] : [1, ''];
	return `${Number((value / scale).toPrecision(3))}${unit}`;
}
