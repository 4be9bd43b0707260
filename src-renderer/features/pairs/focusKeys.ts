import type {PairVerdict} from '../../../src-main/contract/curation';

/** The verdicts the focus view takes by one key, in the order of its buttons. */
export const verdictKeys: readonly {key: string; label: string; verdict: PairVerdict}[] = [
	{key: 'a', label: 'Accept', verdict: 'accepted'},
	{key: 'r', label: 'Reject', verdict: 'rejected'},
	{key: 's', label: 'Swap', verdict: 'swapped'},
	{key: 'g', label: 'Both good', verdict: 'both-good'},
	{key: 'b', label: 'Both bad', verdict: 'both-bad'},
	{key: 'k', label: 'Skip', verdict: 'skipped'}
];

/** Every key of the focus view and what it does, for the help overlay. */
export const focusKeys: readonly (readonly [string, string])[] = [
	['a', 'accept: the chosen step is the better one'],
	['r', 'reject: not a useful pair'],
	['s', 'swap: the rejected step is the better one'],
	['g / b', 'both good / both bad: no preference'],
	['k or space', 'skip'],
	['e', 'edit the steps in place; Ctrl+Enter saves (verdict edited), Esc cancels'],
	['n', 'add a note, sent with the next decision'],
	['f', 'flag the problem bad (again: clear the flag)'],
	['u or Ctrl+Z', 'undo your last decision and show that pair again'],
	['?', 'this help'],
	['Esc', 'back to the queue']
];
