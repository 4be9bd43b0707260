import type {SearchSummary} from '../../../src-main/contract/search';

/** Past searches of the current problem, newest first; one click reopens a search from the store. */
export function SearchHistory({searches, openId, onOpen}: {searches: readonly SearchSummary[]; openId: number | null; onOpen(id: number): void}) {
	if (searches.length === 0)
		return <p className="muted">No searches of this problem yet.</p>;
	return (
		<ul className="search-history" aria-label="Past searches">
			{searches.map(search => (
				<li key={search.id}>
					<button type="button" className={search.id === openId ? 'choice active' : 'choice'} onClick={() => onOpen(search.id)}>
						<span>#{search.id} · {search.settings.mode} · seed {search.settings.seed} · {search.completedRollouts}/{search.settings.rollouts} rollouts · {search.nodeCount} nodes</span>
						<span className={`status status-${search.status}`}>
							{search.status}{search.answer !== null ? ` · answer ${search.answer}` : ''}{search.correct === null ? '' : search.correct ? ' ✓' : ' ✗'}
						</span>
					</button>
				</li>
			))}
		</ul>
	);
}
