/**
 * The "curate" step between extraction and training, as far as it exists: pairs made by hand on the Search page (a
 * step preferred to its sibling) are included in the round's data. A curation queue is not built yet; this says so.
 */
export function CurateNote({handPairs}: {handPairs: number | null}) {
	return (
		<li className="stage stage-curate" aria-label="Stage curate" data-testid="stage-curate">
			<div className="stage-head">
				<strong className="stage-title">curate</strong>
				<span className="stage-status muted">{handPairs === null ? 'after extract' : `${handPairs} hand-made pair${handPairs === 1 ? '' : 's'}`}</span>
				<span className="stage-fill muted small">
					Pairs you make on the <a href="#/search">Search page</a> (compare a step with its sibling, then “Prefer”) for this round's searches
					are included in its PPM data as they are, beside the mined ones; the count is the extraction's. There is no curation queue yet.
				</span>
			</div>
		</li>
	);
}
