import {lastBoxed} from './lastBoxed.js';

export interface ExtractedAnswer {
	answer: string;
	/** Where it came from: `boxed`, `answer-tag`, `phrase`, `hashes`, `last-number`, or `whole` (the text itself). */
	from: 'boxed' | 'answer-tag' | 'phrase' | 'hashes' | 'last-number' | 'whole';
}

const answerTag = /<answer>([\s\S]*?)(?:<end_of_answer>|<\/answer>|$)/g;
const phrase = /(?:final answer|the answer|answer)\s*(?:is|:|=)\s*(?:\$\s*)?([^\n$]+?)\s*(?:\$|\.?\s*$|\.\s)/gi;

/**
 * The final answer of a solution text: the last `\boxed{…}` (braces balanced), else the rStar `<answer>` block's
 * boxed content or text, else "the answer is …", else GSM8K's `#### …`, else the last number. A short text with
 * none of these is taken whole (it is already an answer).
 */
export function extractAnswer(text: string): ExtractedAnswer | null {
	const boxed = lastBoxed(text);
	if (boxed !== null && boxed.trim() !== '')
		return {answer: boxed.trim(), from: 'boxed'};

	const tags = [...text.matchAll(answerTag)];
	const tagged = tags.at(-1)?.[1]?.trim();
	if (tagged)
		return {answer: tagged, from: 'answer-tag'};

	const phrases = [...text.matchAll(phrase)];
	const said = phrases.at(-1)?.[1]?.trim();
	if (said)
		return {answer: said, from: 'phrase'};

	const hashes = text.lastIndexOf('####');
	if (hashes >= 0 && text.slice(hashes + 4).trim() !== '')
		return {answer: text.slice(hashes + 4).trim(), from: 'hashes'};

	if (text.trim().length > 0 && text.trim().length <= 80 && !/\n/.test(text.trim()))
		return {answer: text.trim(), from: 'whole'};

	const numbers = text.match(/-?\d[\d,]*(?:\.\d+)?(?:\/\d+)?/g);
	if (numbers)
		return {answer: numbers.at(-1)!, from: 'last-number'};
	return null;
}

/**
 * The answer to compare from a text that may be a whole solution: extracted when it has a box, an answer block,
 * GSM8K's hashes, or is longer than an answer; otherwise the text itself.
 */
export function answerOf(text: string): string {
	if (/\\boxed|\\fbox|<answer>|####/.test(text) || text.length > 200 || /\n/.test(text.trim()))
		return extractAnswer(text)?.answer ?? text.trim();
	return text.trim();
}
