import {RstarError} from '../contract/errors.js';
import type {SearchPreset, SearchSettings} from '../contract/search.js';

/** What the schedule gives a round to search with, before the user's overrides. */
export interface ScheduledSearch {
	policyPath: string;
	ppmPath: string | null;
	preset: SearchPreset;
	/** Settings the schedule itself fixes on top of the preset. */
	settings: Partial<SearchSettings>;
}

/**
 * rStar-Math's schedule (§3.3, Table 2): round 1 searches with the bootstrap policy and no PPM, terminal-guided
 * (`sample_mcts.yaml`); round 2 with the policy of round 1, still terminal-guided, since the first PPM is not yet
 * reliable; from round 3 on with the policy and the PPM of the round before, PPM-augmented (`sft_sample_mcts.yaml`).
 */
export function scheduledSearch(number: number, bootstrapPolicy: string, previous: {policyPath: string | null; ppmPath: string | null} | null): ScheduledSearch {
	if (number === 1)
		return {policyPath: bootstrapPolicy, ppmPath: null, preset: 'rstar-bootstrap', settings: {}};
	if (!previous?.policyPath)
		throw new RstarError('invalid-params', `round ${number} searches with the policy of round ${number - 1}, which has not trained one yet: run round ${number - 1} first, or pass --policy`);
	if (number === 2)
		return {policyPath: previous.policyPath, ppmPath: null, preset: 'rstar-round', settings: {qMode: 'terminal-guided'}};
	if (!previous.ppmPath)
		throw new RstarError('invalid-params', `round ${number} searches with the PPM of round ${number - 1}, which has not trained one yet: run round ${number - 1} first, or pass --ppm`);
	return {policyPath: previous.policyPath, ppmPath: previous.ppmPath, preset: 'rstar-round', settings: {}};
}
