// What the model-making scripts (`npm run models:tiny`, `npm run models:default`) share: each step is an ordinary
// `rstar` command whose JSON answer is read back, timed per command for the model card; `flags` spells a recipe's
// options as the command's flags.
import {spawnSync} from 'node:child_process';
import path from 'node:path';

export const seconds = {};

export function rstar(args) {
	const started = Date.now();
	const result = spawnSync(process.execPath, ['bin/rstar.js', ...args], {stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 30});
	if (result.status !== 0)
		throw new Error(`rstar ${args.join(' ')} exited with ${result.status}`);
	const command = args.slice(0, args.findIndex(arg => arg.startsWith('--'))).join(' ');
	seconds[command] = (seconds[command] ?? 0) + (Date.now() - started) / 1000;
	// The trainer reports absolute paths; the card names files relative to the repository, wherever it was made.
	return JSON.parse(result.stdout.replaceAll(JSON.stringify(`${process.cwd()}${path.sep}`).slice(1, -1), ''));
}

export const flags = options => Object.entries(options).flatMap(([key, value]) => [`--${key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`)}`, String(value)]);

export function trainingData(out, seed, data) {
	return rstar(['curriculum', 'training-data', '--out', out, '--seed', String(seed), '--train', String(data.train),
		'--held-out', String(data.heldOut), ...Object.entries(data.levelShare).flatMap(([level, share]) => ['--level-share', `${level}=${share}`])]);
}

/** Per level of `dataset`: problems, how many selected answers are right, in how many a right one was found. */
export function evaluate(dataset, policy, db, args) {
	const report = rstar(['eval', '--dataset', dataset, '--policy', policy, '--db', db, '--json', ...args]);
	const levels = Object.fromEntries(Object.entries(report.byLevel).map(([level, score]) => [level, {problems: score.problems, solved: score.solved, found: score.found}]));
	return {levels, seconds: Math.round(report.seconds)};
}
