import type {PairDecision} from '../../../src-main/contract/curation';

/** Every decision taken on a pair, newest first: who, when, what, and their note. */
export function DecisionHistory({decisions}: {decisions: readonly PairDecision[]}) {
	return (
		<section className="pairs-history" aria-label="Decision history">
			<h3>History ({decisions.length})</h3>
			{decisions.length === 0
				? <p className="muted">No decision yet.</p>
				: (
					<ul>
						{[...decisions].sort((a, b) => b.id - a.id).map(decision => (
							<li key={decision.id} data-testid="decision">
								<b>{decision.verdict}</b> by {decision.labeller} · {decision.createdAt.slice(0, 19).replace('T', ' ')} · {(decision.msSpent / 1000).toFixed(1)} s
								{decision.sampleId !== null && ` · sample ${decision.sampleId}`}
								{decision.note && <span className="muted"> · {decision.note}</span>}
							</li>
						))}
					</ul>
				)}
		</section>
	);
}
