import {useEffect, useState} from 'react';
import type {RoundConfig, RoundCreateParams} from '../../../src-main/contract/rounds';
import {useApi} from '../../api/ApiContext';

/**
 * What `round.create` would store for these params (`round.preview`): the schedule's models and preset, the previous
 * round's settings where not given. Asked again 300 ms after the params stop changing; its refusal is the error.
 */
export function useRoundPreview(params: RoundCreateParams): {preview: RoundConfig | null; error: string | null} {
	const api = useApi();
	const [preview, setPreview] = useState<RoundConfig | null>(null);
	const [error, setError] = useState<string | null>(null);
	const key = JSON.stringify(params);
	useEffect(() => {
		let current = true;
		const timer = setTimeout(() => {
			api.call('round.preview', JSON.parse(key) as RoundCreateParams).then(config => {
				if (current) {
					setPreview(config);
					setError(null);
				}
			}, (failure: Error) => {
				if (current)
					setError(failure.message);
			});
		}, 300);
		return () => {
			current = false;
			clearTimeout(timer);
		};
	}, [api, key]);
	return {preview, error};
}
