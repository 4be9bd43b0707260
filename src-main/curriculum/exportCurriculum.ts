import fs from 'node:fs';
import path from 'node:path';
import type {Executor} from '../engine/ports.js';
import {generateCurriculum, latexAnswer, referenceSolution, type Curriculum, type CurriculumOptions} from './generateCurriculum.js';
import {verifiedOutputs} from './verifyCurriculum.js';

/** The built-in dataset names and files, one per split. */
export const curriculumSplits = {
	train: 'tiny-curriculum-train',
	heldOut: 'tiny-curriculum-heldout',
	heldOutTemplates: 'tiny-curriculum-heldout-templates'
} as const satisfies Record<keyof Curriculum, string>;

export interface CurriculumExport {
	files: Record<keyof Curriculum, string>;
	counts: Record<keyof Curriculum, number>;
	templates: number;
}

/**
 * Generates the curriculum, verifies every reference solution in the sandbox (any failure stops the export), and
 * writes one file per split in rStar's dataset layout — `{index, question, answer}` — with the level ("Level 1"…),
 * the template and the reference solution as extra fields.
 */
export async function exportCurriculum(outDir: string, executor: Executor, options: CurriculumOptions = {}): Promise<CurriculumExport> {
	const curriculum = generateCurriculum(options);
	const all = [...curriculum.train, ...curriculum.heldOut, ...curriculum.heldOutTemplates];
	const outputs = await verifiedOutputs(all, executor);

	fs.mkdirSync(outDir, {recursive: true});
	const files = {} as Record<keyof Curriculum, string>;
	const counts = {} as Record<keyof Curriculum, number>;
	for (const split of Object.keys(curriculumSplits) as (keyof Curriculum)[]) {
		const rows = curriculum[split].map((problem, index) => ({
			index, question: problem.question, answer: latexAnswer(problem.answer), level: `Level ${problem.level}`,
			template: problem.template, solution: referenceSolution(problem, outputs.get(problem)!)
		}));
		files[split] = path.join(outDir, `${curriculumSplits[split]}.json`);
		counts[split] = rows.length;
		fs.writeFileSync(files[split], `${JSON.stringify(rows, null, '\t')}\n`);
	}
	return {files, counts, templates: new Set(all.map(problem => problem.template)).size};
}
