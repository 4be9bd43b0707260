import {createContext, useContext, useEffect, useRef} from 'react';
import type {ApiEventMessage} from '../../src-main/contract/api';
import type {ApiClient} from './client';

const ApiContext = createContext<ApiClient | null>(null);

export const ApiProvider = ApiContext.Provider;

export function useApi(): ApiClient {
	const api = useContext(ApiContext);
	if (!api)
		throw new Error('useApi outside <ApiProvider>');
	return api;
}

/** Calls `listener` for every event pushed from the main side while the component is mounted. */
export function useApiEvents(listener: (message: ApiEventMessage) => void): void {
	const api = useApi();
	const latest = useRef(listener);
	latest.current = listener;
	useEffect(() => api.onEvent(message => latest.current(message)), [api]);
}
