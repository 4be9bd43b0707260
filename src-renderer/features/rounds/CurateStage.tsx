import {useMemo} from 'react';
import {usePairQueue} from '../../api/usePairQueue';
import {PairStatusBar} from '../../components/PairStatusBar';

/**
 * The "curate" step between extraction and training: the round's pairs in the curation queue (mined by its
 * extraction, and those made by hand on its searches) by status, live, with the way to the Pairs page filtered to
 * them. The round's PPM trains on their curated state when its stage starts.
 */
export function CurateStage({roundId, extracted}: {roundId: number; extracted: boolean}) {
	// The view is kept while the round and its state stay: a new object each render would read the queue each render.
	const view = useMemo(() => extracted ? {sort: 'id' as const, direction: 'asc' as const, roundId} : null, [extracted, roundId]);
	const {page} = usePairQueue(view, 0, 1);

	return (
		<li className="stage stage-curate" aria-label="Stage curate" data-testid="stage-curate">
			<div className="stage-head">
				<strong className="stage-title">curate</strong>
				<span className="stage-status muted">{!extracted || !page ? 'after extract' : `${page.total} pair${page.total === 1 ? '' : 's'} in the queue`}</span>
				{extracted && page && page.total > 0 && <PairStatusBar label="this round" counts={page.counts}/>}
				<span className="stage-fill muted small">
					{extracted && <><a href={`#/pairs?roundId=${roundId}`}>Curate this round's pairs</a>: </>}
					accept, reject, swap or edit them on the Pairs page (pairs made on the Search page for its searches are
					here too); the PPM trains on their curated state when its stage starts.
				</span>
			</div>
		</li>
	);
}
