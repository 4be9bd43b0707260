import type {PairSortColumn, PairView, QueuePair} from '../../../src-main/contract/curation';
import {pairStatusColours} from '../../lib/pairStatusColours';

/** The table's columns in the order shown, each sorted by its contract column. */
const columns: readonly {sort: PairSortColumn; label: string; cell(pair: QueuePair): string}[] = [
	{sort: 'id', label: '#', cell: pair => String(pair.id)},
	{sort: 'round', label: 'round', cell: pair => pair.roundLabel ?? pair.source},
	{sort: 'dataset', label: 'dataset', cell: pair => pair.datasetName ?? '—'},
	{sort: 'level', label: 'level', cell: pair => pair.level ?? '—'},
	{sort: 'problem', label: 'problem', cell: pair => pair.problemId === null ? '—' : String(pair.problemId)},
	{sort: 'depth', label: 'depth', cell: pair => pair.depth === null ? '—' : String(pair.depth)},
	{sort: 'margin', label: 'margin', cell: pair => pair.margin === null ? '—' : pair.margin.toFixed(2)},
	{sort: 'editDistance', label: 'edit', cell: pair => String(pair.editDistance)},
	{sort: 'ppmMargin', label: 'PPM Δ', cell: pair => pair.ppmChosen === null || pair.ppmRejected === null ? '—' : (pair.ppmChosen - pair.ppmRejected).toFixed(2)},
	{sort: 'status', label: 'status', cell: pair => pair.status},
	{sort: 'labeller', label: 'labeller', cell: pair => pair.labeller ?? ''},
	{sort: 'decidedAt', label: 'decided', cell: pair => pair.decidedAt?.slice(5, 16).replace('T', ' ') ?? ''}
];

export interface PairTableProps {
	rows: readonly QueuePair[];
	view: PairView;
	onSort(sort: PairSortColumn, direction: 'asc' | 'desc'): void;
	onOpen(pairId: number): void;
}

/** A page of the queue; a header click sorts by its column (again: the other way); a row opens the pair. */
export function PairTable({rows, view, onSort, onOpen}: PairTableProps) {
	return (
		<div className="pairs-table" role="table" aria-label="Pairs">
			<div className="pairs-row pairs-head" role="row">
				{columns.map(column => (
					<button key={column.sort} type="button" role="columnheader" className={`pairs-sort pairs-col-${column.sort}`}
						aria-sort={view.sort === column.sort ? (view.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
						onClick={() => onSort(column.sort, view.sort === column.sort && view.direction === 'asc' ? 'desc' : 'asc')}>
						{column.label}{view.sort === column.sort ? (view.direction === 'asc' ? ' ▲' : ' ▼') : ''}
					</button>
				))}
				<span role="columnheader">chosen ≻ rejected</span>
			</div>
			<div className="pairs-body">
				{rows.map(pair => (
					<div key={pair.id} role="row" tabIndex={0} className="pairs-row" data-testid="pair-row"
						onClick={() => onOpen(pair.id)} onKeyDown={event => event.key === 'Enter' && onOpen(pair.id)}>
						{columns.map(column => (
							<span key={column.sort} role="cell" className={column.sort === 'status' ? 'pairs-status-cell' : `pairs-col-${column.sort}`}
								style={column.sort === 'status' ? {borderLeftColor: pairStatusColours[pair.status]} : undefined}>
								{column.cell(pair)}{column.sort === 'id' && pair.flagged ? ' ⚑' : ''}
							</span>
						))}
						<span role="cell" className="pairs-preview" title={`${pair.chosenPreview}\n≻\n${pair.rejectedPreview}`}>
							{pair.chosenPreview} <b>≻</b> {pair.rejectedPreview}
						</span>
					</div>
				))}
				{rows.length === 0 && <p className="muted pairs-empty">No pair matches these filters.</p>}
			</div>
		</div>
	);
}
