import fs from 'node:fs';
import path from 'node:path';
import {checkAnswer} from '../checker/checkAnswer.js';
import {deriveSeed} from '../engine/rng.js';
import type {Executor} from '../engine/ports.js';
import {rstarTrainingPrompt} from '../prompts/promptFormats.js';
import {corruptStep} from './corruptStep.js';
import {generateCurriculum, programOf, referenceSteps, type CurriculumOptions, type CurriculumProblem} from './generateCurriculum.js';
import {Random} from './Random.js';
import type {Level} from './templates.js';
import {verifiedOutputs} from './verifyCurriculum.js';

export interface TrainingDataOptions extends CurriculumOptions {
	/** Share of each level's training instances kept, 0 to 1 (the round-0 bootstrap: L1 and a little L2). Defaults to 1 each. */
	levelShare?: Partial<Record<Level, number>>;
}

export interface TrainingDataExport {
	files: {sftTrain: string; sftHeldOut: string; pairsTrain: string; pairsHeldOut: string};
	counts: {sftTrain: number; sftHeldOut: number; pairsTrain: number; pairsHeldOut: number};
	/** Problems kept per level, training split. */
	trainLevels: Record<string, number>;
}

/** One SFT row in the reference implementation's layout: the bare question, and the solution trimmed (the trainer applies the training template). */
interface SftRow {
	query: string;
	response: string;
}

/** One preference pair in the reference implementation's layout. */
interface PairRow {
	prompt: string;
	pos: string;
	neg: string;
	pos_count: number;
	neg_count: number;
}

/**
 * The tiny models' training data from the curriculum, as JSON lines: SFT rows from verified reference solutions, and
 * a smoke set of step preference pairs — at each reference step, the reference step against a corrupted one at the
 * same prefix, kept only when the sandbox shows the corrupted program fails or prints a wrong answer. Held-out files
 * come from the held-out instances of the same templates (the levels kept), for evaluation during training.
 */
export async function writeTrainingData(outDir: string, executor: Executor, options: TrainingDataOptions = {}): Promise<TrainingDataExport> {
	const curriculum = generateCurriculum(options);
	const share = (level: Level) => options.levelShare?.[level] ?? 1;
	const keep = (problems: CurriculumProblem[]) => {
		const byTemplate = new Map<string, CurriculumProblem[]>();
		for (const problem of problems)
			byTemplate.set(problem.template, [...byTemplate.get(problem.template) ?? [], problem]);
		return [...byTemplate.values()].flatMap(group => group.slice(0, Math.round(group.length * share(group[0]!.level))));
	};
	const train = keep(curriculum.train);
	const heldOut = curriculum.heldOut.filter(problem => share(problem.level) > 0);

	const sft = async (problems: CurriculumProblem[]) =>
		[...await verifiedOutputs(problems, executor)].map(([problem, output]) => ({problem, steps: referenceSteps(problem, output)}));
	const trainSolved = await sft(train);
	const heldOutSolved = await sft(heldOut);
	const seed = options.seed ?? 0;
	const pairsTrain = await smokePairs(trainSolved, executor, seed);
	const pairsHeldOut = await smokePairs(heldOutSolved, executor, seed + 1);

	fs.mkdirSync(outDir, {recursive: true});
	const files = {
		sftTrain: path.join(outDir, 'sft-train.jsonl'), sftHeldOut: path.join(outDir, 'sft-heldout.jsonl'),
		pairsTrain: path.join(outDir, 'pairs-train.jsonl'), pairsHeldOut: path.join(outDir, 'pairs-heldout.jsonl')
	};
	const sftRows = (solved: typeof trainSolved): SftRow[] => solved.map(({problem, steps}) => ({query: problem.question, response: steps.join('').trim()}));
	writeJsonLines(files.sftTrain, sftRows(trainSolved));
	writeJsonLines(files.sftHeldOut, sftRows(heldOutSolved));
	writeJsonLines(files.pairsTrain, pairsTrain);
	writeJsonLines(files.pairsHeldOut, pairsHeldOut);
	const trainLevels: Record<string, number> = {};
	for (const problem of train)
		trainLevels[`Level ${problem.level}`] = (trainLevels[`Level ${problem.level}`] ?? 0) + 1;
	return {
		files,
		counts: {sftTrain: trainSolved.length, sftHeldOut: heldOutSolved.length, pairsTrain: pairsTrain.length, pairsHeldOut: pairsHeldOut.length},
		trainLevels
	};
}

async function smokePairs(solved: {problem: CurriculumProblem; steps: string[]}[], executor: Executor, seed: number): Promise<PairRow[]> {
	const candidates: {row: PairRow; program: string; answer: string}[] = [];
	solved.forEach(({problem, steps}, problemIndex) => {
		problem.steps.forEach((step, k) => {
			const wrong = corruptStep(step.code, new Random(deriveSeed(seed, problemIndex, k)));
			if (wrong === null)
				return;
			const prefix = rstarTrainingPrompt(problem.question) + steps.slice(0, k).join('');
			const neg = steps[k]!.replace(`${step.code}\n`, `${wrong}\n`);
			const program = programOf({...problem, steps: problem.steps.map((s, i) => i === k ? {...s, code: wrong} : s)});
			candidates.push({row: {prompt: prefix, pos: steps[k]!, neg, pos_count: 1, neg_count: 1}, program, answer: problem.answer});
		});
	});
	const results = await Promise.all(candidates.map(candidate => executor.run(candidate.program, {timeoutMs: 30_000})));
	return candidates
		.filter((candidate, i) => !results[i]!.ok || !checkAnswer(candidate.answer, results[i]!.stdout.trim()).equal)
		.map(candidate => candidate.row);
}

function writeJsonLines(file: string, rows: readonly (SftRow | PairRow)[]): void {
	fs.writeFileSync(file, rows.map(row => JSON.stringify(row)).join('\n') + '\n');
}
