import {useState} from 'react';
import type {RoundView} from '../../../src-main/contract/rounds';
import {RoundDetail} from './RoundDetail';
import {RoundForm} from './RoundForm';
import {RoundList} from './RoundList';
import {useDatasets} from '../../api/useDatasets';
import {useRounds} from './useRounds';

/**
 * Rounds: the self-evolution rounds as a pipeline. The rounds on the left (a new one, or the next of an evolution);
 * the open round's stages live in the middle, or the form that creates one.
 */
export function RoundsPage() {
	const {rounds, error, replace} = useRounds();
	const {datasets, error: datasetsError} = useDatasets();
	const [selectedId, setSelectedId] = useState<number | null>(null);
	/** The evolution a new round is being made for, while the form is open. */
	const [creating, setCreating] = useState<string | null>(null);

	// Until one is picked, the newest round is open; with none yet, the form.
	const selected = rounds?.find(round => round.id === selectedId) ?? rounds?.at(-1) ?? null;
	const formFor = creating ?? (rounds !== null && rounds.length === 0 ? 'evolution-1' : null);
	const evolutions = [...new Set((rounds ?? []).map(round => round.evolution))];
	const open = (round: RoundView) => {
		replace(round);
		setSelectedId(round.id);
		setCreating(null);
	};

	return (
		<div className="rounds-page">
			<aside className="rounds-side">
				<h1>Rounds</h1>
				<button type="button" className="new-round" onClick={() => setCreating(selected?.evolution ?? 'evolution-1')}>New round…</button>
				{error && <p className="error" role="alert">{error}</p>}
				{datasetsError && <p className="error" role="alert">{datasetsError}</p>}
				{rounds === null ? <p className="muted">loading…</p> : <RoundList rounds={rounds} selectedId={formFor === null ? selected?.id ?? null : null} onSelect={id => {
					setSelectedId(id);
					setCreating(null);
				}}/>}
			</aside>
			<section className="rounds-main">
				{formFor !== null
					? <RoundForm key={formFor} datasets={datasets} evolutions={evolutions} evolution={formFor} onCreated={open} onCancel={rounds !== null && rounds.length > 0 ? () => setCreating(null) : undefined}/>
					: selected
						? <RoundDetail key={selected.id} round={selected} datasets={datasets} onChange={replace} onNext={open}/>
						: <p className="muted">loading…</p>}
			</section>
		</div>
	);
}
