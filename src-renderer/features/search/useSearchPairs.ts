import {useCallback, useEffect, useState} from 'react';
import type {ApiParams} from '../../../src-main/contract/api';
import type {PreferencePair} from '../../../src-main/contract/search';
import {useApi} from '../../api/ApiContext';

export interface SearchPairs {
	pairs: PreferencePair[];
	/** Stores a pair; rejects with the server's reason (a duplicate names the pair it repeats). */
	create(params: Omit<ApiParams<'pair.create'>, 'searchId'>): Promise<PreferencePair>;
	/** Deletes a pair (undo). */
	undo(pairId: number): Promise<void>;
	error: string | null;
}

/** The hand-made pairs of one search, kept in step with what this page stores and deletes. */
export function useSearchPairs(searchId: number | null): SearchPairs {
	const api = useApi();
	const [pairs, setPairs] = useState<PreferencePair[]>([]);
	const [error, setError] = useState<string | null>(null);

	useEffect(() => {
		setPairs([]);
		setError(null);
		if (searchId === null)
			return;
		let current = true;
		api.call('pair.list', {searchId}).then(list => current && setPairs(list), (failure: Error) => current && setError(failure.message));
		return () => {
			current = false;
		};
	}, [api, searchId]);

	const create = useCallback(async (params: Omit<ApiParams<'pair.create'>, 'searchId'>) => {
		const pair = await api.call('pair.create', {...params, searchId: searchId!});
		setPairs(previous => [...previous, pair]);
		return pair;
	}, [api, searchId]);
	const undo = useCallback(async (pairId: number) => {
		await api.call('pair.delete', {pairId});
		setPairs(previous => previous.filter(pair => pair.id !== pairId));
	}, [api]);
	return {pairs, create, undo, error};
}
