import {useEffect, useState} from 'react';
import {SearchSettings, type SearchOutcome, type SearchSummary} from '../../../src-main/contract/search';
import {figure, seconds} from '../../lib/format';
import {progressLabel} from './progressLabel';
import {useSearchOutcome} from './useSearchOutcome';

type Row = [label: string, a: string, b: string];

const settingKeys = Object.keys(SearchSettings.shape) as (keyof SearchSettings)[];

/** The rows where two searches' settings and models differ. */
function settingRows(a: SearchSummary, b: SearchSummary): Row[] {
	const rows: Row[] = settingKeys
		.filter(key => a.settings[key] !== b.settings[key])
		.map(key => [key, String(a.settings[key]), String(b.settings[key])]);
	if (a.policyPath !== b.policyPath)
		rows.push(['policy', a.policyPath, b.policyPath]);
	if (a.ppmPath !== b.ppmPath)
		rows.push(['PPM', a.ppmPath ?? 'none', b.ppmPath ?? 'none']);
	return rows;
}

/** What each search came to, row by row. */
function outcomeRows(a: SearchSummary, b: SearchSummary, outcomeA: SearchOutcome | null, outcomeB: SearchOutcome | null): Row[] {
	const verdict = (search: SearchSummary) => `${search.answer ?? '—'}${search.correct === null ? '' : search.correct ? ' ✓' : ' ✗'}`;
	const of = (outcome: SearchOutcome | null, read: (outcome: SearchOutcome) => string) => outcome ? read(outcome) : '…';
	const both = (label: string, read: (outcome: SearchOutcome) => string): Row => [label, of(outcomeA, read), of(outcomeB, read)];
	return [
		['status', a.status, b.status],
		['answer', verdict(a), verdict(b)],
		['progress', progressLabel(a), progressLabel(b)],
		both('votes', outcome => outcome.votes.map(vote => `${vote.answer}×${vote.count}`).join(', ') || '—'),
		both('nodes', outcome => String(outcome.nodes.total)),
		both('correct answers', outcome => String(outcome.counts.correct)),
		both('wrong answers', outcome => String(outcome.counts.wrong)),
		both('pruned', outcome => String(outcome.counts.pruned)),
		both('tokens', outcome => figure(outcome.generatedTokens, 0)),
		both('time', outcome => seconds(outcome.timeMs.total))
	];
}

/**
 * Two searches of the problem side by side: the settings and models in which they differ, then their outcomes. The
 * open search is on the left; the right one is picked from the past searches.
 */
export function SearchCompare({searches, openId}: {searches: readonly SearchSummary[]; openId: number}) {
	const others = searches.filter(search => search.id !== openId);
	const [otherId, setOtherId] = useState<number | null>(others[0]?.id ?? null);
	useEffect(() => {
		if (otherId === null || !others.some(search => search.id === otherId))
			setOtherId(others[0]?.id ?? null);
	}, [others.map(search => search.id).join(), otherId]);
	const a = searches.find(search => search.id === openId);
	const b = others.find(search => search.id === otherId);
	const {outcome: outcomeA} = useSearchOutcome(a?.id ?? null, a?.status);
	const {outcome: outcomeB} = useSearchOutcome(b?.id ?? null, b?.status);

	if (!a || others.length === 0)
		return null;
	const differences = b ? settingRows(a, b) : [];
	return (
		<section className="search-compare" aria-label="Compare searches">
			<h3>Compare with another search</h3>
			<select value={otherId ?? ''} onChange={event => setOtherId(Number(event.target.value))} aria-label="Search to compare with">
				{others.map(search => <option key={search.id} value={search.id}>#{search.id} · {search.settings.preset ?? search.settings.mode} · seed {search.settings.seed} · {search.status}</option>)}
			</select>
			{b && (
				<table className="compare-table" data-testid="search-compare">
					<thead><tr><th/><th>#{a.id}</th><th>#{b.id}</th></tr></thead>
					<tbody>
						<tr className="compare-section"><th colSpan={3}>settings{differences.length === 0 ? ': the same' : ` (${differences.length} differ)`}</th></tr>
						{differences.map(([label, left, right]) => <tr key={label} className="compare-differs"><th>{label}</th><td>{left}</td><td>{right}</td></tr>)}
						<tr className="compare-section"><th colSpan={3}>outcome</th></tr>
						{outcomeRows(a, b, outcomeA, outcomeB).map(([label, left, right]) => (
							<tr key={label} className={left === right ? undefined : 'compare-differs'}><th>{label}</th><td>{left}</td><td>{right}</td></tr>
						))}
					</tbody>
				</table>
			)}
		</section>
	);
}
