import type {EvaluationReport, EvaluationSummary} from '../../../src-main/contract/evaluations';

/** A done evaluation with its report: what the charts draw. */
export interface ScoredEvaluation {
	evaluation: EvaluationSummary;
	report: EvaluationReport;
}
