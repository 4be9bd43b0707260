import {expect} from 'vitest';
import {LlamaPolicy} from '../../src-main/policy/LlamaPolicy.js';
import {rstarTrainingPrompt} from '../../src-main/prompts/promptFormats.js';

/**
 * The exported GGUF, run by node-llama-cpp on the probe's question in the app's training template (which must be the
 * trainer's, character for character), writes the greedy text PyTorch wrote.
 */
export async function expectGreedyAsProbed(modelPath: string, probe: {query: string; greedy: string}): Promise<void> {
	const question = /^<\|user\|>:\n([\s\S]*)\n<\|assistant\|>: /.exec(probe.query)![1]!;
	expect(rstarTrainingPrompt(question)).toBe(probe.query);
	const policy = await LlamaPolicy.load({modelPath, promptFormat: rstarTrainingPrompt, gpu: false, sequences: 1, contextSize: 1024, threads: 1, reusePrefix: false});
	try {
		const [candidate] = await policy.expand({question, steps: [], count: 1, temperature: 0, topP: 1, topK: 0, maxTokens: 24, seeds: [0], deadlineMs: 60_000});
		expect(candidate!.text.length).toBeGreaterThan(5);
		const shorter = Math.min(candidate!.text.length, probe.greedy.length);
		expect(candidate!.text.slice(0, shorter)).toBe(probe.greedy.slice(0, shorter));
	} finally {
		await policy.dispose();
	}
}
