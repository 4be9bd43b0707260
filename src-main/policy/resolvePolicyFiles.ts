import fs from 'node:fs';
import path from 'node:path';
import {readGgufFileInfo} from 'node-llama-cpp';
import {RstarError} from '../contract/errors.js';
import {baseModelsDir} from '../paths.js';
import {sha256File} from '../sha256File.js';

/** What llama.cpp loads for a policy file: the model, and the LoRA adapter on top when the file is one. */
export interface PolicyFiles {
	modelPath: string;
	loraPath: string | null;
}

/**
 * A policy is one GGUF: a model, or a LoRA adapter the trainer tagged with the base GGUF it adapts (its file name and
 * sha256, `rstar.lora.base.*`; resources/trainer/rstar_trainer/hf_export.py). So an adapter is a whole policy to the
 * rest of the app — searches, rounds and the registry name one file — and its base is found here: beside the
 * adapter, or among the installed base models (resources/models/base), and checked by sha256.
 */
export async function resolvePolicyFiles(file: string): Promise<PolicyFiles> {
	let metadata: Record<string, unknown>;
	try {
		metadata = (await readGgufFileInfo(file, {sourceType: 'filesystem', readTensorInfo: false, logWarnings: false, spliceSplitFiles: false})).metadata as unknown as Record<string, unknown>;
	} catch {
		// Not readable as GGUF: llama.cpp's load says what is wrong with it.
		return {modelPath: file, loraPath: null};
	}
	const general = (metadata.general ?? {}) as Record<string, unknown>;
	if (general.type !== 'adapter')
		return {modelPath: file, loraPath: null};
	const base = ((metadata.rstar as {lora?: {base?: {file_name?: unknown; sha256?: unknown}}} | undefined)?.lora?.base) ?? {};
	if (typeof base.file_name !== 'string' || typeof base.sha256 !== 'string')
		throw new RstarError('invalid-params', `${file} is a LoRA adapter without the name of its base model (rstar.lora.base.file_name and .sha256): train it with \`rstar train sft --lora-export adapter\`, or load its base model with the adapter merged in (--lora-export merged)`);
	const candidates = [path.join(path.dirname(file), base.file_name), path.join(baseModelsDir(), base.file_name)];
	for (const candidate of candidates) {
		if (!fs.existsSync(candidate))
			continue;
		const sha256 = await sha256File(candidate);
		if (sha256 !== base.sha256)
			throw new RstarError('invalid-params', `${candidate} is not the base model ${file} was trained on (sha256 ${sha256.slice(0, 12)}…, the adapter names ${base.sha256.slice(0, 12)}…)`);
		return {modelPath: candidate, loraPath: file};
	}
	throw new RstarError('not-found', `${file} is a LoRA adapter of ${base.file_name}, which is neither beside it nor among the installed base models (${baseModelsDir()}): \`npm install\` installs the shipped base models (scripts/installPython.mjs)`);
}
