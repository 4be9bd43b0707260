import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateCurriculum, latexAnswer, referenceSolution, referenceSteps} from '../../../src-main/curriculum/generateCurriculum.js';
import {heldOutTemplateIds, templates} from '../../../src-main/curriculum/templates.js';
import {verifyCurriculum} from '../../../src-main/curriculum/verifyCurriculum.js';
import {parseStep} from '../../../src-main/engine/stepFormat.js';
import {resourcesDir} from '../../../src-main/paths.js';
import {PyodideExecutorPool} from '../../../src-main/sandbox/PyodideExecutorPool.js';

describe('curriculum', () => {
	const curriculum = generateCurriculum({train: 4, heldOut: 2, heldOutTemplates: 2});
	const all = [...curriculum.train, ...curriculum.heldOut, ...curriculum.heldOutTemplates];

	it('has at least 30 templates over three levels', () => {
		expect(templates.length).toBeGreaterThanOrEqual(30);
		expect(new Set(templates.map(template => template.id)).size).toBe(templates.length);
		for (const level of [1, 2, 3])
			expect(templates.filter(template => template.level === level).length).toBeGreaterThanOrEqual(8);
	});

	it('is deterministic under its seed, and another seed gives other numbers', () => {
		expect(generateCurriculum({train: 4, heldOut: 2, heldOutTemplates: 2})).toEqual(curriculum);
		expect(generateCurriculum({seed: 1, train: 4, heldOut: 2, heldOutTemplates: 2}).train.map(problem => problem.question))
			.not.toEqual(curriculum.train.map(problem => problem.question));
	});

	it('splits three ways: held-out instances never repeat a training question, held-out templates never train', () => {
		const trainQuestions = new Set(curriculum.train.map(problem => problem.question));
		expect(curriculum.heldOut.some(problem => trainQuestions.has(problem.question))).toBe(false);
		expect(curriculum.train.some(problem => heldOutTemplateIds.includes(problem.template))).toBe(false);
		expect(new Set(curriculum.heldOutTemplates.map(problem => problem.template))).toEqual(new Set(heldOutTemplateIds));
		expect(new Set(curriculum.heldOutTemplates.map(problem => problem.level))).toEqual(new Set([1, 2, 3]));
	});

	it('writes reference solutions in the exact step format, in the layout of the reference\'s SFT data', () => {
		for (const problem of all) {
			const steps = referenceSteps(problem, `${problem.answer}\n`);
			expect(steps[0]).toMatch(/^<code>\n# /);
			for (const step of steps.slice(1, -2))
				expect(step).toMatch(/^\n\n# [^]*\n<end_of_step>$/);
			for (const step of steps.slice(0, -2))
				expect(parseStep(step).kind, step).toBe('code');
			expect(steps.at(-2)).toMatch(/\n# Now print the final answer\nprint\(\w+\)\n<end_of_code>\n<output>[^\n]+<end_of_output>$/);
			expect(parseStep(steps.at(-2)!).kind).toBe('final-code');
			expect(steps.at(-1)).toMatch(/^\n<answer>The answer is \\boxed\{.+\}\.<end_of_answer>$/);
			expect(parseStep(steps.at(-1)!).finalAnswer).toBe(latexAnswer(problem.answer));
			expect(referenceSolution(problem, `${problem.answer}\n`)).toBe(steps.join(''));
		}
	});

	describe('in the sandbox', () => {
		let executor: PyodideExecutorPool;
		beforeAll(async () => {
			executor = new PyodideExecutorPool({size: 2, cacheEntries: 0});
			await executor.ready();
		}, 120_000);
		afterAll(() => executor?.close());

		it('every reference program prints its answer', async () => {
			const {verified, failed} = await verifyCurriculum(all, executor);
			expect(failed.map(failure => `${failure.problem.template}: ${failure.reason}`)).toEqual([]);
			expect(verified).toHaveLength(all.length);
		}, 120_000);

		it('a wrong answer is caught', async () => {
			const [problem] = curriculum.train;
			const {failed} = await verifyCurriculum([{...problem!, answer: String(Number(problem!.answer) + 1)}], executor);
			expect(failed[0]?.reason).toMatch(/printed "\d+", the answer is \d+/);
		}, 60_000);
	});

	it('the shipped built-in files are what the generator writes for seed 0', () => {
		const regenerated = generateCurriculum();
		for (const [split, file] of [['train', 'tiny-curriculum-train'], ['heldOut', 'tiny-curriculum-heldout'], ['heldOutTemplates', 'tiny-curriculum-heldout-templates']] as const) {
			const shipped = JSON.parse(fs.readFileSync(path.join(resourcesDir(), 'datasets', `${file}.json`), 'utf8')) as {question: string; answer: string; level: string; template: string; solution: string}[];
			expect(shipped.map(row => [row.question, row.answer, row.level, row.template]))
				.toEqual(regenerated[split].map(problem => [problem.question, latexAnswer(problem.answer), `Level ${problem.level}`, problem.template]));
			for (const [i, row] of shipped.entries()) {
				const output = /<output>([^]*?)<end_of_output>/.exec(row.solution)![1]!;
				expect(row.solution).toBe(referenceSolution(regenerated[split][i]!, output));
			}
		}
	});
});
