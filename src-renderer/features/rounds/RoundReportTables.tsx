import type {RoundReport} from '../../../src-main/contract/rounds';
import {levelsOf} from './levelsOf';
import {duration, figure, percent} from '../../lib/format';
import {EvaluationTable} from './EvaluationTable';

type ReportRound = RoundReport['rounds'][number];

/**
 * An evolution's tables, one row per round: the search's solve rate per level (rStar-Math Table 2), the data it gave,
 * the models trained, and their scores per evaluated dataset — greedy pass@1 and PPM-guided (Tables 3, 4, 6).
 */
export function RoundReportTables({report, currentId}: {report: RoundReport; currentId: number}) {
	const {rounds} = report;
	const searchLevels = levelsOf(rounds.map(round => round.search?.byLevel));
	const datasets = [...new Set(rounds.flatMap(round => round.evaluation.map(evaluation => evaluation.dataset)))];
	const rowClass = (round: ReportRound) => round.id === currentId ? 'current' : undefined;
	return (
		<div className="report-tables">
			<table className="figures" aria-label="Search solve rate per level">
				<caption>Search: problems with a right answer found (Table 2)</caption>
				<thead><tr><th>Round</th><th>Searched with</th>{searchLevels.map(level => <th key={level}>{level}</th>)}<th>Overall</th><th>Nodes</th><th>Time / solved</th></tr></thead>
				<tbody>{rounds.map(round => (
					<tr key={round.id} className={rowClass(round)}>
						<td>{round.number}</td>
						<td>{round.searchedWith.preset ?? 'custom'} · {round.searchedWith.qMode}{round.searchedWith.ppmPath ? ' + PPM' : ''}</td>
						{searchLevels.map(level => <td key={level}>{round.search?.byLevel[level] ? `${percent(round.search.byLevel[level].rate)} (${round.search.byLevel[level].found}/${round.search.byLevel[level].problems})` : '—'}</td>)}
						<td>{round.search ? percent(round.search.overall.rate) : '—'}</td>
						<td>{figure(round.search?.nodes)}</td>
						<td>{duration(round.search?.secondsPerSolved)}</td>
					</tr>
				))}</tbody>
			</table>
			<table className="figures" aria-label="Data and models per round">
				<caption>Data extracted and models trained</caption>
				<thead><tr><th>Round</th><th>SFT rows</th><th>PPM pairs</th><th>of them by hand</th><th>Policy steps</th><th>Final loss</th><th>PPM steps</th><th>PPM held-out pairwise acc.</th></tr></thead>
				<tbody>{rounds.map(round => (
					<tr key={round.id} className={rowClass(round)}>
						<td>{round.number}</td>
						<td>{figure(round.extraction?.sftRows)}</td>
						<td>{figure(round.extraction?.pairRows)}</td>
						<td>{figure(round.extraction?.handPairs)}</td>
						<td>{figure(round.policy?.steps)}</td>
						<td>{figure(round.policy?.finalLoss)}</td>
						<td>{figure(round.ppm?.steps)}</td>
						<td>{percent(round.ppm?.heldOutPairwiseAccuracy)}</td>
					</tr>
				))}</tbody>
			</table>
			{datasets.map(dataset => <EvaluationTable key={dataset} dataset={dataset} rounds={rounds} currentId={currentId}/>)}
		</div>
	);
}
