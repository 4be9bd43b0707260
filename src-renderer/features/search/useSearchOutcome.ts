import {useEffect, useState} from 'react';
import type {SearchOutcome, SearchStatus} from '../../../src-main/contract/search';
import {useApi} from '../../api/ApiContext';

/** A search's outcome (`search.outcome`), read again when its status changes; null while reading or with no search. */
export function useSearchOutcome(searchId: number | null, status: SearchStatus | undefined): {outcome: SearchOutcome | null; error: string | null} {
	const api = useApi();
	const [outcome, setOutcome] = useState<SearchOutcome | null>(null);
	const [error, setError] = useState<string | null>(null);
	useEffect(() => {
		setOutcome(null);
		setError(null);
		if (searchId === null)
			return;
		let current = true;
		api.call('search.outcome', {searchId}).then(read => current && setOutcome(read), (failure: Error) => current && setError(failure.message));
		return () => {
			current = false;
		};
	}, [api, searchId, status]);
	return {outcome, error};
}
