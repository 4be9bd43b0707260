import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {defaultPolicyPath} from '../../../src-main/paths.js';
import {LlamaPolicyProcess} from '../../../src-main/policy/LlamaPolicyProcess.js';
import {useTempDir} from '../../support/tempDir.js';

const request = {question: 'What is 3 + 4?', steps: [], count: 2, temperature: 0.8, topP: 0.95, topK: 40, maxTokens: 32, seeds: [1, 2], deadlineMs: 30_000};

describe('LlamaPolicyProcess (llama.cpp in a process of its own)', () => {
	const tempDir = useTempDir();

	it('loads the model in its process and expands over IPC', async () => {
		const policy = await LlamaPolicyProcess.load({modelPath: defaultPolicyPath(), promptFormat: 'rstar-sft', sequences: 2, threads: 1, gpu: false});
		try {
			expect(policy.sha256).toMatch(/^[0-9a-f]{64}$/);
			const candidates = await policy.expand(request);
			expect(candidates).toHaveLength(2);
			expect(policy.stats.generatedTokens).toBeGreaterThan(0);
		} finally {
			await policy.dispose();
		}
	}, 60_000);

	it('turns a file that is not a model, or a corrupt one, into a clear error', async () => {
		const dir = tempDir();
		const notModel = path.join(dir, 'notes.gguf');
		fs.writeFileSync(notModel, 'just some text');
		await expect(LlamaPolicyProcess.load({modelPath: notModel, promptFormat: 'rstar-sft'})).rejects.toThrow(/cannot load the policy model .*notes\.gguf/);
		const truncated = path.join(dir, 'truncated.gguf');
		fs.writeFileSync(truncated, fs.readFileSync(defaultPolicyPath()).subarray(0, 100_000));
		await expect(LlamaPolicyProcess.load({modelPath: truncated, promptFormat: 'rstar-sft'})).rejects.toThrow(/truncated\.gguf/);
	}, 60_000);

	it('reports a crash of the policy process during an expansion, and the host lives on', async () => {
		const policy = await LlamaPolicyProcess.load({modelPath: defaultPolicyPath(), promptFormat: 'rstar-sft', sequences: 2, threads: 1, gpu: false});
		const expansion = policy.expand({...request, maxTokens: 100_000, count: 2, deadlineMs: 60_000});
		process.kill(policy.pid!, 'SIGKILL');
		await expect(expansion).rejects.toThrow(/model process .* exited \(SIGKILL\) during a call/);
		await expect(policy.expand(request)).rejects.toThrow(/exited/);
	}, 60_000);
});
