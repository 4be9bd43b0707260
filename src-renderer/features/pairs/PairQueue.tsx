import {useEffect, useState} from 'react';
import type {PairView} from '../../../src-main/contract/curation';
import {useApi} from '../../api/ApiContext';
import {formError} from '../../api/formError';
import {NameForm} from '../../components/NameForm';
import {BulkActions} from './BulkActions';
import {PairFilterBar} from './PairFilterBar';
import {PairTable} from './PairTable';
import {PairTransfer} from './PairTransfer';
import {SavedViews} from './SavedViews';
import {PairStatusBar} from '../../components/PairStatusBar';
import {queuePageSize, usePairQueue} from '../../api/usePairQueue';
import {viewFilters} from './viewFilters';

export interface PairQueueProps {
	view: PairView;
	onViewChange(view: PairView): void;
	/** Who decides: empty until the user gave a name (bulk actions and imports wait for it). */
	labeller: string;
	onOpen(pairId: number): void;
}

/** The queue under a view: its filters, counts by status, bulk actions, export and import, saved views and a page of pairs. */
export function PairQueue({view, onViewChange, labeller, onOpen}: PairQueueProps) {
	const api = useApi();
	const [offset, setOffset] = useState(0);
	const {page, error} = usePairQueue(view, offset);
	const [nextError, setNextError] = useState<string | null>(null);
	// A new view starts at its first page.
	useEffect(() => setOffset(0), [view]);
	const filters = viewFilters(view);

	const labelNext = () => {
		setNextError(null);
		api.call('pair.next', view).then(next => {
			if (next.pairId === null)
				setNextError('No pending pair in this view.');
			else
				onOpen(next.pairId);
		}, (failure: unknown) => setNextError(formError(failure).message));
	};

	return (
		<div className="pairs-queue">
			<PairFilterBar view={view} onChange={onViewChange} rounds={page?.byRound ?? []}/>
			<div className="pairs-toolbar">
				<button type="button" className="pairs-primary" onClick={labelNext} disabled={page !== null && page.counts.pending === 0}>
					Label next{page ? ` (${page.counts.pending} pending)` : ''}
				</button>
				<SavedViews view={view} onOpen={onViewChange}/>
				{nextError && <span className="muted" role="status">{nextError}</span>}
			</div>
			{page && (
				<div className="pairs-counts" data-testid="pair-counts">
					<PairStatusBar label={`This view (${page.total})`} counts={page.counts}/>
					<PairStatusBar label="All pairs" counts={page.overall}/>
					{page.byRound.length > 1 && (
						<details>
							<summary>By round</summary>
							{page.byRound.map(round => <PairStatusBar key={round.roundId ?? 'none'} label={round.label} counts={round.counts}/>)}
						</details>
					)}
				</div>
			)}
			{labeller === '' && <NameForm why="decisions, bulk actions and imports record who took them"/>}
			<div className="pairs-toolbar">
				<BulkActions filters={filters} total={page?.total ?? 0} labeller={labeller}/>
				<PairTransfer filters={filters} labeller={labeller}/>
			</div>
			{error && <p className="error" role="alert">{error}</p>}
			<PairTable rows={page?.rows ?? []} view={view} onOpen={onOpen} onSort={(sort, direction) => onViewChange({...view, sort, direction})}/>
			{page && page.total > queuePageSize && (
				<div className="pairs-pager">
					<button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - queuePageSize))}>Previous</button>
					<span className="muted">{offset + 1}–{Math.min(page.total, offset + queuePageSize)} of {page.total}</span>
					<button type="button" disabled={offset + queuePageSize >= page.total} onClick={() => setOffset(offset + queuePageSize)}>Next</button>
				</div>
			)}
		</div>
	);
}
