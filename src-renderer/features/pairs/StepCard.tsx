import type {PairStep, PairSuggestion} from '../../../src-main/contract/curation';
import {MathText} from '../../components/MathText';
import {PythonCode} from '../../components/PythonCode';
import type {DiffToken} from '../../lib/diffTokens';
import {splitComment} from '../../lib/splitComment';
import {SubtreeDrawing} from './SubtreeDrawing';

/** The step's text without its markers (`<code>`, `<end_of_step>`, …): what its comment and code are read from. */
function withoutMarkers(text: string): string {
	return text.replace(/<\/?(code|end_of_step|end_of_code|answer|end_of_answer|output|end_of_output)>/g, '').trim();
}

export interface StepCardProps {
	side: 'chosen' | 'rejected';
	step: PairStep;
	searchId: number | null;
	/** The word diff of the two texts: this side shows the shared pieces and its own. */
	diff: readonly DiffToken[];
	/** The PPM's suggestion, when shown and on this side. */
	suggestion: PairSuggestion | null;
	/** The text being edited, or null when not editing. */
	draft: string | null;
	onDraft(text: string): void;
	onSaveEdit(): void;
	onCancelEdit(): void;
}

/** One candidate step: its text with the words the other lacks marked, its comment and code, what it printed, its numbers and subtree. */
export function StepCard({side, step, searchId, diff, suggestion, draft, onDraft, onSaveEdit, onCancelEdit}: StepCardProps) {
	const own = side === 'chosen' ? 'removed' : 'added';
	const parts = splitComment(withoutMarkers(step.editedText ?? step.text));
	return (
		<section className={suggestion ? `pairs-step pairs-${side} suggested` : `pairs-step pairs-${side}`} aria-label={`${side} step`} data-testid={`${side}-step`}>
			<div className="pairs-step-head">
				<b>{side === 'chosen' ? 'Chosen' : 'Rejected'}</b>
				{step.nodeId !== null && <span className="muted"> #{step.nodeId}</span>}
				{suggestion && (
					<span className="badge pairs-suggestion" data-testid="suggestion">
						PPM suggestion: chosen {suggestion.chosenScore.toFixed(2)} · rejected {suggestion.rejectedScore.toFixed(2)}
					</span>
				)}
				{step.editedText !== null && <span className="badge">edited</span>}
				{searchId !== null && step.nodeId !== null && (
					<a className="pairs-label-steps" href={`#/pairs?tab=labels&search=${searchId}&leaf=${step.nodeId}`} title="Rate each step of the trajectory down to this one (PRM800K)">
						Label steps
					</a>
				)}
			</div>
			{draft !== null
				? (
					<textarea className="pairs-edit" aria-label={`Edit the ${side} step`} value={draft} rows={Math.min(16, draft.split('\n').length + 2)}
						onChange={event => onDraft(event.target.value)}
						onKeyDown={event => {
							if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
								event.preventDefault();
								onSaveEdit();
							} else if (event.key === 'Escape') {
								event.preventDefault();
								onCancelEdit();
							}
						}}/>
				)
				: (
					<pre className="pairs-diff" data-testid={`${side}-diff`}>
						{diff.filter(piece => piece.kind === 'same' || piece.kind === own).map((piece, i) => (
							<span key={i} className={piece.kind === 'same' ? undefined : `diff-word-${side}`}>{piece.text}</span>
						))}
					</pre>
				)}
			{parts.comment && <p className="pairs-comment"><MathText text={parts.comment}/></p>}
			{parts.code && <PythonCode code={parts.code}/>}
			{step.output && <pre className="exec-output">{step.output}</pre>}
			{step.error && <pre className="exec-error">{step.error}</pre>}
			<dl className="pairs-step-facts">
				<div><dt>Q</dt><dd>{step.q?.toFixed(3) ?? '—'}</dd></div>
				<div><dt>visits</dt><dd>{step.visits ?? '—'}</dd></div>
				<div><dt>PPM</dt><dd>{step.ppm?.toFixed(3) ?? '—'}</dd></div>
				<div><dt>leaves</dt><dd><span className="correct">{step.correctLeaves} ✓</span> <span className="error">{step.wrongLeaves} ✗</span></dd></div>
			</dl>
			{searchId !== null && <SubtreeDrawing searchId={searchId} nodes={step.subtree} more={step.subtreeMore}/>}
		</section>
	);
}
