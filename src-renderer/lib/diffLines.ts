import {diffTokens, type DiffToken} from './diffTokens';

export type DiffLine = DiffToken;

/** Line diff of two steps: what `a` has that `b` lacks is `removed`, the reverse `added`. */
export function diffLines(a: string, b: string): DiffLine[] {
	return diffTokens(a.split('\n'), b.split('\n'));
}
