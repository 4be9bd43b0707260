import {deriveSeed} from '../engine/rng.js';
import {markers, outputBlock, stepDelimiter} from '../engine/stepFormat.js';
import {Random} from './Random.js';
import {heldOutTemplateIds, templates, type GeneratedProblem, type Level} from './templates.js';

/** One curriculum problem, with its reference solution in the exact code-augmented CoT format. */
export interface CurriculumProblem extends GeneratedProblem {
	template: string;
	level: Level;
	/** The program the steps make, as the search would execute it (all steps, then the final print). */
	program: string;
}

export interface CurriculumOptions {
	/** Defaults to 0. */
	seed?: number;
	/** Training instances per training template. Defaults to 20. */
	train?: number;
	/** Held-out instances per training template (new numbers and phrasings, same templates). Defaults to 5. */
	heldOut?: number;
	/** Instances per held-out template. Defaults to 5. */
	heldOutTemplates?: number;
}

export interface Curriculum {
	train: CurriculumProblem[];
	/** Same templates as train, unseen instances. */
	heldOut: CurriculumProblem[];
	/** Templates never seen in training. */
	heldOutTemplates: CurriculumProblem[];
}

/**
 * Procedurally generated problems with exact answers, in three levels (L1 arithmetic → L2 multi-step → L3 code),
 * split three ways. Deterministic: instance i of template t comes from a seed derived from (seed, t, split, i), and
 * a held-out instance never repeats a training question.
 */
export function generateCurriculum(options: CurriculumOptions = {}): Curriculum {
	const seed = options.seed ?? 0;
	const make = (templateIndex: number, split: number, count: number, avoid: Set<string>): CurriculumProblem[] => {
		const template = templates[templateIndex]!;
		const problems: CurriculumProblem[] = [];
		for (let attempt = 0; problems.length < count && attempt < count * 20; attempt++) {
			const generated = template.make(new Random(deriveSeed(seed, templateIndex, split, attempt)));
			if (avoid.has(generated.question))
				continue;
			avoid.add(generated.question);
			problems.push({...generated, template: template.id, level: template.level, program: programOf(generated)});
		}
		return problems;
	};

	const curriculum: Curriculum = {train: [], heldOut: [], heldOutTemplates: []};
	templates.forEach((template, index) => {
		const seen = new Set<string>();
		if (heldOutTemplateIds.includes(template.id)) {
			curriculum.heldOutTemplates.push(...make(index, 2, options.heldOutTemplates ?? 5, seen));
			return;
		}
		// Held-out instances first: they then stay the same whatever number of training instances is asked for, so a
		// larger training set (the tiny model recipe) is still disjoint from the shipped held-out split.
		curriculum.heldOut.push(...make(index, 1, options.heldOut ?? 5, seen));
		curriculum.train.push(...make(index, 0, options.train ?? 20, seen));
	});
	return curriculum;
}

/** The steps and the final print, as one program. */
export function programOf(problem: GeneratedProblem): string {
	return [...problem.steps.map(step => `# ${step.comment}\n${step.code}`), `# Now print the final answer\nprint(${problem.result})`].join('\n');
}

/**
 * The reference solution in rStar's format, as the steps a policy generates them and the search stores them, in the
 * layout of the reference's SFT data: the first step opens with `<code>`, later ones start with the blank line after
 * the previous `<end_of_step>`; the last code step prints the answer under "# Now print the final answer", ends with
 * `<end_of_code>` and carries the output block the executor appends; then the boxed answer. Joined, they are the SFT
 * response.
 */
export function referenceSteps(problem: GeneratedProblem, output: string): string[] {
	const code = [...problem.steps.map(step => `# ${step.comment}\n${step.code}\n${markers.endOfStep}`),
		`# Now print the final answer\nprint(${problem.result})\n${markers.endOfCode}${stepDelimiter}${outputBlock(output.trim())}`];
	return [...code.map((step, index) => index === 0 ? `${markers.code}\n${step}` : `\n\n${step}`),
		`\n${markers.answer}The answer is \\boxed{${latexAnswer(problem.answer)}}.${markers.endOfAnswer}`];
}

export function referenceSolution(problem: GeneratedProblem, output: string): string {
	return referenceSteps(problem, output).join('');
}

/** 7/2 → \frac{7}{2}; integers as they are. */
export function latexAnswer(answer: string): string {
	const fraction = /^(-?\d+)\/(\d+)$/.exec(answer);
	return fraction ? `\\frac{${fraction[1]}}{${fraction[2]}}` : answer;
}
