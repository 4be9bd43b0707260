import {extractAnswer} from '../checker/extractAnswer.js';

/** The method's markers, in rStar's code-augmented CoT format. */
export const markers = {
	endOfStep: '<end_of_step>',
	endOfCode: '<end_of_code>',
	output: '<output>',
	endOfOutput: '<end_of_output>',
	answer: '<answer>',
	endOfAnswer: '<end_of_answer>'
} as const;

export type StepKind = 'code' | 'final-code' | 'answer' | 'unparsable';

export interface ParsedStep {
	kind: StepKind;
	/** The step's Python (comment + code), markers removed; empty for answer steps. */
	code: string;
	/** For answer steps: the boxed (or otherwise extracted) final answer. */
	finalAnswer: string | null;
}

/**
 * Reads one generated step. `…<end_of_step>` is a code step; `…<end_of_code>` the last code step (its output is
 * shown to the model next); `<answer>…<end_of_answer>` the answer. Anything else — cut by the token cap, the
 * deadline or end-of-sequence without a marker — is unparsable.
 */
export function parseStep(text: string): ParsedStep {
	const body = text.trimEnd();
	if (body.endsWith(markers.endOfAnswer)) {
		const inner = body.slice(0, -markers.endOfAnswer.length).replace(markers.answer, '');
		const found = extractAnswer(inner);
		return found ? {kind: 'answer', code: '', finalAnswer: found.answer} : {kind: 'unparsable', code: '', finalAnswer: null};
	}
	if (body.endsWith(markers.endOfCode))
		return {kind: 'final-code', code: stripCode(body.slice(0, -markers.endOfCode.length)), finalAnswer: null};
	if (body.endsWith(markers.endOfStep))
		return {kind: 'code', code: stripCode(body.slice(0, -markers.endOfStep.length)), finalAnswer: null};
	return {kind: 'unparsable', code: '', finalAnswer: null};
}

/** Some policies open code with `<code>`; the program itself never contains it. */
function stripCode(code: string): string {
	return code.replace(/^\s*<code>\s*\n?/, '').replace(/\n?<\/code>\s*$/, '').trimEnd();
}

/** The text shown to the model after a final code step: what the program printed. */
export function outputBlock(output: string): string {
	return `\n${markers.output}\n${output.trimEnd()}\n${markers.endOfOutput}\n`;
}
