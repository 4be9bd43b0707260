import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {TrainerLine, TrainerSummary} from '../../../src-main/contract/trainer.js';
import {baseModelsDir} from '../../../src-main/paths.js';
import {resolvePolicyFiles} from '../../../src-main/policy/resolvePolicyFiles.js';
import {OnnxPpmScorer} from '../../../src-main/scorer/OnnxPpmScorer.js';
import {findTrainerPython} from '../../../src-main/trainer/findTrainerPython.js';
import {runTrainer, type TrainerResult} from '../../../src-main/trainer/runTrainer.js';
import {expectGreedyAsProbed} from '../../support/expectGreedyAsProbed.js';
import {smallTrainingData, type TrainingData} from '../../support/smallTrainingData.js';
import {useTempDir} from '../../support/tempDir.js';

// The Hugging Face path of the trainer on real PyTorch, transformers and peft: small randomly initialised Llama- and
// Qwen2-architecture models made from a config (test/support/makeRandomHfModel.py, nothing downloaded; the tokenizer
// is the installed SmolLM2 base model's, a real one llama.cpp's converter knows), trained for a few dozen steps,
// exported with llama.cpp's own converters and to ONNX, and read back by node-llama-cpp and onnxruntime-node: the
// greedy text PyTorch wrote and the rewards it computed are the reference (f32 throughout; rewards to 1e-4).
const run = {batchSize: 4, threads: 1, device: 'cpu', probeTokens: 24} as const;
const baseGguf = path.join(baseModelsDir(), 'SmolLM2-135M-Instruct.Q4_1.gguf');

type SftSummary = TrainerSummary & {probe: {query: string; greedy: string}; lora: {rank: number; export: string} | null; trainable_parameters: number};

function summaryOf<T extends TrainerSummary>(result: TrainerResult): T {
	expect(result.status).toBe('done');
	return (result as {summary: TrainerSummary}).summary as T;
}

