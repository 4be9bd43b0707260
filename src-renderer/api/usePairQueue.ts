import {useCallback, useEffect, useState} from 'react';
import type {PairPage, PairView} from '../../src-main/contract/curation';
import {useApi, useApiEvents} from './ApiContext';

/** Rows a page of the queue table holds. */
export const queuePageSize = 100;

/**
 * One page of the queue under a view, with its counts, read again whenever `pairs.changed` arrives; nothing is read
 * while `view` is null (the Rounds page, before its round has pairs to show).
 */
export function usePairQueue(view: PairView | null, offset: number, limit = queuePageSize): {page: PairPage | null; error: string | null} {
	const api = useApi();
	const [page, setPage] = useState<PairPage | null>(null);
	const [error, setError] = useState<string | null>(null);
	const load = useCallback(() => {
		if (!view)
			return;
		let current = true;
		api.call('pair.queue', {...view, offset, limit}).then(next => {
			if (current) {
				setPage(next);
				setError(null);
			}
		}, (failure: Error) => current && setError(failure.message));
		// A view changed while a read was under way: the older answer must not overwrite the newer.
		return () => {
			current = false;
		};
	}, [api, view, offset, limit]);
	const [version, setVersion] = useState(0);
	useEffect(load, [load, version]);
	useApiEvents(message => {
		if (message.event === 'pairs.changed')
			setVersion(next => next + 1);
	});
	return {page, error};
}
