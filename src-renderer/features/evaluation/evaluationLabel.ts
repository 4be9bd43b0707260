import type {EvaluationSummary} from '../../../src-main/contract/evaluations';

/**
 * How the charts name an evaluation: its round (or its number) and kind, and its dataset where the chart holds
 * several ("tiny/2 search", "#4 MATH500 greedy").
 */
export function evaluationLabel(evaluation: EvaluationSummary, withDataset: boolean): string {
	return `${evaluation.round ?? `#${evaluation.id}`}${withDataset ? ` ${evaluation.dataset}` : ''} ${evaluation.kind}`;
}