describe('trainer, Hugging Face models', () => {
	const tempDir = useTempDir();
	let work: string;
	let data: TrainingData;
	const models = {llama: '', qwen2: ''};

	beforeAll(async () => {
		expect(fs.existsSync(baseGguf), `${baseGguf}: npm install installs it (scripts/installPython.mjs)`).toBe(true);
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-hf-trainer-'));
		data = await smallTrainingData(work);
		const python = await findTrainerPython();
		for (const architecture of ['llama', 'qwen2'] as const) {
			models[architecture] = path.join(work, architecture);
			execFileSync(python, [path.resolve('test/support/makeRandomHfModel.py'), architecture, models[architecture], baseGguf], {stdio: 'ignore'});
		}
	}, 240_000);
	afterAll(() => fs.rmSync(work, {recursive: true, force: true}));

	it('fine-tunes every weight of a Llama model, exports a GGUF that node-llama-cpp generates from as PyTorch does', async () => {
		// Kept for the next test, which starts from it.
		const out = path.join(work, 'llama-policy.gguf');
		const lines: TrainerLine[] = [];
		const result = await runTrainer({task: 'sft', options: {...run, model: models.llama, data: data.files.sftTrain, evalData: data.files.sftHeldOut, out, steps: 40, lr: 3e-3, warmup: 4, evals: 1, ggufType: 'f32'}}, line => lines.push(line));
		const summary = summaryOf<SftSummary>(result);
		expect(summary.lora).toBeNull();
		expect(summary.trainable_parameters).toBe(summary.parameters);
		const losses = lines.flatMap(line => line.event === 'progress' && line.loss !== undefined ? [line.loss] : []);
		expect(losses.at(-1)!).toBeLessThan(losses[0]! - 1);
		expect(await resolvePolicyFiles(out)).toEqual({modelPath: out, loraPath: null});
		await expectGreedyAsProbed(out, summary.probe);
	}, 300_000);

	it('trains a LoRA on a GGUF model (read and dequantised by transformers), the adapter tagged with that GGUF', async () => {
		const base = path.join(work, 'llama-policy.gguf');
		const out = path.join(tempDir(), 'adapter.gguf');
		const result = await runTrainer({task: 'sft', options: {...run, model: base, data: data.files.sftTrain, out, steps: 10, lr: 1e-2, warmup: 2, loraRank: 4, loraExport: 'adapter', ggufType: 'f32'}});
		const summary = summaryOf<SftSummary>(result);
		expect(summary.lora).toMatchObject({rank: 4, export: 'adapter'});
		// Not beside the adapter: found by its tag, where the base was trained from, after copying it beside.
		await expect(resolvePolicyFiles(out)).rejects.toThrow(`${out} is a LoRA adapter of llama-policy.gguf`);
		fs.copyFileSync(base, path.join(path.dirname(out), 'llama-policy.gguf'));
		expect(await resolvePolicyFiles(out)).toEqual({modelPath: path.join(path.dirname(out), 'llama-policy.gguf'), loraPath: out});
		await expectGreedyAsProbed(out, summary.probe);
	}, 300_000);

	it('trains a LoRA of a Qwen2 model, exports the adapter GGUF (and the base beside it) that node-llama-cpp applies as PyTorch does', async () => {
		const dir = tempDir();
		const out = path.join(dir, 'adapter.gguf');
		const result = await runTrainer({task: 'sft', options: {...run, model: models.qwen2, data: data.files.sftTrain, out, steps: 40, lr: 1e-2, warmup: 4, loraRank: 8, loraExport: 'adapter', ggufType: 'f32'}});
		const summary = summaryOf<SftSummary>(result);
		expect(summary.lora).toMatchObject({rank: 8, export: 'adapter'});
		expect(summary.trainable_parameters).toBeLessThan(summary.parameters / 5);
		// The base, converted from the model's folder, is found beside the adapter and checked by its sha256.
		const base = path.join(dir, 'adapter-base.gguf');
		expect(await resolvePolicyFiles(out)).toEqual({modelPath: base, loraPath: out});
		await expectGreedyAsProbed(out, summary.probe);

		fs.renameSync(base, path.join(dir, 'elsewhere.gguf'));
		await expect(resolvePolicyFiles(out)).rejects.toThrow(`${out} is a LoRA adapter of adapter-base.gguf, which is neither beside it nor among the installed base models`);
		fs.copyFileSync(data.files.sftTrain, base);
		await expect(resolvePolicyFiles(out)).rejects.toThrow(`${base} is not the base model ${out} was trained on`);
	}, 300_000);

	it('trains a PPM from a Hugging Face model with a value head, exports an ONNX bundle the app scores as PyTorch does', async () => {
		const out = path.join(tempDir(), 'ppm');
		const result = await runTrainer({task: 'ppm', options: {...run, model: models.llama, pairs: data.files.pairsTrain, evalPairs: data.files.pairsHeldOut, out, steps: 20, lr: 1e-3, warmup: 2, evals: 1}});
		const summary = summaryOf<TrainerSummary & {probe: {text: string; reward: number}[]; heldout_pairwise_accuracy: number}>(result);
		expect(summary.heldout_pairwise_accuracy).toBeGreaterThanOrEqual(0);
		expect(fs.readdirSync(out).sort()).toEqual(['model.onnx', 'ppm.json', 'tokenizer.json']);
		const scorer = await OnnxPpmScorer.load(out, {device: 'cpu'});
		try {
			const probes = summary.probe.map(({text, reward}) => {
				const [, question, steps] = /^<\|user\|>:\n([\s\S]*?)\n\n<\|assistant\|>: Let's think step by step and solve the problem with code\.([\s\S]*)$/.exec(text)!;
				return {question: question!, steps: steps!, reward};
			});
			// One at a time, and the probes of one question in one padded batch (sequences of different lengths).
			for (const {question, steps, reward} of probes)
				expect((await scorer.score(question, [[steps]]))[0]).toBeCloseTo(Math.tanh(reward), 4);
			const same = probes.filter(probe => probe.question === probes[0]!.question);
			const batch = await scorer.score(same[0]!.question, same.map(probe => [probe.steps]));
			batch.forEach((score, index) => expect(score).toBeCloseTo(Math.tanh(same[index]!.reward), 4));
		} finally {
			await scorer.dispose();
		}
	}, 300_000);

	it('refuses the tiny model\'s options with --model, --lora-rank without it, and what is not a model', async () => {
		const out = path.join(tempDir(), 'p.gguf');
		await expect(runTrainer({task: 'sft', options: {model: models.llama, data: data.files.sftTrain, out, dim: 32}}))
			.rejects.toThrow('trainer: --dim: the tiny model\'s options; --model trains the model it names');
		await expect(runTrainer({task: 'sft', options: {data: data.files.sftTrain, out, loraRank: 4}}))
			.rejects.toThrow('trainer: --lora-rank and --gguf-type need --model (a Hugging Face model)');
		await expect(runTrainer({task: 'sft', options: {model: data.files.sftTrain, data: data.files.sftTrain, out}}))
			.rejects.toThrow(`trainer: --model ${data.files.sftTrain}: neither a Hugging Face model folder nor a GGUF file`);
		await expect(runTrainer({task: 'ppm', options: {model: work, pairs: data.files.pairsTrain, out}}))
			.rejects.toThrow(`trainer: --model ${work}: a Hugging Face model folder needs a config.json`);
	}, 120_000);
});
