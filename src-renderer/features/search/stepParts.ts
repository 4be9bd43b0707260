import type {StoredNode} from '../../../src-main/contract/search';

/** The leading `#` lines of a step's code: the natural-language comment of code-augmented CoT. */
export function stepComment(node: StoredNode): string {
	const lines = node.code.split('\n');
	const end = lines.findIndex(line => !line.trim().startsWith('#'));
	return lines.slice(0, end === -1 ? lines.length : end).map(line => line.trim().replace(/^#\s?/, '')).join('\n').trim();
}

/** A short one-line label for a step, for lists. */
export function stepTitle(node: StoredNode): string {
	const first = (node.code || node.text).split('\n').find(line => line.trim() !== '') ?? '';
	return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}
