import {useEffect, useState} from 'react';
import type {PairPage} from '../../../src-main/contract/curation';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {PairStatusBar} from '../../components/PairStatusBar';

/**
 * The "curate" step between extraction and training: the round's pairs in the curation queue (mined by its
 * extraction, and those made by hand on its searches) by status, live, with the way to the Pairs page filtered to
 * them. The round's PPM trains on their curated state when its stage starts.
 */
export function CurateStage({roundId, extracted}: {roundId: number; extracted: boolean}) {
	const api = useApi();
	const [page, setPage] = useState<PairPage | null>(null);
	const [version, setVersion] = useState(0);
	useApiEvents(message => {
		if (message.event === 'pairs.changed')
			setVersion(next => next + 1);
	});
	useEffect(() => {
		if (!extracted)
			return;
		let current = true;
		api.call('pair.queue', {roundId, limit: 1}).then(next => current && setPage(next), () => undefined);
		return () => {
			current = false;
		};
	}, [api, roundId, extracted, version]);

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
