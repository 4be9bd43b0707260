import {accuracyMethods} from '../../../src-main/contract/evaluations';
import type {RoundReport} from '../../../src-main/contract/rounds';
import {percent} from '../../lib/format';
import {levelsOf} from './levelsOf';

type ReportRound = RoundReport['rounds'][number];

/** One evaluated dataset across rounds: greedy pass@1 and the PPM-guided search, per level, and accuracy against N. */
export function EvaluationTable({dataset, rounds, currentId}: {dataset: string; rounds: readonly ReportRound[]; currentId: number}) {
	const scored = rounds.flatMap(round => round.evaluation.filter(evaluation => evaluation.dataset === dataset).map(evaluation => ({round, evaluation})));
	const levels = levelsOf(scored.flatMap(({evaluation}) => [evaluation.greedy?.byLevel, evaluation.search?.byLevel]));
	const ns = [...new Set(scored.flatMap(({evaluation}) => evaluation.search?.accuracyVsN?.points.map(point => point.n) ?? []))].sort((a, b) => a - b);
	return (
		<table className="figures" aria-label={`Accuracy on ${dataset}`}>
			<caption>{dataset}: policy pass@1 (greedy) and PPM-guided search (Tables 3, 4, 6)</caption>
			<thead>
				<tr><th>Round</th><th>Run</th>{levels.map(level => <th key={level}>{level}</th>)}<th>Overall</th>{ns.map(n => <th key={n} title={`accuracy with N = ${n} trajectories, %: ${accuracyMethods.join(' / ')} (mean over resamples)`}>N={n}</th>)}</tr>
			</thead>
			<tbody>{scored.flatMap(({round, evaluation}) => [
				<tr key={`${round.id}-greedy`} className={round.id === currentId ? 'current' : undefined}>
					<td>{round.number}</td><td>greedy</td>
					{levels.map(level => <td key={level}>{percent(evaluation.greedy?.byLevel[level])}</td>)}
					<td>{percent(evaluation.greedy?.overall)}</td>
					{ns.map(n => <td key={n}/>)}
				</tr>,
				...evaluation.search ? [
					<tr key={`${round.id}-search`} className={round.id === currentId ? 'current' : undefined}>
						<td>{round.number}</td><td>{evaluation.search.preset ?? 'search'} ({evaluation.search.answerSelection})</td>
						{levels.map(level => <td key={level}>{percent(evaluation.search!.byLevel[level])}</td>)}
						<td>{percent(evaluation.search.overall)}</td>
						{ns.map(n => {
							const point = evaluation.search!.accuracyVsN?.points.find(candidate => candidate.n === n);
							return <td key={n}>{point ? accuracyMethods.map(method => wholePercent(point.overall.accuracy[method]?.mean)).join(' / ') : ''}</td>;
						})}
					</tr>
				] : []
			])}</tbody>
			{ns.length > 0 && <tfoot><tr><td colSpan={3 + levels.length + ns.length} className="muted">N = n: accuracy (%) with n trajectories by {accuracyMethods.join(' / ')}, mean over resamples</td></tr></tfoot>}
		</table>
	);
}

const wholePercent = (rate: number | undefined) => rate === undefined ? '—' : (rate * 100).toFixed(0);
