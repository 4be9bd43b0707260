import {pairStatuses, type PairCounts} from '../../src-main/contract/curation';
import {pairStatusColours} from '../lib/pairStatusColours';

/** Pairs by status as one stacked bar, with the counts beside it; `label` names the set (filtered, overall, a round). */
export function PairStatusBar({label, counts}: {label: string; counts: PairCounts}) {
	const total = pairStatuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
	const judged = total - (counts.pending ?? 0);
	return (
		<div className="pairs-status" role="group" aria-label={`${label} by status`}>
			<span className="pairs-status-label">{label}</span>
			<div className="pairs-status-bar" role="progressbar" aria-label={`${label} judged`} aria-valuemin={0} aria-valuemax={total} aria-valuenow={judged}>
				{pairStatuses.filter(status => (counts[status] ?? 0) > 0).map(status => (
					<div key={status} title={`${status}: ${counts[status]}`} style={{flexGrow: counts[status], background: pairStatusColours[status]}}/>
				))}
			</div>
			<span className="pairs-status-counts" data-testid="status-counts">
				{judged} of {total} judged{pairStatuses.filter(status => status !== 'pending' && (counts[status] ?? 0) > 0).map(status => ` · ${status} ${counts[status]}`).join('')}
			</span>
		</div>
	);
}
