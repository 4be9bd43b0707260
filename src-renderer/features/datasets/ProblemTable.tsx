import {useVirtualizer} from '@tanstack/react-virtual';
import {useEffect, useRef, useState} from 'react';
import type {DatasetSummary} from '../../../src-main/contract/datasets';
import {useApiEvents} from '../../api/ApiContext';
import {useProblemPages, type ProblemFilter} from './useProblemPages';

export type ProblemFilters = Pick<ProblemFilter, 'datasetId' | 'level' | 'hasAnswer' | 'text' | 'literal'>;

interface ProblemTableProps {
	datasets: DatasetSummary[];
	levels: string[];
	filters: ProblemFilters;
	onFiltersChange(filters: ProblemFilters): void;
	selected: number | null;
	onOpen(problemId: number): void;
}

const rowHeight = 34;

/** Every problem that matches the filters, in a virtualised table: only the visible rows exist in the DOM. */
export function ProblemTable({datasets, levels, filters, onFiltersChange, selected, onOpen}: ProblemTableProps) {
	const [text, setText] = useState(filters.text ?? '');
	const [refreshKey, setRefreshKey] = useState(0);
	useApiEvents(message => {
		if (message.event === 'dataset.imported' || message.event === 'dataset.deleted' || message.event === 'dataset.renamed')
			setRefreshKey(key => key + 1);
	});
	// Typing searches after a pause, not on every key.
	useEffect(() => {
		const timer = setTimeout(() => {
			if ((filters.text ?? '') !== text)
				onFiltersChange({...filters, text: text || undefined});
		}, 250);
		return () => clearTimeout(timer);
	}, [text, filters, onFiltersChange]);

	const {total, rows, error, ensureRange} = useProblemPages(filters, refreshKey);
	const scroller = useRef<HTMLDivElement>(null);
	const virtualizer = useVirtualizer({
		count: total ?? 0,
		getScrollElement: () => scroller.current,
		estimateSize: () => rowHeight,
		overscan: 20
	});
	const items = virtualizer.getVirtualItems();
	const first = items[0]?.index ?? 0;
	const last = items.at(-1)?.index ?? 0;
	useEffect(() => ensureRange(first, last), [first, last, ensureRange]);

	return (
		<div className="problem-table">
			<div className="filters" role="search">
				<input type="search" placeholder={filters.literal ? 'Exact text, e.g. \\frac{1}{2}…' : 'Search question text…'} value={text}
					onChange={event => setText(event.target.value)} aria-label="Search problems" data-testid="problem-search"/>
				<label className="check" title="Find the text exactly as typed (LaTeX included, case counts) instead of as words">
					<input type="checkbox" checked={filters.literal ?? false} onChange={event => onFiltersChange({...filters, literal: event.target.checked || undefined})}/>
					<span>Exact text</span>
				</label>
				<select value={filters.datasetId ?? ''} aria-label="Dataset"
					onChange={event => onFiltersChange({...filters, datasetId: event.target.value ? Number(event.target.value) : undefined, level: undefined})}>
					<option value="">All datasets</option>
					{datasets.map(dataset => <option key={dataset.id} value={dataset.id}>{dataset.name}</option>)}
				</select>
				<select value={filters.level ?? ''} aria-label="Level" disabled={levels.length === 0}
					onChange={event => onFiltersChange({...filters, level: event.target.value || undefined})}>
					<option value="">{levels.length === 0 ? 'No levels' : 'All levels'}</option>
					{levels.map(level => <option key={level} value={level}>{level}</option>)}
				</select>
				<select value={filters.hasAnswer === undefined ? '' : String(filters.hasAnswer)} aria-label="Ground truth"
					onChange={event => onFiltersChange({...filters, hasAnswer: event.target.value === '' ? undefined : event.target.value === 'true'})}>
					<option value="">With or without answer</option>
					<option value="true">Has ground truth</option>
					<option value="false">No ground truth</option>
				</select>
				<span className="count" data-testid="problem-count">{total === null ? '…' : `${total.toLocaleString()} problem${total === 1 ? '' : 's'}`}</span>
			</div>
			{error && <p className="error" role="alert">{error}</p>}
			<div className="table-head" role="row">
				<span className="col-dataset">Dataset</span>
				<span className="col-index">#</span>
				<span className="col-question">Question</span>
				<span className="col-answer">Answer</span>
				<span className="col-level">Level</span>
			</div>
			<div ref={scroller} className="table-body" role="table" aria-rowcount={total ?? 0}>
				<div style={{height: virtualizer.getTotalSize(), position: 'relative'}}>
					{items.map(item => {
						const row = rows.get(item.index);
						return (
							<div key={item.key} role="row" aria-rowindex={item.index + 1}
								className={row && row.id === selected ? 'table-row selected' : 'table-row'}
								style={{position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${item.start}px)`}}
								onClick={() => row && onOpen(row.id)} data-testid="problem-row">
								{row
									? <>
										<span className="col-dataset">{row.datasetName}</span>
										<span className="col-index">{row.sourceIndex ?? row.ordinal}</span>
										<span className="col-question">{row.question}</span>
										<span className="col-answer">{row.answers.length === 0 ? <em className="muted">none</em> : row.answers.join(' | ')}</span>
										<span className="col-level">{row.level ?? ''}</span>
									</>
									: <span className="col-question muted">loading…</span>}
							</div>
						);
					})}
				</div>
			</div>
		</div>
	);
}
