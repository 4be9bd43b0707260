import type {StoredNode} from '../../../src-main/contract/search';
import {splitComment} from '../../lib/splitComment';

/** The leading `#` lines of a step's code: the natural-language comment of code-augmented CoT. */
export function stepComment(node: StoredNode): string {
	return splitComment(node.code).comment;
}

/** A short one-line label for a step, for lists. */
export function stepTitle(node: StoredNode): string {
	const first = (node.code || node.text).split('\n').find(line => line.trim() !== '') ?? '';
	return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}

/**
 * What sets `step` apart from `other` (a sibling), in one line: its first line that `other` does not have. Siblings
 * often open with the same comment, which would label them all alike. Falls back to the step's title.
 */
export function stepDifference(step: StoredNode, other: StoredNode): string {
	const theirs = new Set(other.text.split('\n').map(line => line.trim()));
	const first = step.text.split('\n').map(line => line.trim()).find(line => line !== '' && !theirs.has(line));
	if (first === undefined)
		return stepTitle(step);
	return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}
