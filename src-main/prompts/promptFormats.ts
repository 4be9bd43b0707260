import type {SearchSettings} from '../contract/search.js';

/**
 * The text before the first step: the question in the model's format. The policy (and the PPM) continue it with the
 * steps so far, concatenated exactly as they are stored, as the reference's `collect_partial_solution` joins them.
 */
export type PromptFormat = (question: string) => string;

/** The line that opens the assistant's turn in both templates (the SFT sampler strips it from responses). */
export const rstarAssistantLine = "<|assistant|>: Let's think step by step and solve the problem with code.";

/**
 * The reference's inference template (`rstar_prompt_wrap` with no examples): the question and the step delimiter,
 * then a line break and the assistant line — hence the blank line — and the steps follow "code." directly.
 */
export const rstarSftPrompt: PromptFormat = question => `<|user|>:\n${question}\n\n${rstarAssistantLine}`;

/**
 * The reference's training template (its SFT trainer's `prompt_input`, and the prefix its pair extraction writes):
 * like the inference template but without the blank line. SFT rows hold the bare question; the trainer wraps it.
 */
export const rstarTrainingPrompt: PromptFormat = question => `<|user|>:\n${question}\n${rstarAssistantLine}`;

/** Our two demonstrations, in the step layout the reference's few-shot file uses (text of our own). */
const demonstrations = [
	[
		'Question: A baker fills 7 trays with 24 rolls each and sells 150 rolls. How many rolls are left?',
		'<code>',
		'# Step 1: Count the rolls baked',
		'baked = 7 * 24',
		'<end_of_step>',
		'',
		'# Step 2: Take away the rolls sold',
		'left = baked - 150',
		'<end_of_step>',
		'',
		'# Now print the final answer',
		'print(left)',
		'<end_of_code>',
		'<output>18<end_of_output>',
		'<answer>The baker has \\boxed{18} rolls left.',
		'<end_of_answer>'
	],
	[
		'Question: Solve $2x^2 - 8 = 0$ for the positive value of $x$.',
		'<code>',
		'from sympy import symbols, solve',
		'',
		'# Step 1: Define the unknown',
		'x = symbols(\'x\')',
		'<end_of_step>',
		'',
		'# Step 2: Solve the equation and keep the positive root',
		'roots = [r for r in solve(2 * x**2 - 8, x) if r > 0]',
		'<end_of_step>',
		'',
		'# Now print the final answer',
		'print(roots[0])',
		'<end_of_code>',
		'<output>2<end_of_output>',
		'<answer>The positive solution is \\boxed{2}.',
		'<end_of_answer>'
	]
].map(lines => lines.join('\n'));

const instructions = [
	'You solve math problems by writing Python, one step at a time, and you compute everything in code.',
	'',
	'Rules:',
	'1. Open the solution with <code>. Each step is a comment that reasons, then the code for it, and ends with <end_of_step>.',
	'2. The last step prints the final answer under the comment "# Now print the final answer" and ends with <end_of_code>.',
	'3. The interpreter then shows what was printed between <output> and <end_of_output>.',
	'4. Finish with <answer>, a short sentence with the final answer in \\boxed{}, and <end_of_answer>.'
].join('\n');

/**
 * The bootstrap prompt for a model never trained on the format (round 1), in the layout of the reference's few-shot
 * prompt: instructions, a line naming the demonstrations, each demonstration, a blank line, then the question after
 * a hand-over line and the step delimiter. Deterministic: the demonstrations always come in this order.
 */
export const fewShotPrompt: PromptFormat = question =>
	[instructions, `The following are ${demonstrations.length} demonstration examples.`, ...demonstrations, '', `Now it is your turn.\nQuestion: ${question}\n`].join('\n');

export const promptFormatsByName: Record<SearchSettings['promptFormat'], PromptFormat> = {
	'rstar-sft': rstarSftPrompt,
	'few-shot': fewShotPrompt
};
