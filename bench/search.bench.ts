// Search figures on the embedded tiny policy: rollouts/s, generated tokens/s, where the wall time goes, prefix
// tokens reused, and the policy's batched expansion against llama.cpp's own llama-batched-bench at the same number
// of sequences (built by scripts/buildLlamaBatchedBench.sh; skipped with a note when absent).
import {CheckerGrader} from '../test/support/checkerGrader.js';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {SearchSettings} from '../src-main/contract/search.js';
import {MctsSearch} from '../src-main/engine/MctsSearch.js';
import {appRoot, defaultPolicyPath} from '../src-main/paths.js';
import {LlamaPolicy} from '../src-main/policy/LlamaPolicy.js';
import {rstarSftPrompt} from '../src-main/prompts/promptFormats.js';
import {PyodideExecutorPool} from '../src-main/sandbox/PyodideExecutorPool.js';
import {OnnxPpmScorer} from '../src-main/scorer/OnnxPpmScorer.js';
import {SearchStore} from '../src-main/store/SearchStore.js';
import {Workspace} from '../src-main/store/Workspace.js';
import {writeTinyPpm} from '../test/support/tinyPpm.js';
import {printTable} from './stats.js';

const modelPath = process.env.RSTAR_BENCH_MODEL ?? defaultPolicyPath();
const threads = Number(process.env.RSTAR_BENCH_THREADS ?? Math.max(1, Math.floor(os.availableParallelism() / 2)));
const question = 'Tom has 3 apples and buys 4 more. How many apples does he have now?';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-bench-'));

// 1. One search, as `rstar solve` runs it: 16 rollouts × 8 candidates, PPM-augmented, persisted.
const settings = SearchSettings.parse({rollouts: 16, candidates: 8, qMode: 'ppm-augmented', maxStepTokens: 128, seed: 1});
const policy = await LlamaPolicy.load({modelPath, promptFormat: rstarSftPrompt, sequences: 8, threads, contextSize: 4096});
const scorer = await OnnxPpmScorer.load(writeTinyPpm(path.join(scratch, 'ppm'), {'<end_of_step>': 0.5}), {device: 'cpu'});
const executor = new PyodideExecutorPool({size: 2});
await executor.ready();
const workspace = Workspace.open(path.join(scratch, 'bench.db'));
const store = new SearchStore(workspace.db);
const searchId = store.create({problemId: null, question, goldAnswers: ['7'], settings, policyPath: modelPath, policySha256: policy.sha256, ppmPath: null, ppmSha256: null});
let storageMs = 0;
const search = new MctsSearch({
	question, goldAnswers: ['7'], settings, policy, executor, scorer, grader: new CheckerGrader(),
	onRolloutDone: (rollout, changed, events) => {
		const started = performance.now();
		store.commitRollout(searchId, rollout + 1, changed, events);
		storageMs += performance.now() - started;
	}
});
await search.run();
const t = search.timings;
const share = (ms: number) => `${(100 * ms / t.totalMs).toFixed(1)} %`;
const engineMs = t.totalMs - t.generationMs - t.executionMs - t.scoringMs - storageMs;
printTable(`Search: ${search.completedRollouts} rollouts × ${settings.candidates} candidates on ${path.basename(modelPath)} (${policy.device}, ${threads} thread${threads === 1 ? '' : 's'})`, [
	['wall time', `${(t.totalMs / 1000).toFixed(2)} s, ${search.tree.nodes.length} nodes`],
	['rollouts/s', (search.completedRollouts / (t.totalMs / 1000)).toFixed(2)],
	['generated tokens/s (whole search)', Math.round(t.generatedTokens / (t.totalMs / 1000)).toLocaleString()],
	['share: generation', share(t.generationMs)],
	['share: code execution', share(t.executionMs)],
	['share: PPM scoring', share(t.scoringMs)],
	['share: storage (SQLite commits)', share(storageMs)],
	['share: engine (selection, bookkeeping)', share(engineMs)],
	['prefix tokens reused / evaluated', `${policy.stats.reusedTokens.toLocaleString()} / ${(policy.stats.promptTokens - policy.stats.reusedTokens).toLocaleString()} (${(100 * policy.stats.reusedTokens / Math.max(1, policy.stats.promptTokens)).toFixed(1)} % reused)`],
	['  of the reused, copied between sequences', policy.stats.copiedTokens.toLocaleString()]
]);
await executor.close();
await scorer.dispose();
await policy.dispose();
workspace.close();

// 2. Batched expansion: N candidates on N sequences, against llama.cpp's own batched decode.
const sequenceCounts = [1, 8, 32];
// 127 characters of a character-level vocabulary + BOS: the 128-token prompt llama-batched-bench gets (-npp 128).
const prompt = 'x'.repeat(127);
const ours = new Map<number, number>();
for (const count of sequenceCounts) {
	const batched = await LlamaPolicy.load({modelPath, promptFormat: () => prompt, sequences: count, threads, contextSize: 1024});
	await batched.expand({question, steps: [], count, temperature: 0.8, topP: 0.95, maxTokens: 128, seeds: Array.from({length: count}, (_, i) => i), deadlineMs: 60_000});
	let tokens = 0;
	const started = performance.now();
	for (let round = 1; round <= 3; round++)
		tokens += (await batched.expand({question, steps: [], count, temperature: 0.8, topP: 0.95, maxTokens: 128, seeds: Array.from({length: count}, (_, i) => round * 100 + i), deadlineMs: 60_000}))
			.reduce((sum, candidate) => sum + candidate.tokens, 0);
	ours.set(count, tokens / ((performance.now() - started) / 1000));
	await batched.dispose();
}

const batchedBench = process.env.LLAMA_BATCHED_BENCH ?? path.join(appRoot, '.bench-tools', 'llama-batched-bench');
const theirs = new Map<number, number>();
let note = '';
if (fs.existsSync(batchedBench)) {
	const run = spawnSync(batchedBench, ['-m', modelPath, '-c', '16384', '-b', '2048', '-ub', '512', '-npp', '128', '-ntg', '128', '-npl', sequenceCounts.join(','), '-t', String(threads)], {encoding: 'utf8'});
	// Rows: |  PP |  TG |  B | N_KV | T_PP s | S_PP t/s | T_TG s | S_TG t/s | T s | S t/s |
	for (const line of run.stdout.split('\n')) {
		const cells = line.split('|').map(cell => cell.trim()).filter(Boolean);
		if (cells.length >= 8 && /^\d+$/.test(cells[2]!))
			theirs.set(Number(cells[2]), Number(cells[7]));
	}
	if (theirs.size === 0)
		note = `llama-batched-bench printed no table: ${run.stderr.split('\n').slice(-3).join(' ')}`;
} else
	note = 'llama-batched-bench not built: run scripts/buildLlamaBatchedBench.sh (a few minutes), then npm run bench again';

printTable('Batched expansion: this policy (node-llama-cpp, N sequences) vs llama.cpp llama-batched-bench (S_TG)', sequenceCounts.map(count => {
	const own = ours.get(count)!;
	const raw = theirs.get(count);
	return [`${count} sequence${count === 1 ? '' : 's'}`, `${Math.round(own).toLocaleString()} tok/s` + (raw ? ` vs ${Math.round(raw).toLocaleString()} tok/s → ${(own / raw).toFixed(2)}×` : '')];
}));
if (note)
	process.stdout.write(`  (${note})\n`);
fs.rmSync(scratch, {recursive: true, force: true});
