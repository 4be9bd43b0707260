import {execFileSync} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Tokenizer} from '@huggingface/tokenizers';
import {getLlama, LlamaLogLevel} from 'node-llama-cpp';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {TrainerLine, TrainerSummary} from '../../../src-main/contract/trainer.js';
import {resourcesDir} from '../../../src-main/paths.js';
import {OnnxPpmScorer} from '../../../src-main/scorer/OnnxPpmScorer.js';
import {findTrainerPython} from '../../../src-main/trainer/findTrainerPython.js';
import {runTrainer} from '../../../src-main/trainer/runTrainer.js';
import {expectGreedyAsProbed} from '../../support/expectGreedyAsProbed.js';
import {smallTrainingData, type TrainingData} from '../../support/smallTrainingData.js';
import {useTempDir} from '../../support/tempDir.js';

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

// A real, short training of both tiny models with PyTorch on the CPU, on data written from the curriculum, exported
// and loaded back through node-llama-cpp and onnxruntime-node. A model this small trained for seconds only has to be
// read exactly as PyTorch computes it: the trainer's own greedy text and rewards are the reference.
const tiny = {dim: 32, layers: 2, heads: 2, kvHeads: 1, ffnDim: 64, batchSize: 8, threads: 1, device: 'cpu'} as const;

