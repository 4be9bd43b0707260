import {useEffect, useState} from 'react';
import type {ApiEvent, ApiMethod, ApiParams, ApiResult} from '../../src-main/contract/api';
import {useApi, useApiEvents} from './ApiContext';

/**
 * A call's result, called again whenever one of `refreshOn` arrives; null until the first answer. `error` says why the
 * latest call failed (the last result stays shown).
 */
export function useLiveResult<M extends ApiMethod>(method: M, params: ApiParams<M>, refreshOn: readonly ApiEvent[]): {result: ApiResult<M> | null; error: string | null} {
	const api = useApi();
	const [result, setResult] = useState<ApiResult<M> | null>(null);
	const [error, setError] = useState<string | null>(null);
	const [version, setVersion] = useState(0);
	// Params by value: a caller's object literal is new at every render.
	const key = JSON.stringify(params);
	useEffect(() => {
		api.call(method, JSON.parse(key) as ApiParams<M>).then(next => {
			setResult(next);
			setError(null);
		}, (failure: Error) => setError(failure.message));
	}, [api, method, key, version]);
	useApiEvents(message => {
		if (refreshOn.includes(message.event))
			setVersion(next => next + 1);
	});
	return {result, error};
}
