import {useCallback, useEffect, useState} from 'react';
import type {RoundView} from '../../../src-main/contract/rounds';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {useThrottledCallback} from './useThrottledCallback';

/**
 * Every round of the workspace, kept current: fetched again at most every 500 ms while their jobs report (`job.updated`
 * of a round's job). `replace` puts in a view an action answered with (run, pause, …) without waiting for the next fetch.
 */
export function useRounds(): {rounds: RoundView[] | null; error: string | null; reload(): void; replace(round: RoundView): void} {
	const api = useApi();
	const [rounds, setRounds] = useState<RoundView[] | null>(null);
	const [error, setError] = useState<string | null>(null);
	const reload = useCallback(() => {
		api.call('round.list', {}).then(list => {
			setRounds(list);
			setError(null);
		}, (failure: Error) => setError(failure.message));
	}, [api]);
	useEffect(reload, [reload]);
	const throttled = useThrottledCallback(reload, 500);
	useApiEvents(message => {
		if (message.event === 'job.updated' && message.payload.job.roundId !== null)
			throttled();
	});
	const replace = useCallback((round: RoundView) => setRounds(previous => {
		const list = previous ?? [];
		return list.some(other => other.id === round.id) ? list.map(other => other.id === round.id ? round : other) : [...list, round];
	}), []);
	return {rounds, error, reload, replace};
}
