import {accuracyMethods} from '../../../src-main/contract/evaluations';
import type {RoundReport} from '../../../src-main/contract/rounds';
import {percent} from '../../lib/format';
import {levelsOf} from './levelsOf';

type ReportRound = RoundReport['rounds'][number];

/**
 * One evaluated dataset across rounds: greedy pass@1 and the PPM-guided search per level; then the search's accuracy
 * against N trajectories by each way of picking the answer (mean over resamples).
 */
export function EvaluationTable({dataset, rounds, currentId}: {dataset: string; rounds: readonly ReportRound[]; currentId: number}) {
	const scored = rounds.flatMap(round => round.evaluation.filter(evaluation => evaluation.dataset === dataset).map(evaluation => ({round, evaluation})));
	const levels = levelsOf(scored.flatMap(({evaluation}) => [evaluation.greedy?.byLevel, evaluation.search?.byLevel]));
	const rowClass = (round: ReportRound) => round.id === currentId ? 'current' : undefined;
	const curves = scored.flatMap(({round, evaluation}) => (evaluation.search?.accuracyVsN?.points ?? []).map(point => ({round, point})));
	return (
		<>
			<table className="figures" aria-label={`Accuracy on ${dataset}`}>
				<caption>{dataset}: policy pass@1 (greedy) and PPM-guided search (Tables 3, 4, 6)</caption>
				<thead><tr><th>Round</th><th>Run</th>{levels.map(level => <th key={level}>{level}</th>)}<th>Overall</th></tr></thead>
				<tbody>{scored.flatMap(({round, evaluation}) => [
					<tr key={`${round.id}-greedy`} className={rowClass(round)}>
						<td>{round.number}</td><td>greedy</td>
						{levels.map(level => <td key={level}>{percent(evaluation.greedy?.byLevel[level])}</td>)}
						<td>{percent(evaluation.greedy?.overall)}</td>
					</tr>,
					...evaluation.search ? [
						<tr key={`${round.id}-search`} className={rowClass(round)}>
							<td>{round.number}</td><td>{evaluation.search.preset ?? 'search'} ({evaluation.search.answerSelection})</td>
							{levels.map(level => <td key={level}>{percent(evaluation.search!.byLevel[level])}</td>)}
							<td>{percent(evaluation.search.overall)}</td>
						</tr>
					] : []
				])}</tbody>
			</table>
			{curves.length > 0 && (
				<table className="figures" aria-label={`Accuracy against N on ${dataset}`}>
					<caption>{dataset}: the search's accuracy against N trajectories (mean over resamples)</caption>
					<thead><tr><th>Round</th><th>N</th>{accuracyMethods.map(method => <th key={method}>{method}</th>)}<th>fewer than N</th></tr></thead>
					<tbody>{curves.map(({round, point}) => (
						<tr key={`${round.id}-${point.n}`} className={rowClass(round)}>
							<td>{round.number}</td><td>{point.n}</td>
							{accuracyMethods.map(method => <td key={method}>{percent(point.overall.accuracy[method]?.mean)}</td>)}
							<td>{point.overall.fewerThanN} of {point.overall.problems}</td>
						</tr>
					))}</tbody>
				</table>
			)}
		</>
	);
}
