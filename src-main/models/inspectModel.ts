import fs from 'node:fs';
import path from 'node:path';
import {GgmlType, GgufFileType, readGgufFileInfo, type GgufFileInfo} from 'node-llama-cpp';
import type {ModelInfo, ModelKind} from '../contract/models.js';
import {PpmManifest, ppmBundleFiles} from '../contract/ppm.js';
import {sha256File} from '../sha256File.js';

/** What reading a model on disk told: `error` set when it is not usable as what it claims, with what could be read. */
export interface InspectedModel {
	kind: ModelKind;
	name: string;
	bytes: number;
	sha256: string | null;
	info: ModelInfo;
	error: string | null;
}

const emptyInfo: ModelInfo = {
	architecture: null, parameters: null, sizeLabel: null, quantization: null, contextLength: null, vocabularySize: null, chatTemplate: null,
	promptFormat: null, metadata: {}
};

/** Whether a folder is meant as a PPM bundle: it holds any of a bundle's files (a missing one is then its error). */
export function isPpmBundle(folder: string): boolean {
	return ppmBundleFiles.some(file => fs.existsSync(path.join(folder, file)));
}

/** Reads a GGUF file or a PPM bundle folder; never throws for a bad file (it comes back with `error`). */
export async function inspectModel(modelPath: string): Promise<InspectedModel> {
	return fs.statSync(modelPath).isDirectory() ? inspectPpmBundle(modelPath) : inspectGguf(modelPath);
}

async function inspectGguf(file: string): Promise<InspectedModel> {
	const bytes = fs.statSync(file).size;
	const sha256 = await sha256File(file);
	const name = path.basename(file, path.extname(file));
	let gguf: GgufFileInfo;
	try {
		gguf = await readGgufFileInfo(file, {sourceType: 'filesystem', logWarnings: false, spliceSplitFiles: false});
	} catch (error) {
		return {kind: 'policy', name, bytes, sha256, info: emptyInfo, error: `not a readable GGUF file: ${(error as Error).message}`};
	}
	const metadata = gguf.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
	const general = metadata.general ?? {};
	const adapter = metadata.adapter;
	const tokenizer = metadata.tokenizer as {ggml?: {tokens?: unknown[]}; chat_template?: string} | undefined;
	const architecture = typeof general.architecture === 'string' ? general.architecture : null;
	const fileType = typeof general.file_type === 'number' ? GgufFileType[general.file_type] : undefined;
	const tensors = gguf.tensorInfo ?? [];
	const sizeLabel = typeof general.size_label === 'string' ? general.size_label : null;
	const info: ModelInfo = {
		architecture,
		parameters: tensors.length > 0 ? tensors.reduce((sum, tensor) => sum + elements(tensor.dimensions), 0) : null,
		sizeLabel,
		// GgufFileType names are MOSTLY_Q4_1, ALL_F32: the quantisation is the part after the prefix.
		quantization: fileType?.replace(/^(MOSTLY|ALL)_/, '') ?? null,
		contextLength: numberOr(gguf.architectureMetadata?.context_length),
		vocabularySize: tokenizer?.ggml?.tokens?.length ?? numberOr(gguf.architectureMetadata?.vocab_size),
		chatTemplate: tokenizer?.chat_template ?? null,
		promptFormat: null,
		metadata: {'gguf.version': gguf.version, 'gguf.tensor_count': Number(gguf.tensorCount), ...flatten(gguf.metadata as unknown as Record<string, unknown>)}
	};
	const isLora = general.type === 'adapter' || adapter?.type === 'lora';
	return {kind: isLora ? 'lora' : 'policy', name: typeof general.name === 'string' ? general.name : name, bytes, sha256, info, error: truncation(gguf, bytes)};
}

/**
 * The library reads past the end of a short file as zeros, so a truncated GGUF parses "fine": this compares where
 * the header says the data ends with where the file ends.
 */
function truncation(gguf: GgufFileInfo, bytes: number): string | null {
	const tensors = gguf.tensorInfo ?? [];
	const headerEnd = gguf.infoEndOffset ?? 0;
	if (headerEnd > bytes)
		return `truncated: the header (${tensors.length} tensors) ends at byte ${headerEnd}, the file at byte ${bytes}`;
	let dataEnd = headerEnd;
	for (const tensor of tensors) {
		const size = tensorBytes(tensor.ggmlType, elements(tensor.dimensions));
		// A type without a known size (newer quantisations): its data must at least start inside the file.
		dataEnd = Math.max(dataEnd, Number(tensor.fileOffset) + (size ?? 1));
	}
	return dataEnd > bytes ? `truncated: the header says ${tensors.length} tensors ending at byte ${dataEnd}, the file ends at byte ${bytes}` : null;
}

