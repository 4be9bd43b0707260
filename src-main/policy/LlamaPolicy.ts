import fs from 'node:fs';
import os from 'node:os';
import {getLlama, LlamaLogLevel, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaModel, type Token} from 'node-llama-cpp';
import {RstarError} from '../contract/errors.js';
import type {StopReason} from '../contract/search.js';
import type {Candidate, ExpandRequest, Policy, PromptFit} from '../engine/ports.js';
import {markers} from '../engine/stepFormat.js';
import {SerialQueue} from '../SerialQueue.js';
import {resolvePolicyFiles} from './resolvePolicyFiles.js';
import {sha256File} from '../sha256File.js';
import type {PromptFormat} from '../prompts/promptFormats.js';

export interface LlamaPolicyOptions {
	modelPath: string;
	promptFormat: PromptFormat;
	/** `auto` uses CUDA, Vulkan or Metal where present; `false` the CPU. Defaults to `auto`. */
	gpu?: 'auto' | 'cuda' | 'vulkan' | 'metal' | false;
	/** Layers offloaded to the GPU. Defaults to `auto`. */
	gpuLayers?: number | 'auto';
	/** Tokens per sequence. Defaults to 4096. */
	contextSize?: number;
	/** Parallel sequences: the candidates one expansion samples at once. Defaults to 8. */
	sequences?: number;
	/**
	 * CPU threads. llama.cpp's default on 2 vCPUs was measured at 250 ms/token against 0.7 ms with 1, so it is always
	 * set. Defaults to half the cores, at least 1.
	 */
	threads?: number;
	/**
	 * Reuse each sequence's KV cache for the prefix the next expansion shares. llama.cpp's logits depend slightly on
	 * how a prompt was batched, so reuse makes sampling reproducible only approximately; `false` evaluates every
	 * prompt afresh and makes it bit-reproducible under the seed. Defaults to `true`.
	 */
	reusePrefix?: boolean;
}

/** How much prefix work the KV cache saved. */
export interface PolicyStats {
	promptTokens: number;
	/** Prompt tokens already in a sequence's KV cache (its own, or copied from another sequence). */
	reusedTokens: number;
	/** Of those, the tokens copied from another sequence's cache within an expansion. */
	copiedTokens: number;
	generatedTokens: number;
}

/**
 * node-llama-cpp 3.22's internal cross-sequence state copy (identical logits, ~0.5 ms against 7–10 ms to evaluate a
 * prefix again). Internal, so used only where present and checked: any failure falls back to evaluating.
 */
interface CopyableSequence {
	_copyStateFromOtherSequence?(other: LlamaContextSequence, upToTokenIndex: number): Promise<boolean>;
}

const stopByMarker: Record<string, StopReason> = {
	[markers.endOfStep]: 'end_of_step',
	[markers.endOfCode]: 'end_of_code',
	[markers.endOfAnswer]: 'end_of_answer'
};

/**
 * The policy on node-llama-cpp. An expansion samples its N candidates on N sequences of one context, concurrently,
 * so llama.cpp decodes them in one batch; each sequence keeps its KV cache, so the shared prefix of the next
 * expansion is not evaluated again. Steps are fed back as the tokens that were generated for them, never
 * re-tokenised, which keeps that prefix identical.
 */
export class LlamaPolicy implements Policy {
	public readonly stats: PolicyStats = {promptTokens: 0, reusedTokens: 0, copiedTokens: 0, generatedTokens: 0};
	private readonly expansions = new SerialQueue();
	private readonly stepTokens = new Map<string, Token[]>();
	private readonly markerTokens = new Map<Token, StopReason>();

	private constructor(
		private readonly llama: Llama,
		public readonly model: LlamaModel,
		private readonly context: LlamaContext,
		private readonly sequences: LlamaContextSequence[],
		private readonly options: LlamaPolicyOptions,
		/** sha256 of the model file, recorded with every search. */
		public readonly sha256: string
	) {
		for (const [marker, stop] of Object.entries(stopByMarker)) {
			const tokens = model.tokenize(marker, true);
			if (tokens.length === 1)
				this.markerTokens.set(tokens[0]!, stop);
		}
	}

