import {finishReasons} from '../../../src-main/contract/curation';
import {reasonLabels} from './labelKeys';

/** Why the labeller stops here; the number keys pick a reason (the labelling view reads them), Escape cancels. */
export function FinishDialog({firstWrong, failure, onPick, onCancel}: {
	/** The first wrong step's position (1-based) as marked, or null. */
	firstWrong: number | null;
	failure: string | null;
	onPick(reason: (typeof finishReasons)[number]): void;
	onCancel(): void;
}) {
	return (
		<div className="finish-dialog" role="dialog" aria-label="Finish the trajectory">
			<h2>Finish the trajectory</h2>
			<p className="muted">{firstWrong === null ? 'No first wrong step marked.' : `First wrong step: step ${firstWrong}.`}</p>
			<div className="finish-reasons">
				{finishReasons.map((reason, i) => (
					<button key={reason} type="button" onClick={() => onPick(reason)}><kbd>{i + 1}</kbd> {reasonLabels[reason]}</button>
				))}
			</div>
			<button type="button" onClick={onCancel}><kbd>Esc</kbd> Cancel</button>
			{failure && <p className="error" role="alert">{failure}</p>}
		</div>
	);
}
