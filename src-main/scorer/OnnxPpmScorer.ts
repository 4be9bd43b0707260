import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {Tokenizer} from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import {RstarError} from '../contract/errors.js';
import {PpmManifest} from '../contract/ppm.js';
import type {Scorer} from '../engine/ports.js';
import {promptFormatsByName} from '../policy/promptFormats.js';
import {sha256File} from '../sha256File.js';

/** The files of a PPM bundle folder. */
export const ppmBundleFiles = ['model.onnx', 'tokenizer.json', 'ppm.json'] as const;

const transforms: Record<PpmManifest['scoreTransform'], (r: number) => number> = {
	'tanh(r/5)': r => Math.tanh(r / 5),
	'tanh(r)': r => Math.tanh(r),
	identity: r => r
};

/**
 * The process preference model on onnxruntime-node: scores a batch of partial trajectories, each the reward at its
 * last token. Runs on CUDA where onnxruntime's CUDA provider is installed, on the CPU otherwise (fine for tiny PPMs,
 * slow for billion-parameter ones: `device` says which, and the UI warns).
 */
export class OnnxPpmScorer implements Scorer {
	private constructor(
		private readonly session: ort.InferenceSession,
		private readonly tokenizer: Tokenizer,
		public readonly manifest: PpmManifest,
		/** sha256 of model.onnx, recorded with every search that uses it. */
		public readonly sha256: string,
		public readonly device: 'cuda' | 'cpu',
		/** Id for text the vocabulary lacks (tokenizers.js leaves such ids undefined in some models). */
		private readonly unknownTokenId: number
	) {}

	public static async load(bundleDir: string, options: {device?: 'auto' | 'cpu' | 'cuda'} = {}): Promise<OnnxPpmScorer> {
		for (const file of ppmBundleFiles)
			if (!fs.existsSync(path.join(bundleDir, file)))
				throw new RstarError('not-found', `${bundleDir} is not a PPM bundle: ${file} is missing (a bundle holds ${ppmBundleFiles.join(', ')})`);

		const manifest = PpmManifest.safeParse(readJson(path.join(bundleDir, 'ppm.json')));
		if (!manifest.success)
			throw new RstarError('invalid-params', `${path.join(bundleDir, 'ppm.json')} is invalid: ${manifest.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
		let tokenizer: Tokenizer;
		const tokenizerJson = readJson(path.join(bundleDir, 'tokenizer.json')) as {model?: {unk_token?: string}};
		try {
			tokenizer = new Tokenizer(tokenizerJson, {});
		} catch (error) {
			throw new RstarError('invalid-params', `${path.join(bundleDir, 'tokenizer.json')} is not a tokenizer this app reads: ${(error as Error).message}`);
		}

		const modelPath = path.join(bundleDir, 'model.onnx');
		const sha256 = await sha256File(modelPath);
		const wantsCuda = options.device === 'cuda' || (options.device !== 'cpu' && cudaProviderInstalled());
		let session: ort.InferenceSession;
		try {
			session = await ort.InferenceSession.create(modelPath, {executionProviders: wantsCuda ? ['cuda', 'cpu'] : ['cpu']});
		} catch (error) {
			throw new RstarError('invalid-params', `${modelPath} cannot be loaded by onnxruntime: ${(error as Error).message.split('\n')[0]}`);
		}
		const missing = [manifest.data.inputs.ids, manifest.data.inputs.mask].filter((name): name is string => name !== undefined && !session.inputNames.includes(name));
		if (missing.length > 0 || !session.outputNames.includes(manifest.data.output)) {
			await session.release();
			throw new RstarError('invalid-params',
				`${modelPath} does not match ppm.json: the model has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], ppm.json names inputs [${[manifest.data.inputs.ids, manifest.data.inputs.mask].filter(Boolean).join(', ')}] and output ${manifest.data.output}`);
		}
		const unknownToken = tokenizerJson.model?.unk_token;
		const unknownTokenId = (unknownToken ? tokenizer.token_to_id(unknownToken) : undefined) ?? manifest.data.padTokenId;
		return new OnnxPpmScorer(session, tokenizer, manifest.data, sha256, wantsCuda ? 'cuda' : 'cpu', unknownTokenId);
	}

	public async score(question: string, trajectories: readonly string[][]): Promise<number[]> {
		if (trajectories.length === 0)
			return [];
		const {manifest} = this;
		const prompt = promptFormatsByName[manifest.promptFormat](question);
		const sequences = trajectories.map(steps => {
			const encoded = this.tokenizer.encode(prompt + steps.join(''), {add_special_tokens: false}).ids.map((id: number | undefined) => id ?? this.unknownTokenId);
			const ids = [...manifest.prefixTokenIds, ...encoded];
			// The end is what is being scored: an over-long trajectory loses its beginning.
			return ids.length > manifest.maxLength ? ids.slice(ids.length - manifest.maxLength) : ids;
		});
		const width = Math.max(...sequences.map(ids => ids.length));
		const ids = new BigInt64Array(sequences.length * width).fill(BigInt(manifest.padTokenId));
		const mask = new BigInt64Array(sequences.length * width);
		sequences.forEach((sequence, row) => sequence.forEach((id, column) => {
			ids[row * width + column] = BigInt(id);
			mask[row * width + column] = 1n;
		}));
		const feeds: Record<string, ort.Tensor> = {[manifest.inputs.ids]: new ort.Tensor('int64', ids, [sequences.length, width])};
		if (manifest.inputs.mask)
			feeds[manifest.inputs.mask] = new ort.Tensor('int64', mask, [sequences.length, width]);
		const output = (await this.session.run(feeds))[manifest.output]!;
		if (output.dims.length !== 2 || output.dims[0] !== sequences.length || output.dims[1] !== width)
			throw new RstarError('invalid-params', `the PPM's output ${manifest.output} has shape [${output.dims.join(', ')}], expected [batch, sequence] = [${sequences.length}, ${width}]`);
		const rewards = output.data as Float32Array;
		const transform = transforms[manifest.scoreTransform];
		return sequences.map((sequence, row) => transform(rewards[row * width + sequence.length - 1]!));
	}

	public async dispose(): Promise<void> {
		await this.session.release();
	}
}

/**
 * Whether onnxruntime-node's CUDA provider library is installed (`ONNXRUNTIME_NODE_INSTALL=cuda12` on a machine with
 * internet): listing it as a backend is not enough, the library itself must be there.
 */
function cudaProviderInstalled(): boolean {
	if (process.platform !== 'linux' && process.platform !== 'win32')
		return false;
	const packageDir = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
	const library = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
	const binDir = path.join(packageDir, 'bin');
	return fs.existsSync(binDir) && fs.readdirSync(binDir).some(napi => fs.existsSync(path.join(binDir, napi, process.platform, process.arch, library)));
}

function readJson(file: string): unknown {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch (error) {
		throw new RstarError('invalid-params', `${file} is not valid JSON: ${(error as Error).message}`);
	}
}
