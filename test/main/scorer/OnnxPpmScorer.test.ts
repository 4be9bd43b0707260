import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {OnnxPpmScorer} from '../../../src-main/scorer/OnnxPpmScorer.js';
import {useTempDir} from '../../support/tempDir.js';
import {writeTinyPpm} from '../../support/tinyPpm.js';

// A real ONNX model (built by the test) through real onnxruntime-node, CPU.
describe('OnnxPpmScorer', () => {
	const tempDir = useTempDir();

	it('scores each partial trajectory at its last token, batched, through the score transform', async () => {
		const scorer = await OnnxPpmScorer.load(writeTinyPpm(tempDir(), {'<end_of_step>': 2, '<end_of_answer>': -1}), {device: 'cpu'});
		try {
			expect(scorer.device).toBe('cpu');
			expect(scorer.sha256).toMatch(/^[0-9a-f]{64}$/);
			const scores = await scorer.score('What is 3 + 4?', [
				['x = 3 + 4\n<end_of_step>'],
				['x = 3 + 4\n<end_of_step>', '<answer>\\boxed{7}<end_of_answer>'],
				['# still thinking'],
				['characters the vocabulary lacks: é 😀 \u0000']
			]);
			expect(scores).toHaveLength(4);
			expect(scores[0]).toBeCloseTo(Math.tanh(2), 6);
			expect(scores[1]).toBeCloseTo(Math.tanh(-1), 6);
			expect(scores[2]).toBeCloseTo(0, 6);
			for (const score of scores)
				expect(Math.abs(score)).toBeLessThan(1);
		} finally {
			await scorer.dispose();
		}
	});

	it('refuses bad bundles with a message that names the fix', async () => {
		const dir = tempDir();
		await expect(OnnxPpmScorer.load(dir)).rejects.toThrow(/is not a PPM bundle: model.onnx is missing/);

		const broken = writeTinyPpm(path.join(dir, 'broken'));
		fs.writeFileSync(path.join(broken, 'model.onnx'), 'not a model');
		await expect(OnnxPpmScorer.load(broken)).rejects.toThrow(/cannot be loaded by onnxruntime/);

		const mismatched = writeTinyPpm(path.join(dir, 'mismatched'));
		const manifest = JSON.parse(fs.readFileSync(path.join(mismatched, 'ppm.json'), 'utf8'));
		fs.writeFileSync(path.join(mismatched, 'ppm.json'), JSON.stringify({...manifest, output: 'values'}));
		await expect(OnnxPpmScorer.load(mismatched)).rejects.toThrow(/does not match ppm.json: .* outputs \[rewards\]/);

		const invalid = writeTinyPpm(path.join(dir, 'invalid'));
		fs.writeFileSync(path.join(invalid, 'ppm.json'), JSON.stringify({...manifest, maxLength: -3}));
		await expect(OnnxPpmScorer.load(invalid)).rejects.toThrow(/ppm.json is invalid: maxLength/);
	});

	// Issue 12: padTokenId = 1e9 loaded, then failed mid-search with onnxruntime's stack trace.
	it('checks the bundle at load: ppm.json\'s ids against the tokenizer, the tokenizer against the model', async () => {
		const dir = tempDir();
		const withManifest = (name: string, change: Record<string, unknown>) => {
			const bundle = writeTinyPpm(path.join(dir, name));
			const manifest = JSON.parse(fs.readFileSync(path.join(bundle, 'ppm.json'), 'utf8'));
			fs.writeFileSync(path.join(bundle, 'ppm.json'), JSON.stringify({...manifest, ...change}));
			return bundle;
		};
		await expect(OnnxPpmScorer.load(withManifest('pad', {padTokenId: 1e9}), {device: 'cpu'}))
			.rejects.toThrow(/ppm\.json: padTokenId is 1000000000, which is not a token of .*tokenizer\.json \(its vocabulary has ids 0–100\) — set padTokenId to an id of that vocabulary/);
		await expect(OnnxPpmScorer.load(withManifest('prefix', {prefixTokenIds: [1, 101]}), {device: 'cpu'}))
			.rejects.toThrow(/prefixTokenIds\[1\] is 101, which is not a token/);

		// A tokenizer with ids past the model's embedding (101 rows): the ids exist, the model cannot read them.
		const wider = writeTinyPpm(path.join(dir, 'wider'));
		const tokenizer = JSON.parse(fs.readFileSync(path.join(wider, 'tokenizer.json'), 'utf8'));
		tokenizer.model.vocab['<extra>'] = 150;
		fs.writeFileSync(path.join(wider, 'tokenizer.json'), JSON.stringify(tokenizer));
		await expect(OnnxPpmScorer.load(wider, {device: 'cpu'}))
			.rejects.toThrow(/cannot read the token ids of .*tokenizer\.json: a run on ids up to 150 failed — the model's embedding must cover the tokenizer's 151 ids/);
	});
});
