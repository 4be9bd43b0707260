import {useState} from 'react';
import type {SearchPairs} from './useSearchPairs';

/** The hand-made pairs of the open search, each with who made it and an undo; a click on a pair selects its chosen step. */
export function PairList({pairs, onSelect}: {pairs: SearchPairs; onSelect(nodeId: number): void}) {
	const [failure, setFailure] = useState<string | null>(null);
	return (
		<section className="pair-list" aria-label="Pairs of this search">
			<h3>Pairs of this search ({pairs.pairs.length})</h3>
			{pairs.pairs.length === 0
				? <p className="muted">None yet: compare a step with a sibling and prefer one.</p>
				: (
					<ul>
						{pairs.pairs.map(pair => (
							<li key={pair.id} data-testid="pair-entry">
								<button type="button" className="link" onClick={() => onSelect(pair.chosenId)}>
									#{pair.id}: step #{pair.chosenId} (Q {pair.chosenQ.toFixed(2)}) ≻ #{pair.rejectedId} (Q {pair.rejectedQ.toFixed(2)})
								</button>
								<span className="muted"> by {pair.author}{pair.note ? ` · ${pair.note}` : ''}</span>
								<button type="button" className="pair-undo" aria-label={`Undo pair #${pair.id}`} onClick={() => {
									setFailure(null);
									pairs.undo(pair.id).catch((error: Error) => setFailure(error.message));
								}}>Undo</button>
							</li>
						))}
					</ul>
				)}
			{(failure ?? pairs.error) && <p className="error" role="alert">{failure ?? pairs.error}</p>}
		</section>
	);
}