/** Bytes per block and elements per block of the tensor types models ship in (ggml's type traits). */
const blockLayouts: Partial<Record<GgmlType, [bytes: number, elements: number]>> = {
	[GgmlType.F32]: [4, 1], [GgmlType.F16]: [2, 1], [GgmlType.BF16]: [2, 1], [GgmlType.F64]: [8, 1],
	[GgmlType.I8]: [1, 1], [GgmlType.I16]: [2, 1], [GgmlType.I32]: [4, 1], [GgmlType.I64]: [8, 1],
	[GgmlType.Q4_0]: [18, 32], [GgmlType.Q4_1]: [20, 32], [GgmlType.Q5_0]: [22, 32], [GgmlType.Q5_1]: [24, 32],
	[GgmlType.Q8_0]: [34, 32], [GgmlType.Q8_1]: [36, 32], [GgmlType.Q2_K]: [84, 256], [GgmlType.Q3_K]: [110, 256],
	[GgmlType.Q4_K]: [144, 256], [GgmlType.Q5_K]: [176, 256], [GgmlType.Q6_K]: [210, 256], [GgmlType.Q8_K]: [292, 256]
};

function tensorBytes(type: GgmlType, count: number): number | null {
	const layout = blockLayouts[type];
	return layout ? Math.ceil(count / layout[1]) * layout[0] : null;
}

function elements(dimensions: readonly (number | bigint)[]): number {
	return dimensions.reduce<number>((product, size) => product * Number(size), 1);
}

function numberOr(value: unknown): number | null {
	return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : null;
}

/** Nested metadata as dotted keys, JSON-safe: bigints as numbers, arrays over 16 items as their length (a vocabulary is 150k strings). */
function flatten(value: Record<string, unknown>, prefix = '', into: Record<string, unknown> = {}): Record<string, unknown> {
	for (const [key, item] of Object.entries(value)) {
		const name = prefix ? `${prefix}.${key}` : key;
		if (Array.isArray(item))
			into[name] = item.length > 16 ? `[${item.length} items]` : item.map(one => typeof one === 'bigint' ? Number(one) : one);
		else if (typeof item === 'bigint')
			into[name] = Number(item);
		else if (item !== null && typeof item === 'object')
			flatten(item as Record<string, unknown>, name, into);
		else
			into[name] = item;
	}
	return into;
}

async function inspectPpmBundle(folder: string): Promise<InspectedModel> {
	const present = ppmBundleFiles.filter(file => fs.existsSync(path.join(folder, file)));
	const bytes = present.reduce((sum, file) => sum + fs.statSync(path.join(folder, file)).size, 0);
	const base = {kind: 'ppm' as const, name: path.basename(folder), bytes, sha256: null, info: emptyInfo};
	const missing = ppmBundleFiles.filter(file => !present.includes(file));
	if (missing.length > 0)
		return {...base, error: `not a PPM bundle: ${missing.join(', ')} missing (a bundle holds ${ppmBundleFiles.join(', ')})`};
	const onnx = path.join(folder, 'model.onnx');
	const sha256 = await sha256File(onnx);
	let raw: unknown;
	try {
		raw = JSON.parse(fs.readFileSync(path.join(folder, 'ppm.json'), 'utf8'));
	} catch (error) {
		return {...base, sha256, error: `ppm.json is not JSON: ${(error as Error).message}`};
	}
	const manifest = PpmManifest.safeParse(raw);
	if (!manifest.success)
		return {...base, sha256, error: `ppm.json is invalid: ${manifest.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`};
	const named = (raw as {name?: unknown}).name;
	return {
		...base, sha256, name: typeof named === 'string' ? named : base.name, error: null,
		info: {
			...emptyInfo, architecture: 'onnx', contextLength: manifest.data.maxLength, vocabularySize: tokenizerVocabulary(path.join(folder, 'tokenizer.json')),
			promptFormat: manifest.data.promptFormat, metadata: {...raw as Record<string, unknown>, 'model.onnx bytes': fs.statSync(onnx).size}
		}
	};
}

/** The vocabulary of a Hugging Face tokenizer.json: its model's tokens and the added ones. */
function tokenizerVocabulary(file: string): number | null {
	try {
		const tokenizer = JSON.parse(fs.readFileSync(file, 'utf8')) as {model?: {vocab?: object}; added_tokens?: {id: number}[]};
		const vocab = tokenizer.model?.vocab;
		if (!vocab)
			return null;
		const ids = new Set([...Array.isArray(vocab) ? vocab.map((_, id) => id) : Object.values(vocab) as number[], ...(tokenizer.added_tokens ?? []).map(token => token.id)]);
		return ids.size;
	} catch {
		return null;
	}
}
