import {useEffect, useState} from 'react';
import type {RoundReport} from '../../../src-main/contract/rounds';
import {useApi} from '../../api/ApiContext';

/** An evolution's per-round tables (`round.report`), fetched again whenever `version` changes (a stage recorded its result). */
export function useRoundReport(evolution: string, version: string): {report: RoundReport | null; error: string | null} {
	const api = useApi();
	const [report, setReport] = useState<RoundReport | null>(null);
	const [error, setError] = useState<string | null>(null);
	useEffect(() => {
		let current = true;
		api.call('round.report', {evolution}).then(next => {
			if (current) {
				setReport(next);
				setError(null);
			}
		}, (failure: Error) => current && setError(failure.message));
		return () => {
			current = false;
		};
	}, [api, evolution, version]);
	return {report, error};
}