	/**
	 * Loads the GGUF. Errors say what was expected of the file, never what was read from it (llama.cpp's quote the
	 * bytes it found, and the path may name any file on the host): only the error's class is passed on.
	 */
	public static async load(options: LlamaPolicyOptions): Promise<LlamaPolicy> {
		const sha256 = await sha256File(options.modelPath);
		if (!await startsWithGgufMagic(options.modelPath))
			throw new RstarError('invalid-params', `${options.modelPath} is not a GGUF model file: a file starting with the bytes "GGUF" was expected — pick a .gguf file (convert a Hugging Face model with llama.cpp's convert_hf_to_gguf.py)`);
		const files = await resolvePolicyFiles(options.modelPath);
		const llama = await getLlama({gpu: options.gpu ?? 'auto', build: 'never', logLevel: LlamaLogLevel.error});
		let model: LlamaModel;
		try {
			model = await llama.loadModel({modelPath: files.modelPath, gpuLayers: options.gpuLayers ?? 'auto'});
		} catch (error) {
			throw new RstarError('invalid-params', `${files.modelPath} cannot be loaded by llama.cpp (${error instanceof Error ? error.constructor.name : 'failure'}): a complete GGUF file (version 2 or 3) of an architecture llama.cpp supports, fitting this machine's memory, was expected`);
		}
		const sequenceCount = options.sequences ?? 8;
		let context: LlamaContext;
		try {
			context = await model.createContext({
				contextSize: options.contextSize ?? 4096,
				sequences: sequenceCount,
				threads: options.threads ?? Math.max(1, Math.floor(os.availableParallelism() / 2)),
				...files.loraPath === null ? {} : {lora: files.loraPath}
			});
		} catch (error) {
			if (files.loraPath === null)
				throw error;
			await model.dispose();
			throw new RstarError('invalid-params', `${files.loraPath} cannot be applied to ${files.modelPath} by llama.cpp (${error instanceof Error ? error.message : 'failure'}): a LoRA adapter GGUF of that model was expected`);
		}
		const sequences = Array.from({length: sequenceCount}, () => context.getSequence());
		return new LlamaPolicy(llama, model, context, sequences, options, sha256);
	}

	/** What the policy runs on: `cuda`, `vulkan`, `metal` or `cpu`. */
	public get device(): string {
		return this.llama.gpu === false ? 'cpu' : this.llama.gpu;
	}

	/**
	 * Expansions run one at a time, first come first served: each uses all the sequences, and searches sharing this
	 * policy call it concurrently. One still queued when `signal` aborts is dropped unrun.
	 */
	public expand(request: ExpandRequest, signal?: AbortSignal): Promise<Candidate[]> {
		return this.expansions.run(() => this.expandNow(request, signal), signal);
	}

	private async expandNow(request: ExpandRequest, signal?: AbortSignal): Promise<Candidate[]> {
		const prompt = this.promptTokens(request);
		const candidates: Candidate[] = [];
		// More candidates than sequences are sampled in waves.
		for (let start = 0; start < request.count; start += this.sequences.length) {
			const wave = Array.from({length: Math.min(this.sequences.length, request.count - start)}, (_, i) => start + i);
			const sequences = wave.map((_, slot) => this.sequences[slot]!);
			if (this.options.reusePrefix !== false)
				await this.sharePrefix(sequences, prompt);
			if (this.options.reusePrefix === false) {
				// Reproducible: one sequence decodes at a time, so no candidate's logits depend on which others shared its
				// batch (llama.cpp's sums differ slightly with the batch, and a near-tie sample can flip).
				for (const [slot, index] of wave.entries())
					candidates.push(await this.sample(sequences[slot]!, prompt, request, request.seeds[index]!, signal));
			} else
				candidates.push(...await Promise.all(wave.map((index, slot) => this.sample(sequences[slot]!, prompt, request, request.seeds[index]!, signal))));
		}
		return candidates;
	}

	/**
	 * Evaluates the prompt (all but its last token) once, on the sequence that already holds most of it, and copies
	 * that state to the others, instead of every sequence evaluating the same prefix.
	 */
	private async sharePrefix(sequences: LlamaContextSequence[], prompt: Token[]): Promise<void> {
		const prefix = prompt.slice(0, -1);
		if (sequences.length < 2 || prefix.length === 0)
			return;
		const held = (sequence: LlamaContextSequence) => sequence.compareContextTokens(prefix).firstDifferentIndex;
		const leader = sequences.reduce((best, sequence) => held(sequence) > held(best) ? sequence : best);
		const lagging = sequences.filter(sequence => sequence !== leader && held(sequence) < prefix.length);
		if (lagging.length === 0)
			return;
		// evaluateWithoutGeneratingNewTokens appends: first cut the leader back to what it shares with the prefix.
		await leader.adaptStateToTokens(prefix, false);
		const missing = prefix.slice(leader.nextTokenIndex);
		if (missing.length > 0)
			await leader.evaluateWithoutGeneratingNewTokens(missing);
		if (held(leader) !== prefix.length)
			return;
		for (const sequence of lagging) {
			const before = held(sequence);
			try {
				const copied = await (sequence as unknown as CopyableSequence)._copyStateFromOtherSequence?.(leader, prefix.length);
				if (copied && held(sequence) === prefix.length)
					this.stats.copiedTokens += prefix.length - before;
			} catch {
				// The sequence evaluates the prefix itself in sample(): slower, same result.
			}
		}
	}

