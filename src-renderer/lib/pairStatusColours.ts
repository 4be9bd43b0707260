import type {PairStatus} from '../../src-main/contract/curation';

/** Each status's colour in the stacked bars and the table: pending grey, the keeping verdicts green to blue, the dropping ones red to brown. */
export const pairStatusColours: Record<PairStatus, string> = {
	pending: '#cbd2dc',
	accepted: '#1a7f37',
	edited: '#3fb68b',
	swapped: '#3559d6',
	'both-good': '#8fb4e8',
	'both-bad': '#b45309',
	rejected: '#b42318',
	skipped: '#9aa3b2'
};
