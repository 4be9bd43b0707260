import {useCallback, useEffect, useState} from 'react';
import type {Guidelines} from '../../../src-main/contract/curation';
import {useApi} from '../../api/ApiContext';

/** The current guidelines (null until read; `error` says why they could not be) and a way to save a new version. */
export function useGuidelines(): {guidelines: Guidelines | null; error: string | null; save(text: string, author: string): Promise<Guidelines>} {
	const api = useApi();
	const [guidelines, setGuidelines] = useState<Guidelines | null>(null);
	const [error, setError] = useState<string | null>(null);
	useEffect(() => {
		let current = true;
		api.call('guidelines.get', {}).then(read => current && setGuidelines(read), (failure: Error) => current && setError(failure.message));
		return () => {
			current = false;
		};
	}, [api]);
	const save = useCallback(async (text: string, author: string) => {
		const saved = await api.call('guidelines.set', {text, author});
		setGuidelines(saved);
		return saved;
	}, [api]);
	return {guidelines, error, save};
}
