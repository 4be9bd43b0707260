import type {RoundReport} from '../../../src-main/contract/rounds';
import {EvaluationTable} from './EvaluationTable';

/** The evaluate stage's result: this round's scores on each dataset it was evaluated on. */
export function EvaluationFigures({report, roundId}: {report: RoundReport; roundId: number}) {
	const rounds = report.rounds.filter(round => round.id === roundId);
	const datasets = rounds.flatMap(round => round.evaluation.map(evaluation => evaluation.dataset));
	return (
		<div className="stage-panel report-tables" data-testid="evaluation-figures">
			{datasets.length === 0
				? <p className="muted">No dataset was set for this round's evaluation.</p>
				: datasets.map(dataset => <EvaluationTable key={dataset} dataset={dataset} rounds={rounds} currentId={roundId}/>)}
		</div>
	);
}
