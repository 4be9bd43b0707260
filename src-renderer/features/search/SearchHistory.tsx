import type {SearchSummary} from '../../../src-main/contract/search';
import {progressLabel} from './progressLabel';

export interface SearchHistoryProps {
	searches: readonly SearchSummary[];
	openId: number | null;
	onOpen(id: number): void;
	/** Loads a search's settings and models into the form. */
	onLoadSettings(search: SearchSummary): void;
}

/** Past searches of the current problem, newest first; one click reopens a search from the store, another loads its settings. */
export function SearchHistory({searches, openId, onOpen, onLoadSettings}: SearchHistoryProps) {
	if (searches.length === 0)
		return <p className="muted">No searches of this problem yet.</p>;
	return (
		<ul className="search-history" aria-label="Past searches">
			{searches.map(search => (
				<li key={search.id} className="history-entry">
					<button type="button" className={search.id === openId ? 'choice active' : 'choice'} onClick={() => onOpen(search.id)}>
						<span>#{search.id} · {search.settings.preset ?? search.settings.mode} · seed {search.settings.seed} · {progressLabel(search)} · {search.nodeCount} nodes</span>
						<span className={`status status-${search.status}`}>
							{search.status}{search.answer !== null ? ` · answer ${search.answer}` : ''}{search.correct === null ? '' : search.correct ? ' ✓' : ' ✗'}
						</span>
					</button>
					<button type="button" className="history-load" onClick={() => onLoadSettings(search)} title="Load this search's settings and models into the form"
						aria-label={`Load the settings of search #${search.id}`}>settings</button>
				</li>
			))}
		</ul>
	);
}
