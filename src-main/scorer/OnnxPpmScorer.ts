import fs from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {Tokenizer} from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import {RstarError} from '../contract/errors.js';
import {PpmManifest, ppmBundleFiles} from '../contract/ppm.js';
import type {Scorer} from '../engine/ports.js';
import {promptFormatsByName} from '../prompts/promptFormats.js';
import {SerialQueue} from '../SerialQueue.js';
import {sha256File} from '../sha256File.js';

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
	private readonly calls = new SerialQueue();

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

	/**
	 * Loads a bundle and checks it before any search uses it: ppm.json's token ids against the tokenizer's vocabulary,
	 * the model's inputs against what the scorer feeds, and one run over the largest id of the vocabulary, so a bundle
	 * that cannot score fails here with the fix named, not mid-search. The messages say what was expected of each
	 * file, never what was read from it: the path may name any file on the host.
	 */
	public static async load(bundleDir: string, options: {device?: 'auto' | 'cpu' | 'cuda'} = {}): Promise<OnnxPpmScorer> {
		for (const file of ppmBundleFiles)
			if (!fs.existsSync(path.join(bundleDir, file)))
				throw new RstarError('not-found', `${bundleDir} is not a PPM bundle: ${file} is missing (a bundle holds ${ppmBundleFiles.join(', ')})`);

		const manifestPath = path.join(bundleDir, 'ppm.json');
		const manifest = PpmManifest.safeParse(readJson(manifestPath, 'an object with format "rstar-ppm", version 1, maxLength, inputs, output and padTokenId'));
		if (!manifest.success)
			throw new RstarError('invalid-params', `${manifestPath} is invalid: ${manifest.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
		const tokenizerPath = path.join(bundleDir, 'tokenizer.json');
		const tokenizerJson = readJson(tokenizerPath, 'a Hugging Face tokenizers file with a model and its vocab') as {model?: {unk_token?: string}};
		let tokenizer: Tokenizer;
		try {
			tokenizer = new Tokenizer(tokenizerJson, {});
		} catch {
			throw new RstarError('invalid-params', `${tokenizerPath} is not a tokenizer this app reads: a Hugging Face tokenizers file (tokenizer.json: a model with its vocab) was expected — export it with the trainer, or with the tokenizers library's save()`);
		}
		let largestId = -1;
		for (const id of tokenizer.get_vocab(true).values())
			largestId = Math.max(largestId, id);
		const ids: [string, number][] = [['padTokenId', manifest.data.padTokenId], ...manifest.data.prefixTokenIds.map((id, i): [string, number] => [`prefixTokenIds[${i}]`, id])];
		for (const [name, id] of ids)
			if (tokenizer.id_to_token(id) === undefined)
				throw new RstarError('invalid-params',
					`${manifestPath}: ${name} is ${id}, which is not a token of ${tokenizerPath} (its vocabulary has ids 0–${largestId}) — set ${name} to an id of that vocabulary${name === 'padTokenId' ? ' (its pad token\'s, or any id the model ignores under the attention mask)' : ''}`);

		const modelPath = path.join(bundleDir, 'model.onnx');
		const sha256 = await sha256File(modelPath);
		const wantsCuda = options.device === 'cuda' || (options.device !== 'cpu' && cudaProviderInstalled());
		let session: ort.InferenceSession;
		try {
			session = await ort.InferenceSession.create(modelPath, {executionProviders: wantsCuda ? ['cuda', 'cpu'] : ['cpu']});
		} catch {
			throw new RstarError('invalid-params', `${modelPath} cannot be loaded by onnxruntime: an ONNX model (token ids and an attention mask in, rewards out) was expected — export it with \`rstar train ppm\` or torch.onnx.export`);
		}
		const unknownToken = tokenizerJson.model?.unk_token;
		const unknownTokenId = (unknownToken ? tokenizer.token_to_id(unknownToken) : undefined) ?? manifest.data.padTokenId;
		const scorer = new OnnxPpmScorer(session, tokenizer, manifest.data, sha256, wantsCuda ? 'cuda' : 'cpu', unknownTokenId);
		try {
			scorer.checkInputs(modelPath);
			await scorer.rewards([[...manifest.data.prefixTokenIds, manifest.data.padTokenId, largestId]]).catch((error: unknown) => {
				if (error instanceof RstarError)
					throw error;
				throw new RstarError('invalid-params',
					`${modelPath} cannot read the token ids of ${tokenizerPath}: a run on ids up to ${largestId} failed — the model's embedding must cover the tokenizer's ${largestId + 1} ids; bundle the model with the tokenizer it was trained with`);
			});
		} catch (error) {
			await session.release();
			throw error;
		}
		return scorer;
	}

	/** The inputs and output ppm.json names exist, and the inputs take what `rewards` feeds: int64 [batch, sequence]. */
	private checkInputs(modelPath: string): void {
		const {manifest, session} = this;
		const wanted = [manifest.inputs.ids, manifest.inputs.mask].filter((name): name is string => name !== undefined);
		if (wanted.some(name => !session.inputNames.includes(name)) || !session.outputNames.includes(manifest.output))
			throw new RstarError('invalid-params',
				`${modelPath} does not match ppm.json: the model has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], ppm.json names inputs [${wanted.join(', ')}] and output ${manifest.output}`);
		for (const name of wanted) {
			const input = session.inputMetadata[session.inputNames.indexOf(name)]!;
			if (!input.isTensor || input.type !== 'int64' || (input.shape.length !== 0 && input.shape.length !== 2))
				throw new RstarError('invalid-params',
					`${modelPath}: input ${name} must be an int64 tensor [batch, sequence] (the scorer feeds token ids and a 0/1 mask) — export the model with int64 inputs of two dimensions`);
		}
	}

	/**
	 * Scores run one at a time, first come first served, as the policy's expansions do (searches sharing this PPM
	 * call it concurrently); one still queued when `signal` aborts is dropped unscored.
	 */
	public score(question: string, trajectories: readonly string[][], signal?: AbortSignal): Promise<number[]> {
		return this.calls.run(() => this.scoreNow(question, trajectories), signal);
	}

	private async scoreNow(question: string, trajectories: readonly string[][]): Promise<number[]> {
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
		const {rewards, width} = await this.rewards(sequences);
		const transform = transforms[manifest.scoreTransform];
		return sequences.map((sequence, row) => transform(rewards[row * width + sequence.length - 1]!));
	}

	/** The model's rewards for token id sequences, padded to the longest with `padTokenId` (masked out), row-major. */
	private async rewards(sequences: readonly number[][]): Promise<{rewards: Float32Array; width: number}> {
		const {manifest} = this;
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
		return {rewards: output.data as Float32Array, width};
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

/** The parsed file; when it is not JSON, the message says what was `expected` (JSON.parse's own quotes the text). */
function readJson(file: string, expected: string): unknown {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		throw new RstarError('invalid-params', `${file} is not valid JSON: ${expected} was expected`);
	}
}
