import {useCallback, useEffect, useRef, useState} from 'react';
import type {RoundProblem} from '../../../src-main/contract/rounds';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {useThrottledCallback} from './useThrottledCallback';

/**
 * A round's pool with each problem's search (`round.problems`, one query). While `live` (the search stage runs), it is
 * fetched again at most once a second as the batch reports: its job's progress, and rollouts of its searches.
 */
export function useRoundProblems(roundId: number, live: boolean): {problems: RoundProblem[] | null; error: string | null} {
	const api = useApi();
	const [problems, setProblems] = useState<RoundProblem[] | null>(null);
	const [error, setError] = useState<string | null>(null);
	const current = useRef(roundId);
	current.current = roundId;
	const reload = useCallback(() => {
		api.call('round.problems', {roundId}).then(list => {
			if (current.current !== roundId)
				return;
			setProblems(list);
			setError(null);
		}, (failure: Error) => setError(failure.message));
	}, [api, roundId]);
	useEffect(() => {
		setProblems(null);
		reload();
	}, [reload]);
	// The stage's end (or a pause) changes the table too: fetch once more when it stops being live.
	useEffect(() => {
		if (!live)
			reload();
	}, [live, reload]);
	const throttled = useThrottledCallback(reload, 1000);
	useApiEvents(message => {
		if (!live)
			return;
		if ((message.event === 'job.updated' && message.payload.job.roundId === roundId)
			|| message.event === 'search.progressed' || message.event === 'search.finished')
			throttled();
	});
	return {problems, error};
}
