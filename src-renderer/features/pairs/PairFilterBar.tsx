import {pairSources, pairStatuses, type PairView} from '../../../src-main/contract/curation';
import {useDatasets} from '../../api/useDatasets';

type NumberKey = 'roundId' | 'datasetId' | 'problemId' | 'searchId' | 'depthMin' | 'depthMax' | 'marginMin' | 'marginMax' | 'editDistanceMin' | 'editDistanceMax';

/** The numeric filters typed into a field: each with its label and whether it takes fractions. */
const numberFields: readonly {key: NumberKey; label: string; step?: string}[] = [
	{key: 'problemId', label: 'problem'},
	{key: 'searchId', label: 'search'},
	{key: 'depthMin', label: 'depth ≥'},
	{key: 'depthMax', label: 'depth ≤'},
	{key: 'marginMin', label: 'margin ≥', step: '0.05'},
	{key: 'marginMax', label: 'margin ≤', step: '0.05'},
	{key: 'editDistanceMin', label: 'edit distance ≥'},
	{key: 'editDistanceMax', label: 'edit distance ≤'}
];

export interface PairFilterBarProps {
	view: PairView;
	onChange(view: PairView): void;
	/** The rounds the queue holds pairs of, for the round filter. */
	rounds: readonly {roundId: number | null; label: string}[];
}

/** Every filter of the queue; an empty field or "any" leaves its filter out. */
export function PairFilterBar({view, onChange, rounds}: PairFilterBarProps) {
	const {datasets} = useDatasets();
	/** Sets (or, given undefined, drops) one filter. */
	const set = <K extends keyof PairView>(key: K, value: PairView[K] | undefined) => {
		const next = {...view};
		if (value === undefined)
			delete next[key];
		else
			next[key] = value;
		onChange(next);
	};
	const number = (text: string, integer: boolean) => {
		const value = integer ? Number.parseInt(text, 10) : Number.parseFloat(text);
		return Number.isFinite(value) ? value : undefined;
	};

	return (
		<div className="filters pairs-filters" role="group" aria-label="Queue filters">
			<select aria-label="round" value={view.roundId ?? ''} onChange={event => set('roundId', number(event.target.value, true))}>
				<option value="">any round</option>
				{rounds.filter(round => round.roundId !== null).map(round => <option key={round.roundId} value={round.roundId!}>{round.label}</option>)}
			</select>
			<select aria-label="dataset" value={view.datasetId ?? ''} onChange={event => set('datasetId', number(event.target.value, true))}>
				<option value="">any dataset</option>
				{datasets.map(dataset => <option key={dataset.id} value={dataset.id}>{dataset.name}</option>)}
			</select>
			<input type="text" aria-label="level" placeholder="level" className="pairs-filter-short" value={view.level ?? ''}
				onChange={event => set('level', event.target.value || undefined)}/>
			<select aria-label="source" value={view.source ?? ''} onChange={event => set('source', (event.target.value || undefined) as PairView['source'])}>
				<option value="">any source</option>
				{pairSources.map(source => <option key={source} value={source}>{source}</option>)}
			</select>
			<select aria-label="status" value={view.status ?? ''} onChange={event => set('status', (event.target.value || undefined) as PairView['status'])}>
				<option value="">any status</option>
				{pairStatuses.map(status => <option key={status} value={status}>{status}</option>)}
			</select>
			<input type="text" aria-label="labeller" placeholder="labeller" className="pairs-filter-short" value={view.labeller ?? ''}
				onChange={event => set('labeller', event.target.value || undefined)}/>
			<select aria-label="PPM" value={view.ppm ?? ''} onChange={event => set('ppm', (event.target.value || undefined) as PairView['ppm'])}>
				<option value="">PPM: any</option>
				<option value="agrees">PPM agrees</option>
				<option value="disagrees">PPM disagrees</option>
				<option value="none">no PPM scores</option>
			</select>
			<select aria-label="flagged" value={view.flagged === undefined ? '' : String(view.flagged)}
				onChange={event => set('flagged', event.target.value === '' ? undefined : event.target.value === 'true')}>
				<option value="">flagged or not</option>
				<option value="true">problem flagged bad</option>
				<option value="false">not flagged</option>
			</select>
			{numberFields.map(field => (
				<label key={field.key} className="pairs-filter-number">
					{field.label}
					<input type="number" step={field.step ?? '1'} value={view[field.key] ?? ''}
						onChange={event => set(field.key, number(event.target.value, field.step === undefined))}/>
				</label>
			))}
			<button type="button" onClick={() => onChange({sort: view.sort, direction: view.direction})}>Clear filters</button>
		</div>
	);
}