	public async fit(question: string): Promise<PromptFit> {
		return {promptTokens: this.promptTokens({question, steps: []}).length, contextTokens: this.context.contextSize};
	}

	public async dispose(): Promise<void> {
		await this.context.dispose();
		await this.model.dispose();
	}

	private promptTokens(request: Pick<ExpandRequest, 'question' | 'steps'>): Token[] {
		const tokens: Token[] = [];
		if (this.model.tokens.shouldPrependBosToken && this.model.tokens.bos !== null)
			tokens.push(this.model.tokens.bos);
		tokens.push(...this.model.tokenize(this.options.promptFormat(request.question), true));
		for (const step of request.steps)
			tokens.push(...this.tokensOf(step));
		return tokens;
	}

	/** A step's tokens as generated; a final code step's appended output is tokenised on its own. */
	private tokensOf(step: string): Token[] {
		const known = this.stepTokens.get(step);
		if (known)
			return known;
		const end = step.indexOf(markers.endOfCode);
		if (end >= 0) {
			const generated = this.stepTokens.get(step.slice(0, end + markers.endOfCode.length));
			if (generated)
				return [...generated, ...this.model.tokenize(step.slice(end + markers.endOfCode.length), true)];
		}
		return this.model.tokenize(step, true);
	}

	private async sample(sequence: LlamaContextSequence, prompt: Token[], request: ExpandRequest, seed: number, signal?: AbortSignal): Promise<Candidate> {
		const deadline = performance.now() + request.deadlineMs;
		// `evaluate` appends to what the sequence holds: first cut the sequence back to the part of its cache this
		// prompt shares (all of it but the last token at most, which must be evaluated to sample from).
		if (this.options.reusePrefix === false)
			await sequence.clearHistory();
		else
			await sequence.adaptStateToTokens(prompt.slice(0, -1), false);
		const reused = sequence.nextTokenIndex;
		this.stats.promptTokens += prompt.length;
		this.stats.reusedTokens += Math.min(reused, prompt.length);

		const generated: Token[] = [];
		let stopReason: StopReason = 'max-tokens';
		for await (const token of sequence.evaluate(prompt.slice(reused), {temperature: request.temperature, topP: request.topP, topK: request.topK, seed})) {
			signal?.throwIfAborted();
			if (this.model.isEogToken(token)) {
				stopReason = 'eos';
				break;
			}
			generated.push(token);
			const marker = this.markerTokens.get(token) ?? this.markerInText(generated);
			if (marker) {
				stopReason = marker;
				break;
			}
			if (generated.length >= request.maxTokens)
				break;
			if (performance.now() > deadline) {
				stopReason = 'deadline';
				break;
			}
		}
		this.stats.generatedTokens += generated.length;
		const text = this.model.detokenize(generated, true);
		this.stepTokens.set(text, generated);
		return {text, stopReason, tokens: generated.length};
	}

	/** Models whose vocabulary splits a marker into several tokens: look at the end of the text. */
	private markerInText(generated: Token[]): StopReason | undefined {
		if (this.markerTokens.size === Object.keys(stopByMarker).length)
			return undefined;
		const tail = this.model.detokenize(generated.slice(-12), true);
		return Object.entries(stopByMarker).find(([marker]) => tail.endsWith(marker))?.[1];
	}
}

/** Whether the file begins with GGUF's magic bytes: checked before llama.cpp, whose error would quote what it found. */
async function startsWithGgufMagic(filePath: string): Promise<boolean> {
	const handle = await fs.promises.open(filePath, 'r');
	try {
		const {buffer, bytesRead} = await handle.read(Buffer.alloc(4), 0, 4, 0);
		return bytesRead === 4 && buffer.toString('latin1') === 'GGUF';
	} finally {
		await handle.close();
	}
}
