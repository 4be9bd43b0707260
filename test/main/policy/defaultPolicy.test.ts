import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {baseModelsDir, defaultPolicyPath, smolPolicyPath, tinyPolicyPath} from '../../../src-main/paths.js';
import {LlamaPolicy} from '../../../src-main/policy/LlamaPolicy.js';
import {resolvePolicyFiles} from '../../../src-main/policy/resolvePolicyFiles.js';
import {rstarSftPrompt} from '../../../src-main/prompts/promptFormats.js';

// The shipped default policy: the SmolLM2-135M LoRA adapter (resources/models), on the base `npm install` installs.
describe('the default policy', () => {
	const suiteDefault = process.env.RSTAR_DEFAULT_POLICY;
	afterEach(() => {
		process.env.RSTAR_DEFAULT_POLICY = suiteDefault;
	});

	it('is the SmolLM2 LoRA policy where its base is installed, RSTAR_DEFAULT_POLICY where set', async () => {
		delete process.env.RSTAR_DEFAULT_POLICY;
		expect(defaultPolicyPath()).toBe(smolPolicyPath());
		expect(await resolvePolicyFiles(smolPolicyPath())).toEqual({modelPath: path.join(baseModelsDir(), 'SmolLM2-135M-Instruct.Q4_1.gguf'), loraPath: smolPolicyPath()});
		// What is committed for it stays small: the base comes from its package.
		expect(fs.statSync(smolPolicyPath()).size).toBeLessThan(20 * 1024 * 1024);
		process.env.RSTAR_DEFAULT_POLICY = path.relative(process.cwd(), tinyPolicyPath());
		expect(defaultPolicyPath()).toBe(tinyPolicyPath());
	});

	it('writes a first step in the method\'s format for a plain word problem, at the Search page\'s temperature', async () => {
		const policy = await LlamaPolicy.load({modelPath: smolPolicyPath(), promptFormat: rstarSftPrompt, gpu: false, sequences: 4, contextSize: 2048, threads: 2});
		try {
			const question = 'Maria has 14 stickers. Her brother gives her 9 more. How many stickers does Maria have now?';
			const candidates = await policy.expand({question, steps: [], count: 4, temperature: 0.7, topP: 1, topK: 0, maxTokens: 200, seeds: [1, 2, 3, 4], deadlineMs: 120_000});
			for (const candidate of candidates) {
				// A Python comment (the reasoning) and code, ended by the step marker — not noise.
				expect(candidate.text).toMatch(/^<code>\n# [A-Za-z][^\n]*\n[^\n]*[=(][^\n]*\n/);
				expect(candidate.stopReason).toMatch(/^end_of_(step|code)$/);
			}
		} finally {
			await policy.dispose();
		}
	}, 180_000);
});
