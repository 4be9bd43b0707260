import type {SearchSettings} from '../contract/search.js';

/**
 * The text before the first step: the question in the model's format. The policy continues it with the steps so
 * far, concatenated exactly as they were generated (so the tokens it generated are the tokens it reads back).
 */
export type PromptFormat = (question: string) => string;

/** rStar-Math's SFT format: the policy was fine-tuned to continue exactly this. */
export const rstarSftPrompt: PromptFormat = question =>
	`<|user|>:\n${question}\n<|assistant|>: Let's think step by step and solve the problem with code.\n`;

/**
 * For general instruct models that were never trained on the format (round-0 bootstrap): instructions and one
 * worked example of the step format before the question.
 */
export const fewShotPrompt: PromptFormat = question => [
	'Solve math problems step by step with Python. Each step is a comment that reasons, then code, and ends with',
	'<end_of_step>. The last code step prints the answer and ends with <end_of_code>. After the printed output, write',
	'<answer>, the final answer in \\boxed{}, and <end_of_answer>.',
	'',
	'Question: A box has 12 pencils. Ann takes 5. How many are left?',
	'Answer:',
	'# Ann takes 5 of the 12 pencils',
	'left = 12 - 5',
	'<end_of_step>',
	'# Print the number left',
	'print(left)',
	'<end_of_code>',
	'<output>',
	'7',
	'<end_of_output>',
	'<answer>There are \\boxed{7} pencils left.<end_of_answer>',
	'',
	`Question: ${question}`,
	'Answer:'
].join('\n') + '\n';

export const promptFormatsByName: Record<SearchSettings['promptFormat'], PromptFormat> = {
	'rstar-sft': rstarSftPrompt,
	'few-shot': fewShotPrompt
};
