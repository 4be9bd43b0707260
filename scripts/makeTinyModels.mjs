// `npm run models:tiny`: regenerates the shipped tiny models from their recipe — curriculum → sandbox-verified
// reference solutions → SFT of the round-0 policy and training of the smoke PPM → GGUF and ONNX exports → the
// evaluation figures in their model card (resources/models/tiny-models.json). Runs on the CPU (or CUDA when PyTorch
// sees one); every step is an ordinary `rstar` command, so it can be rerun piece by piece.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {evaluate as evaluateOn, flags, rstar, seconds, trainingData} from './modelRecipe.mjs';

const recipe = {
	seed: 0,
	// The round-0 bootstrap: every L1 training template, a small share of L2, no L3.
	data: {train: 120, heldOut: 5, levelShare: {2: 0.15, 3: 0}},
	// Thread counts are part of the recipe: float sums in another order give (slightly) other weights.
	// Digits weigh 5× in the loss: copying the question's numbers into the code is what the tiny policy learns last.
	policy: {epochs: 30, batchSize: 16, lr: 3e-3, warmup: 50, dim: 64, layers: 3, heads: 4, kvHeads: 2, ffnDim: 192, digitWeight: 5, threads: 2},
	// The PPM starts from the round-0 policy's decoder (as rStar-Math initialises its PPM), so it has the policy's shape.
	ppm: {epochs: 6, batchSize: 16, lr: 1e-3, warmup: 30, threads: 2},
	eval: {mcts: {rollouts: 16, candidates: 8}}
};

const modelsDir = 'resources/models';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-tiny-models-'));
const db = path.join(work, 'eval.db');

const started = Date.now();
const dataDir = path.join(work, 'data');
const data = trainingData(dataDir, recipe.seed, recipe.data);

fs.mkdirSync(modelsDir, {recursive: true});
const policyFile = path.join(modelsDir, 'tiny-policy-r0.gguf');
const policy = rstar(['train', 'sft', '--data', data.files.sftTrain, '--eval-data', data.files.sftHeldOut, '--out', policyFile,
	'--seed', String(recipe.seed), '--name', 'rstar-tiny-policy-r0', ...flags(recipe.policy)]);
const ppmDir = path.join(modelsDir, 'tiny-ppm-smoke');
const ppm = rstar(['train', 'ppm', '--pairs', data.files.pairsTrain, '--eval-pairs', data.files.pairsHeldOut, '--out', ppmDir,
	'--init', policyFile, '--seed', String(recipe.seed), '--name', 'rstar-tiny-ppm-smoke', ...flags(recipe.ppm)]);

// Every level of both held-out splits, greedily (pass@1) and with MCTS: per level, how many selected answers are right
// and in how many problems the search reached a right answer.
const evaluate = (dataset, args) => evaluateOn(dataset, policyFile, db, args);
const mcts = ['--rollouts', String(recipe.eval.mcts.rollouts), '--candidates', String(recipe.eval.mcts.candidates), '--seed', String(recipe.seed)];
const evaluation = Object.fromEntries(['tiny-curriculum-heldout', 'tiny-curriculum-heldout-templates'].map(dataset => [dataset, {
	greedy: evaluate(dataset, ['--greedy']),
	mcts: evaluate(dataset, mcts)
}]));

const card = {
	recipe,
	data: {counts: data.counts, trainLevels: data.trainLevels},
	policy: {file: 'tiny-policy-r0.gguf', bytes: fs.statSync(policyFile).size, training: policy},
	ppm: {folder: 'tiny-ppm-smoke', training: ppm},
	evaluation,
	commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {encoding: 'utf8'}).trim(),
	machine: {cpus: os.availableParallelism(), cpu: os.cpus()[0]?.model},
	seconds: {...Object.fromEntries(Object.entries(seconds).map(([step, s]) => [step, Math.round(s)])), total: Math.round((Date.now() - started) / 1000)}
};
fs.writeFileSync(path.join(modelsDir, 'tiny-models.json'), `${JSON.stringify(card, null, '\t')}\n`);
fs.rmSync(work, {recursive: true, force: true});
console.log(JSON.stringify({evaluation, seconds: card.seconds}, null, 2));
