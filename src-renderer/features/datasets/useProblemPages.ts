import {useCallback, useEffect, useRef, useState} from 'react';
import type {ApiParams} from '../../../src-main/contract/api';
import type {ProblemSummary} from '../../../src-main/contract/datasets';
import {useApi} from '../../api/ApiContext';

export const pageSize = 100;

/** What `problem.list` takes, less the page (defaults may be left out). */
export type ProblemFilter = Omit<ApiParams<'problem.list'>, 'offset' | 'limit'>;

/**
 * The rows of a filtered problem list, fetched a page at a time as the table scrolls to them. A new filter starts
 * a new generation, so late answers for an old filter are dropped.
 */
export function useProblemPages(filter: ProblemFilter, refreshKey: unknown) {
	const api = useApi();
	const [total, setTotal] = useState<number | null>(null);
	const [rows, setRows] = useState<Map<number, ProblemSummary>>(new Map());
	const [error, setError] = useState<string | null>(null);
	const requested = useRef(new Set<number>());
	const generation = useRef(0);
	const filterKey = JSON.stringify(filter);

	const loadPage = useCallback((page: number) => {
		if (requested.current.has(page))
			return;
		requested.current.add(page);
		const mine = generation.current;
		api.call('problem.list', {...(JSON.parse(filterKey) as ProblemFilter), offset: page * pageSize, limit: pageSize}).then(result => {
			if (mine !== generation.current)
				return;
			setTotal(result.total);
			setRows(previous => {
				const next = new Map(previous);
				result.rows.forEach((row, i) => next.set(result.offset + i, row));
				return next;
			});
		}, (failure: Error) => {
			if (mine === generation.current)
				setError(failure.message);
		});
	}, [api, filterKey]);

	useEffect(() => {
		generation.current++;
		requested.current = new Set();
		setRows(new Map());
		setTotal(null);
		setError(null);
		loadPage(0);
	}, [loadPage, refreshKey]);

	/** Makes sure the rows from `first` to `last` are (being) loaded. */
	const ensureRange = useCallback((first: number, last: number) => {
		for (let page = Math.floor(first / pageSize); page <= Math.floor(last / pageSize); page++)
			loadPage(page);
	}, [loadPage]);

	return {total, rows, error, ensureRange};
}
