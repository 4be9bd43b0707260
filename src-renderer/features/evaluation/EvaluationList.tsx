import type {EvaluationSummary} from '../../../src-main/contract/evaluations';

export interface EvaluationListProps {
	evaluations: readonly EvaluationSummary[];
	selected: readonly number[];
	onToggle(evaluationId: number): void;
}

/** Evaluations, newest first: what each scored and how it ended; tick several to compare them in the charts. */
export function EvaluationList({evaluations, selected, onToggle}: EvaluationListProps) {
	if (evaluations.length === 0)
		return <p className="muted">No evaluations yet: start one with the form.</p>;
	return (
		<div className="evaluation-list">
			<table aria-label="Evaluations">
				<thead>
					<tr><th/><th>#</th><th>dataset</th><th>round</th><th>kind</th><th>models</th><th>status</th><th className="number">rate</th></tr>
				</thead>
				<tbody>
					{evaluations.map(evaluation => (
						<tr key={evaluation.id} className={selected.includes(evaluation.id) ? 'selected' : undefined} onClick={() => onToggle(evaluation.id)}>
							<td><input type="checkbox" checked={selected.includes(evaluation.id)} onChange={() => onToggle(evaluation.id)}
								onClick={event => event.stopPropagation()} aria-label={`compare evaluation ${evaluation.id}`}/></td>
							<td className="muted">{evaluation.id}</td>
							<td>{evaluation.dataset}</td>
							<td>{evaluation.round ?? <span className="muted">none</span>}</td>
							<td>{evaluation.kind}</td>
							<td className="models" title={[evaluation.policyPath, evaluation.ppmPath].filter(Boolean).join('\n')}>
								{fileName(evaluation.policyPath)}{evaluation.ppmPath && <> + {fileName(evaluation.ppmPath)}</>}
							</td>
							<td className={`status-${evaluation.status}`}>{evaluation.status}</td>
							<td className="number">{evaluation.rate === null ? '' : `${(evaluation.rate * 100).toFixed(1)} %`}
								{evaluation.problems !== null && <span className="muted"> of {evaluation.problems}</span>}</td>
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}

function fileName(path: string): string {
	return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}
