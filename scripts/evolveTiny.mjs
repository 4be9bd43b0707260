// `npm run evolve:tiny`: four rounds of self-evolution on the tiny curriculum, from the shipped round-0 policy, each
// an ordinary `rstar round create` + `rstar round run`; then `rstar round report` into
// resources/models/tiny-evolution.json with the recipe, the commit, the machine and the wall time of every round.
// Pass --db PATH to keep the workspace (and resume a run cut short: a round run again goes on where it stopped).
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const recipe = {
	rounds: 4,
	// 40 problems per level of the training split, never the held-out ones the rounds are scored on.
	pool: ['--pool', 'tiny-curriculum-train', '--per-level', '40'],
	// The reference's presets (round 1 bootstrap, round 2 terminal-guided, 3+ PPM-augmented), scaled to 2 cores; the
	// policy was trained on the SFT prompt, not few-shot. Pairs at any edit distance: a tiny policy's wrong step can
	// differ from the right one in a single digit (the reference's 20 suits a 7B model's steps).
	search: ['--prompt-format', 'rstar-sft', '--rollouts', '16', '--candidates', '4', '--concurrency', '2', '--pairs-min-edit-distance', '1'],
	// Each round's policy continues from the one it searched with, on its rows, every earlier round's, and the
	// bootstrap's own training data (replayed: a pool of 120 problems gives ~70 rows, and a tiny policy fine-tuned on
	// those alone lost most of its Level 2 — 300 steps took greedy L2 from 47 % to 13 %); each PPM starts from its
	// round's policy, on the pairs of this and earlier rounds and the bootstrap's smoke pairs.
	training: ['--replay-earlier-rounds', '--policy-epochs', '2', '--policy-lr', '0.0005', '--policy-warmup', '5', '--policy-digit-weight', '5',
		'--policy-threads', '2', '--ppm-epochs', '3', '--ppm-lr', '0.001', '--ppm-warmup', '10', '--ppm-threads', '2'],
	// The bootstrap's data: `npm run models:tiny`'s recipe (resources/models/tiny-models.json), made again here.
	bootstrapData: ['--seed', '0', '--train', '120', '--held-out', '5', '--level-share', '2=0.15', '--level-share', '3=0'],
	// Both held-out splits whole: instances of the training templates (150) and templates never trained on (15).
	evaluation: ['--eval-dataset', 'tiny-curriculum-heldout', '--eval-dataset', 'tiny-curriculum-heldout-templates',
		'--eval-beam-width', '4', '--eval-beam-candidates', '4', '--eval-ns', '1,2,4', '--eval-resamples', '200']
};

const dbFlag = process.argv.indexOf('--db');
const db = dbFlag > 0 ? path.resolve(process.argv[dbFlag + 1]) : path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rstar-evolve-')), 'evolve.db');

function rstar(args) {
	const result = spawnSync(process.execPath, ['bin/rstar.js', ...args, ...args[0] === 'curriculum' ? [] : ['--db', db]], {stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 30});
	if (result.status !== 0)
		throw new Error(`rstar ${args.join(' ')} exited with ${result.status}`);
	return result.stdout;
}

const seconds = {};
const started = Date.now();
const bootstrap = path.join(path.dirname(db), 'bootstrap-data');
if (!fs.existsSync(path.join(bootstrap, 'sft-train.jsonl')))
	rstar(['curriculum', 'training-data', '--out', bootstrap, ...recipe.bootstrapData]);
const replay = ['--replay-sft', path.join(bootstrap, 'sft-train.jsonl'), '--replay-pairs', path.join(bootstrap, 'pairs-train.jsonl')];
const existing = JSON.parse(rstar(['round', 'status', '--evolution', 'tiny', '--json']));
for (let number = 1; number <= recipe.rounds; number++) {
	const roundStarted = Date.now();
	if (!existing.some(entry => entry.round.number === number))
		rstar(['round', 'create', '--evolution', 'tiny', '--number', String(number), ...number === 1 ? [...recipe.pool, ...recipe.search, ...recipe.training, ...replay, ...recipe.evaluation] : [], '--json']);
	rstar(['round', 'run', `tiny/${number}`, '--json']);
	seconds[`round ${number}`] = Math.round((Date.now() - roundStarted) / 1000);
}
const report = JSON.parse(rstar(['round', 'report', '--evolution', 'tiny', '--json']));
const card = {
	recipe,
	report,
	commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], {encoding: 'utf8'}).trim(),
	machine: {cpus: os.availableParallelism(), cpu: os.cpus()[0]?.model},
	seconds: {...seconds, total: Math.round((Date.now() - started) / 1000)}
};
const cardText = JSON.stringify(card, null, '\t').replaceAll(JSON.stringify(`${process.cwd()}${path.sep}`).slice(1, -1), '');
fs.writeFileSync('resources/models/tiny-evolution.json', `${cardText}\n`);
process.stdout.write(rstar(['round', 'report', '--evolution', 'tiny']));
console.log(JSON.stringify(card.seconds));
