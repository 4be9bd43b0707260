/** The method's markers, in rStar's code-augmented CoT format. */
export const markers = {
	code: '<code>',
	endOfStep: '<end_of_step>',
	endOfCode: '<end_of_code>',
	output: '<output>',
	endOfOutput: '<end_of_output>',
	answer: '<answer>',
	endOfAnswer: '<end_of_answer>'
} as const;

/** The reference's step delimiter (`step_delim`): between a code step and its output block, and in prompts. */
export const stepDelimiter = '\n';

export type StepKind = 'code' | 'final-code' | 'answer' | 'plain';

export interface ParsedStep {
	/**
	 * `answer`: the step mentions `boxed` and yields a non-empty final answer; `final-code`: a code step that holds
	 * `<end_of_code>` (its output is shown to the model next); `code`: any other step, end marker or not (a step cut
	 * by the token cap runs as code, as in the reference); `plain`: a `boxed` step whose answer comes out empty (the
	 * reference neither runs nor ends it).
	 */
	kind: StepKind;
	/** The step's Python (comment + code), markers removed; empty for answer and plain steps. */
	code: string;
	/** For answer steps: the final answer as the reference extracts it. */
	finalAnswer: string | null;
}

/**
 * Reads one generated step as the reference's `rstar_step_result_unwrap` does: a step that mentions `boxed` is an
 * answer, any other is code to run — whether or not it ended at a marker.
 */
export function parseStep(text: string): ParsedStep {
	if (text.includes('boxed')) {
		const finalAnswer = referenceFinalAnswer(text);
		return finalAnswer ? {kind: 'answer', code: '', finalAnswer} : {kind: 'plain', code: '', finalAnswer: null};
	}
	return {kind: text.includes(markers.endOfCode) ? 'final-code' : 'code', code: stepCode(text), finalAnswer: null};
}

/**
 * A step's Python as the reference's program extraction reads it: `<end_of_step>` removed; inside a `<code>` …
 * `<end_of_code>` span only the lines between the marker lines; a step without either marker is code as a whole.
 */
export function stepCode(text: string): string {
	const lines: string[] = [];
	let inside = false;
	let opened = false;
	for (const line of text.replaceAll(markers.endOfStep, '').split('\n')) {
		if (line.includes(markers.code)) {
			inside = opened = true;
			continue;
		}
		if (line.includes(markers.endOfCode)) {
			inside = false;
			continue;
		}
		if (inside)
			lines.push(line);
	}
	const code = opened ? lines.join('\n') : text.replaceAll(markers.endOfStep, '').replaceAll(markers.endOfCode, '');
	return code.trim() === '' ? '' : code.replace(/^\n+/, '').trimEnd();
}

/**
 * The reference's final-answer extraction (`extract_math_answer`): the text up to its first ".\n" (a trailing full
 * stop dropped), the content of its last `\boxed{…}` — or that text itself when it holds none — and the first
 * `\text{…}` unwrapped.
 */
export function referenceFinalAnswer(text: string): string {
	let head = text.split('.\n')[0]!.trim();
	if (head.endsWith('.'))
		head = head.slice(0, -1).trim();
	return removeTextBox(lastBoxedContent(head)).trim();
}

/** The content of the last `\boxed{…}`, braces balanced (to the end when unclosed); the text itself when none. */
function lastBoxedContent(text: string): string {
	const start = text.lastIndexOf('\\boxed{');
	if (start === -1)
		return text;
	const open = start + '\\boxed'.length;
	const close = closingBrace(text, open);
	return text.slice(open + 1, close === -1 ? undefined : close);
}

/** The first `\text{…}` replaced by its content, or removed when the content is the word "and". */
function removeTextBox(text: string): string {
	const start = text.indexOf('\\text{');
	const open = start + '\\text'.length;
	const close = start === -1 ? -1 : closingBrace(text, open);
	if (close === -1)
		return text;
	const inner = text.slice(open + 1, close).trim();
	return (text.slice(0, start) + (inner === 'and' ? '' : inner) + text.slice(close + 1)).trim();
}

/** The index of the `}` that closes the `{` at `open`, counting braces as the reference does (no escapes); −1 if none. */
function closingBrace(text: string, open: number): number {
	let depth = 0;
	for (let i = open; i < text.length; i++) {
		if (text[i] === '{')
			depth++;
		else if (text[i] === '}' && --depth === 0)
			return i;
	}
	return -1;
}

/** The reference's output block (`rstar_obs_wrap`): what the program printed, between the output markers. */
export function outputBlock(observation: string): string {
	return `${markers.output}${observation}${markers.endOfOutput}`;
}

/**
 * What the reference's interpreter reports for a run (its "observation"): the printed output, trimmed, or for a
 * failed program the exception's last line (`Type: message`).
 */
export function observationOf(result: {ok: boolean; stdout: string; error: string | null; timedOut: boolean}, timeoutMs: number): string {
	if (result.timedOut)
		return `TimeoutError: the code ran past its ${timeoutMs / 1000} s limit`;
	if (result.ok)
		return result.stdout.trim();
	const lines = (result.error ?? 'Error').trim().split('\n');
	return lines.at(-1)!.trim();
}

/** The reference's test of a failed code step: its observation mentions "error", in any case. */
export function isErrorObservation(observation: string): boolean {
	return observation.toLowerCase().includes('error');
}

/**
 * A code step's stored text as the reference composes it (`create_child`): a final code step gets its output block
 * after the step delimiter; a step that ends its trajectory for code errors is closed with `<end_of_code>` and gets
 * the block too — wrapped once more when the step already held `<end_of_code>`, as the reference wraps it twice.
 */
export function codeStepText(generated: string, observation: string, endsForErrors: boolean): string {
	const finalCode = generated.includes(markers.endOfCode);
	if (!endsForErrors)
		return finalCode ? `${generated}${stepDelimiter}${outputBlock(observation)}` : generated;
	const wrapped = finalCode ? outputBlock(outputBlock(observation)) : outputBlock(observation);
	return `${finalCode ? generated : generated + markers.endOfCode}${stepDelimiter}${wrapped}`;
}
