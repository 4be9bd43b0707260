import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {OnnxPpmScorerProcess} from '../../../src-main/scorer/OnnxPpmScorerProcess.js';
import {useTempDir} from '../../support/tempDir.js';
import {writeTinyPpm} from '../../support/tinyPpm.js';

describe('OnnxPpmScorerProcess (onnxruntime in a process of its own)', () => {
	const tempDir = useTempDir();

	it('scores over IPC, the same as in process', async () => {
		const scorer = await OnnxPpmScorerProcess.load(writeTinyPpm(tempDir(), {'<end_of_step>': 2}), {device: 'cpu'});
		try {
			expect(scorer.sha256).toMatch(/^[0-9a-f]{64}$/);
			expect(await scorer.score('q', [['x = 1\n<end_of_step>'], ['# no end']])).toEqual([expect.closeTo(Math.tanh(2), 6), 0]);
		} finally {
			await scorer.dispose();
		}
	}, 60_000);

	it('reports a bundle it cannot load', async () => {
		await expect(OnnxPpmScorerProcess.load(path.join(tempDir(), 'empty'))).rejects.toThrow(/cannot load the PPM bundle .*model.onnx is missing/);
	}, 60_000);
});