describe('trainer', () => {
	const tempDir = useTempDir();
	let work: string;
	let data: TrainingData;

	beforeAll(async () => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-trainer-'));
		data = await smallTrainingData(work);
	}, 120_000);
	afterAll(() => fs.rmSync(work, {recursive: true, force: true}));

	it('writes SFT rows and smoke pairs in the reference layouts, the pairs differing only in the step', () => {
		expect(data.counts.sftTrain).toBe(data.trainLevels['Level 1']! + data.trainLevels['Level 2']!);
		expect(data.trainLevels['Level 3']).toBeUndefined();
		const sft = fs.readFileSync(data.files.sftTrain, 'utf8').trim().split('\n').map(line => JSON.parse(line) as {query: string; response: string});
		// The reference's layout: the bare question (the trainer applies the template), the response as its SFT data has it.
		expect(sft[0]!.query).not.toContain('<|user|>');
		expect(sft[0]!.response).toMatch(/^<code>\n# [\s\S]*<end_of_step>\n\n[\s\S]*# Now print the final answer\nprint\(.+\)\n<end_of_code>\n<output>[^\n]+<end_of_output>\n<answer>.*\\boxed\{.+\}.*<end_of_answer>$/);
		const pairs = fs.readFileSync(data.files.pairsTrain, 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(pairs.length).toBeGreaterThan(10);
		for (const pair of pairs) {
			expect(Object.keys(pair).sort()).toEqual(['neg', 'neg_count', 'pos', 'pos_count', 'prompt']);
			expect(pair.pos).not.toBe(pair.neg);
			expect(String(pair.prompt)).toMatch(/^<\|user\|>:\n[^\n]+\n<\|assistant\|>: Let's think step by step and solve the problem with code\.(<code>|$)/);
		}
	});

	it('cuts text into the same ids in PyTorch, llama.cpp and tokenizers.js', async () => {
		const texts = ['<|user|>:\nTom has 3 apples.\n<|assistant|>: ok', '# a\tb\nx = 3 + 4\n<end_of_step>\n<code>y</code><end_of_code>',
			'café 😀 ½ {}[]~\\boxed{7}', '  two  spaces, <not a marker> <answer>7<end_of_answer>'];
		const python = await findTrainerPython();
		const script = 'import json, sys\nfrom rstar_trainer.vocabulary import Vocabulary\nv = Vocabulary()\nv.write_tokenizer_json(sys.argv[1])\n'
			+ 'print(json.dumps([v.encode(t) for t in json.loads(sys.stdin.read())]))';
		const dir = tempDir();
		const fromPython = JSON.parse(execFileSync(python, ['-c', script, path.join(dir, 'tokenizer.json')], {
			input: JSON.stringify(texts), env: {...process.env, PYTHONPATH: path.join(resourcesDir(), 'trainer')}
		}).toString()) as number[][];
		const tokenizer = new Tokenizer(JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')), {});
		expect(texts.map(text => tokenizer.encode(text, {add_special_tokens: false}).ids)).toEqual(fromPython);
		const llama = await getLlama({gpu: false, build: 'never', logLevel: LlamaLogLevel.error});
		const model = await llama.loadModel({modelPath: path.join(resourcesDir(), 'models', 'tiny-policy-r0.gguf')});
		try {
			expect(texts.map(text => [...model.tokenize(text, true)])).toEqual(fromPython);
		} finally {
			await model.dispose();
		}
	});

	it('SFT-trains a tiny policy, exports a GGUF that node-llama-cpp generates from exactly as PyTorch does', async () => {
		const lines: TrainerLine[] = [];
		const out = path.join(tempDir(), 'policy.gguf');
		const result = await runTrainer({task: 'sft', options: {...tiny, data: data.files.sftTrain, evalData: data.files.sftHeldOut, out, epochs: 25, lr: 1e-2, warmup: 5, evals: 2, probeTokens: 24, digitWeight: 3}}, line => lines.push(line));
		expect(result.status).toBe('done');
		const summary = (result as {summary: TrainerSummary}).summary as TrainerSummary & {probe: {query: string; greedy: string}; heldout_loss: number};
		expect(lines.map(line => line.event)).toEqual(expect.arrayContaining(['phase', 'progress', 'metric', 'done']));
		const losses = lines.filter(line => line.event === 'progress').map(line => (line as {loss: number}).loss);
		expect(losses.at(-1)!).toBeLessThan(losses[0]!);
		expect(summary.heldout_loss).toBeGreaterThan(0);
		const evals = lines.filter(line => line.event === 'metric') as {name: string; digit_accuracy?: number}[];
		expect(evals.map(line => line.name)).toEqual(['heldout_loss', 'heldout_loss']);
		for (const line of evals)
			expect(line.digit_accuracy).toBeGreaterThanOrEqual(0);

		await expectGreedyAsProbed(out, summary.probe);
	}, 180_000);

	it('trains a tiny PPM on pairs, exports an ONNX bundle that the app scores exactly as PyTorch does', async () => {
		const out = path.join(tempDir(), 'ppm');
		const result = await runTrainer({task: 'ppm', options: {...tiny, pairs: data.files.pairsTrain, evalPairs: data.files.pairsHeldOut, out, epochs: 4, lr: 5e-3, warmup: 5, evals: 2}});
		expect(result.status).toBe('done');
		const summary = (result as {summary: TrainerSummary}).summary as TrainerSummary & {probe: {text: string; reward: number}[]; heldout_pairwise_accuracy: number};
		expect(summary.heldout_pairwise_accuracy).toBeGreaterThanOrEqual(0);
		expect(fs.readdirSync(out).sort()).toEqual(['model.onnx', 'ppm.json', 'tokenizer.json']);
		const scorer = await OnnxPpmScorer.load(out, {device: 'cpu'});
		try {
			for (const {text, reward} of summary.probe) {
				const [, question, steps] = /^<\|user\|>:\n([\s\S]*?)\n\n<\|assistant\|>: Let's think step by step and solve the problem with code\.([\s\S]*)$/.exec(text)!;
				const [score] = await scorer.score(question!, [[steps!]]);
				expect(score).toBeCloseTo(Math.tanh(reward), 4);
			}
		} finally {
			await scorer.dispose();
		}
	}, 180_000);

	it('starts a PPM from a policy GGUF\'s decoder (the shipped round-0 policy), in the policy\'s shape', async () => {
		const out = path.join(tempDir(), 'ppm');
		const init = path.join(resourcesDir(), 'models', 'tiny-policy-r0.gguf');
		// Paths relative to the caller's folder, not the trainer's.
		const relative = (file: string) => path.relative(process.cwd(), file);
		const result = await runTrainer({task: 'ppm', options: {pairs: relative(data.files.pairsTrain), out: relative(out), init: relative(init), epochs: 1, batchSize: 8, threads: 1, device: 'cpu'}});
		expect(result.status).toBe('done');
		expect(fs.readdirSync(out).sort()).toEqual(['model.onnx', 'ppm.json', 'tokenizer.json']);
		const summary = (result as {summary: TrainerSummary}).summary as TrainerSummary & {config: Record<string, number>; init: {file: string; tensors: number}};
		// The shipped policy: 64 wide, 3 blocks of 9 tensors, the embedding and the final norm (its output head is not read).
		expect(summary.config).toMatchObject({dim: 64, layers: 3, heads: 4, kv_heads: 2, ffn_dim: 192});
		expect(summary.init).toEqual({file: init, sha256: sha256(init), tensors: 3 * 9 + 2});
		await expect(runTrainer({task: 'ppm', options: {pairs: data.files.pairsTrain, out, init, dim: 32}}))
			.rejects.toThrow(`trainer: --init takes the model's shape from ${init}: --dim 32 (it has 64); leave the shape flags out`);
		await expect(runTrainer({task: 'ppm', options: {pairs: data.files.pairsTrain, out, init: data.files.pairsTrain}}))
			.rejects.toThrow(`trainer: --init ${data.files.pairsTrain}: not a readable GGUF`);
	}, 180_000);

	it('continues SFT from a policy GGUF, every weight of it, for a budget of steps (a self-evolution round)', async () => {
		const dir = tempDir();
		const first = path.join(dir, 'round-0.gguf');
		const next = path.join(dir, 'round-1.gguf');
		const progress = (lines: TrainerLine[]) => lines.filter(line => line.event === 'progress') as Extract<TrainerLine, {event: 'progress'}>[];
		const firstLoss = (lines: TrainerLine[]) => progress(lines).find(line => line.step === 1)!.loss!;
		// Round 0 from scratch on the training split; round 1 from its GGUF on other data, the held-out split.
		await runTrainer({task: 'sft', options: {...tiny, data: data.files.sftTrain, out: first, steps: 40, lr: 1e-2, warmup: 5, probeTokens: 1}});
		const fresh: TrainerLine[] = [];
		await runTrainer({task: 'sft', options: {...tiny, data: data.files.sftHeldOut, out: path.join(dir, 'fresh.gguf'), steps: 1, probeTokens: 1}}, line => fresh.push(line));
		const continued: TrainerLine[] = [];
		// The shape flags agree with the GGUF's, so they may be given.
		const result = await runTrainer({task: 'sft', options: {...tiny, data: data.files.sftHeldOut, out: next, init: first, steps: 3, lr: 1e-3, warmup: 1, probeTokens: 24}}, line => continued.push(line));
		const summary = (result as {summary: TrainerSummary}).summary as TrainerSummary & {probe: {query: string; greedy: string}; init: unknown};
		// 2 blocks of 9 tensors, the embedding, the final norm and the output head.
		expect(summary.init).toEqual({file: first, sha256: sha256(first), tensors: 2 * 9 + 3});
		expect(summary.steps).toBe(3);
		expect(progress(continued).at(-1)).toMatchObject({step: 3, total: 3});
		// Before its first update the continued model already writes these solutions far better than a fresh one
		// (which starts near ln 363 ≈ 5.9): the round-0 weights, the output head among them, came through.
		expect(firstLoss(continued)).toBeLessThan(firstLoss(fresh) - 2);

		await expectGreedyAsProbed(next, summary.probe);

		await expect(runTrainer({task: 'sft', options: {...tiny, dim: 64, data: data.files.sftHeldOut, out: next, init: first}}))
			.rejects.toThrow(`trainer: --init takes the model's shape from ${first}: --dim 64 (it has 32); leave the shape flags out`);
		await expect(runTrainer({task: 'sft', options: {data: data.files.sftHeldOut, out: next, init: first, epochs: 1, steps: 3}}))
			.rejects.toThrow('trainer: give --epochs or --steps, not both');
	}, 120_000);

	it('suspends a paused training where it is and continues it on resume; progress lines carry tokens/s', async () => {
		const lines: {at: number; line: TrainerLine}[] = [];
		let listener!: (paused: boolean) => void;
		let pausedAt = 0;
		let resumedAt = 0;
		const result = await runTrainer({task: 'ppm', options: {...tiny, pairs: data.files.pairsTrain, out: path.join(tempDir(), 'ppm'), steps: 80, lr: 1e-3, warmup: 5}}, line => {
			lines.push({at: performance.now(), line});
			if (line.event === 'progress' && pausedAt === 0) {
				pausedAt = performance.now();
				listener(true);
				setTimeout(() => {
					resumedAt = performance.now();
					listener(false);
				}, 1500);
			}
		}, undefined, onChange => {
			listener = onChange;
			return () => {};
		});
		expect(result.status).toBe('done');
		const progress = lines.flatMap(({line}) => line.event === 'progress' ? [line] : []);
		expect(progress.length).toBeGreaterThan(1);
		// Nothing came from the trainer while it was stopped (a line already written may be read just after).
		expect(lines.filter(entry => entry.at > pausedAt + 200 && entry.at < resumedAt)).toEqual([]);
		for (const line of progress)
			expect(line.tokens_per_s).toBeGreaterThan(0);
	}, 120_000);

	it('stops at a malformed data line, naming the file and line', async () => {
		const dir = tempDir();
		const bad = path.join(dir, 'pairs.jsonl');
		fs.writeFileSync(bad, '{"prompt": "p", "pos": "a", "neg": "b", "pos_count": 1, "neg_count": 1}\n{"prompt": "p", "pos": "a", "neg": 3, "pos_count": 1, "neg_count": 1}\n');
		await expect(runTrainer({task: 'ppm', options: {...tiny, pairs: bad, out: path.join(dir, 'ppm')}})).rejects.toThrow(`trainer: ${bad}:2: "neg" must be a str`);
		fs.writeFileSync(bad, '{"query": "q", "response": "r"}\n{"query": "q", "response" "r"}\n');
		await expect(runTrainer({task: 'sft', options: {...tiny, data: bad, out: path.join(dir, 'p.gguf')}})).rejects.toThrow(`${bad}:2: invalid JSON`);
	}, 60_000);

	it('is cancelled at the next step when its signal aborts', async () => {
		const abort = new AbortController();
		const result = await runTrainer({task: 'sft', options: {...tiny, data: data.files.sftTrain, out: path.join(tempDir(), 'p.gguf'), epochs: 1000}}, line => {
			if (line.event === 'progress')
				abort.abort();
		}, abort.signal);
		expect(result).toEqual({status: 'cancelled'});
	}, 60_000);
});
