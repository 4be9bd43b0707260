import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {defaultPolicyPath} from '../../../src-main/paths.js';
import {LlamaPolicy} from '../../../src-main/policy/LlamaPolicy.js';
import {rstarSftPrompt} from '../../../src-main/prompts/promptFormats.js';

// A real GGUF (the shipped round-0 tiny policy) through real node-llama-cpp on the CPU.
describe('LlamaPolicy', () => {
	let policy: LlamaPolicy;
	// Hot sampling: the trained tiny policy is sure of itself, and other seeds must be able to give other steps.
	const request = (seeds: number[], steps: string[] = []) => ({
		question: 'Tom has 3 apples and buys 4 more. How many apples does he have now?', steps, count: seeds.length,
		temperature: 1.5, topP: 1, topK: 0, maxTokens: 48, seeds, deadlineMs: 30_000
	});

	beforeAll(async () => {
		policy = await LlamaPolicy.load({modelPath: defaultPolicyPath(), promptFormat: rstarSftPrompt, gpu: false, sequences: 4, contextSize: 2048, threads: 1});
	}, 60_000);
	afterAll(() => policy?.dispose());

	it('records the model file\'s sha256 and runs on the CPU here', () => {
		expect(policy.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(policy.device).toBe('cpu');
	});

	it('samples N candidates in parallel, each ended by a marker, the token cap, or end of sequence', async () => {
		const candidates = await policy.expand(request([1, 2, 3, 4]));
		expect(candidates).toHaveLength(4);
		for (const candidate of candidates) {
			expect(['end_of_step', 'end_of_code', 'end_of_answer', 'eos', 'max-tokens']).toContain(candidate.stopReason);
			expect(candidate.tokens).toBeLessThanOrEqual(48);
			if (candidate.stopReason.startsWith('end_of'))
				expect(candidate.text.endsWith(`<${candidate.stopReason}>`)).toBe(true);
		}
	});

	it('without prefix reuse, gives the same candidates for the same seeds, and others for other seeds', async () => {
		const reproducible = await LlamaPolicy.load({modelPath: defaultPolicyPath(), promptFormat: rstarSftPrompt, gpu: false, sequences: 2, contextSize: 2048, threads: 1, reusePrefix: false});
		try {
			const first = await reproducible.expand(request([11, 12]));
			const again = await reproducible.expand(request([11, 12]));
			const other = await reproducible.expand(request([13, 14]));
			expect(again.map(candidate => candidate.text)).toEqual(first.map(candidate => candidate.text));
			expect(other.map(candidate => candidate.text)).not.toEqual(first.map(candidate => candidate.text));
			expect(reproducible.stats.reusedTokens).toBe(0);
		} finally {
			await reproducible.dispose();
		}
	});

	it('runs concurrent expansions one at a time, each giving what it gives alone; a queued one aborted never runs', async () => {
		const reproducible = await LlamaPolicy.load({modelPath: defaultPolicyPath(), promptFormat: rstarSftPrompt, gpu: false, sequences: 2, contextSize: 2048, threads: 1, reusePrefix: false});
		try {
			const texts = (candidates: {text: string}[]) => candidates.map(candidate => candidate.text);
			const alone = [texts(await reproducible.expand(request([61, 62]))), texts(await reproducible.expand(request([63, 64])))];
			const generated = reproducible.stats.generatedTokens;
			const abort = new AbortController();
			const calls = [reproducible.expand(request([61, 62])), reproducible.expand(request([71, 72]), abort.signal), reproducible.expand(request([63, 64]))];
			abort.abort(new Error('stopped'));
			await expect(calls[1]).rejects.toThrow('stopped');
			expect([texts(await calls[0]!), texts(await calls[2]!)]).toEqual(alone);
			// The aborted expansion generated nothing: the tokens are those of the two that ran.
			expect(reproducible.stats.generatedTokens - generated).toBe(generated);
		} finally {
			await reproducible.dispose();
		}
	});

	it('reuses the evaluated prefix (KV cache) when an expansion extends a previous one', async () => {
		const [step] = await policy.expand(request([21]));
		const before = {...policy.stats};
		await policy.expand(request([22], [step!.text]));
		const promptTokens = policy.stats.promptTokens - before.promptTokens;
		const reused = policy.stats.reusedTokens - before.reusedTokens;
		// The question's prompt and the step's own tokens were already in the sequence.
		expect(reused).toBeGreaterThan(promptTokens / 2);
	});

	it('writes what a fresh cache writes when it reuses another prompt\'s cache, greedily', async () => {
		// evaluate() appends to a sequence: a cache left by another question must be cut back first, or the model
		// reads both prompts one after the other.
		const fresh = await LlamaPolicy.load({modelPath: defaultPolicyPath(), promptFormat: rstarSftPrompt, gpu: false, sequences: 2, contextSize: 2048, threads: 1, reusePrefix: false});
		try {
			const greedy = (question: string, steps: string[] = []) => ({...request([1, 2], steps), question, temperature: 0});
			for (const question of ['Maya has 35 shells and gives away 12. How many shells are left?', 'Tom has 3 apples and buys 4 more. How many apples does he have now?']) {
				const [first] = await fresh.expand(greedy(question));
				expect((await policy.expand(greedy(question))).map(c => c.text)).toEqual([first!.text, first!.text]);
				const [second] = await fresh.expand(greedy(question, [first!.text]));
				expect((await policy.expand(greedy(question, [first!.text]))).map(c => c.text)).toEqual([second!.text, second!.text]);
			}
		} finally {
			await fresh.dispose();
		}
	});

	it('evaluates a shared prefix once and copies it to the other sequences', async () => {
		const [step] = await policy.expand(request([41]));
		const before = {...policy.stats};
		await policy.expand(request([42, 43, 44, 45], [step!.text, 'x = 1\n<end_of_step>']));
		expect(policy.stats.copiedTokens - before.copiedTokens).toBeGreaterThan(0);
	});

	it('falls back to evaluating when the internal state copy is unavailable or fails', async () => {
		const sequences = (policy as unknown as {sequences: {_copyStateFromOtherSequence?: unknown}[]}).sequences;
		const original = Object.getPrototypeOf(sequences[0])._copyStateFromOtherSequence;
		Object.getPrototypeOf(sequences[0])._copyStateFromOtherSequence = () => Promise.reject(new Error('gone in a later version'));
		try {
			const before = policy.stats.copiedTokens;
			const candidates = await policy.expand(request([51, 52, 53], ['y = 2\n<end_of_step>']));
			expect(candidates).toHaveLength(3);
			expect(policy.stats.copiedTokens).toBe(before);
		} finally {
			Object.getPrototypeOf(sequences[0])._copyStateFromOtherSequence = original;
		}
	});

	it('ends a step that never stops at the token cap, never hangs', async () => {
		const [candidate] = await policy.expand({...request([31]), maxTokens: 8});
		expect(candidate!.tokens).toBeLessThanOrEqual(8);
	});
});
