import type {StepRating, finishReasons} from '../../../src-main/contract/curation';

/** The keys that rate the current step: 1 / 2 / 3 as PRM800K's labellers pressed them, and the signs as a second set. */
export const ratingKeys: Readonly<Record<string, StepRating>> = {'1': -1, '-': -1, '2': 0, '0': 0, '3': 1, '+': 1, '=': 1};

export const ratingLabels: Readonly<Record<`${StepRating}`, string>> = {'-1': 'wrong', '0': 'neutral', '1': 'good'};

/** Each finish reason's button text, in the order the number keys pick them (1 = solution). */
export const reasonLabels: Readonly<Record<(typeof finishReasons)[number], string>> = {
	'solution': 'Solution: the trajectory solves the problem',
	'found-error': 'Found an error',
	'bad-problem': 'Bad problem (ambiguous, wrong gold answer)',
	'give-up': 'Give up'
};

/** The keys of the labelling view, for its help overlay. */
export const labelKeys: readonly (readonly [string, string])[] = [
	['↑ / ↓, k / j', 'previous / next step'],
	['1 or -', 'rate the current step −1 (wrong)'],
	['2 or 0', 'rate it 0 (neutral: fine, but no progress)'],
	['3 or + / =', 'rate it +1 (good)'],
	['w', 'mark the current step as the first wrong step (again: unmark)'],
	['Enter', 'finish the trajectory: pick a reason (1–4)'],
	['Escape', 'close the dialog or this help'],
	['?', 'show or hide this help']
];

/** True when a key press belongs to a text field, not to the view's shortcuts. */
export function isTyping(target: EventTarget | null): boolean {
	return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
