import {useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent} from 'react';
import type {PairDetail, PairVerdict, PairView} from '../../../src-main/contract/curation';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {formError} from '../../api/formError';
import {MathText} from '../../components/MathText';
import {diffWords} from '../../lib/diffWords';
import {NameForm} from '../../components/NameForm';
import {DecisionHistory} from './DecisionHistory';
import {focusKeys, verdictKeys} from './focusKeys';
import {StepCard} from './StepCard';

/** Where "hide suggestion" is remembered between sessions. */
const hideSuggestionKey = 'rstar.pairs.hideSuggestion';

/** An agreement sample being labelled blind, by one labeller. */
export interface BlindRun {
	sampleId: number;
	labeller: string;
}

export interface PairFocusProps {
	pairId: number;
	/** The queue's view: auto-advance takes its next pending pair. */
	view: PairView;
	/** Who decides (blind: the sample's labeller); empty until the user gave a name. */
	labeller: string;
	blind: BlindRun | null;
	onOpen(pairId: number): void;
	onBack(): void;
}

type Drafts = {chosen: string; rejected: string};

/**
 * One pair, full size, decided by keys: the question and shared prefix on top, the two steps side by side with their
 * differences marked, then the actions. After a decision the view's next pending pair opens (a blind run's next item).
 */
export function PairFocus({pairId, view, labeller, blind, onOpen, onBack}: PairFocusProps) {
	const api = useApi();
	const [pair, setPair] = useState<PairDetail | null>(null);
	const [pending, setPending] = useState<number | null>(null);
	const [error, setError] = useState<string | null>(null);
	const [done, setDone] = useState<string | null>(null);
	const [hideSuggestion, setHideSuggestion] = useState(() => localStorage.getItem(hideSuggestionKey) === 'true');
	const [drafts, setDrafts] = useState<Drafts | null>(null);
	const [note, setNote] = useState<string | null>(null);
	const [help, setHelp] = useState(false);
	const [busy, setBusy] = useState(false);
	const shownAt = useRef(Date.now());
	const container = useRef<HTMLDivElement>(null);
	const noteField = useRef<HTMLInputElement>(null);

	/**
	 * The queue's next pair after the one on screen, read while the labeller reads this one (not in blind runs, whose
	 * next item is the one not labelled yet): a decision then opens it without waiting for two more answers.
	 */
	const prefetched = useRef<{after: number; view: PairView; next: number | null; detail: PairDetail | null} | null>(null);
	/** Counts reads, so that one answered after a newer one (the next pair already open) is dropped. */
	const reads = useRef(0);
	const load = useCallback(() => {
		const read = ++reads.current;
		const ready = prefetched.current;
		if (ready && ready.next === pairId && ready.detail)
			setPair(ready.detail);
		api.call('pair.get', {pairId, blind: blind !== null}).then(detail => {
			if (read === reads.current) {
				setPair(detail);
				setError(null);
			}
		}, (failure: unknown) => read === reads.current && setError(formError(failure).message));
		const count = blind
			? api.call('agreement.next', {sampleId: blind.sampleId, labeller: blind.labeller}).then(next => next.remaining)
			: api.call('pair.next', view).then(next => next.pending);
		count.then(next => read === reads.current && setPending(next), () => read === reads.current && setPending(null));
	}, [api, pairId, blind, view]);
	useEffect(() => {
		setDrafts(null);
		setDone(null);
		load();
	}, [load]);
	useApiEvents(message => {
		if (message.event === 'pairs.changed' && !busy && (message.payload.pairIds === null || message.payload.pairIds.includes(pairId)))
			load();
	});
	// The time spent counts from when the pair is on screen; the keys work from then on without a click.
	useLayoutEffect(() => {
		shownAt.current = Date.now();
		container.current?.focus();
	}, [pair?.id]);
	useEffect(() => {
		if (blind || pair?.id !== pairId)
			return;
		let current = true;
		prefetched.current = null;
		api.call('pair.next', {...view, exceptId: pairId}).then(async next => {
			const detail = next.pairId === null ? null : await api.call('pair.get', {pairId: next.pairId});
			if (current)
				prefetched.current = {after: pairId, view, next: next.pairId, detail};
		}, () => undefined);
		return () => {
			current = false;
		};
	}, [api, blind, pairId, pair?.id, view]);

	const suggestion = blind || hideSuggestion ? null : pair?.suggestion ?? null;
	const diff = useMemo(() => pair ? diffWords(pair.chosen.editedText ?? pair.chosen.text, pair.rejected.editedText ?? pair.rejected.text) : [], [pair]);

	const advance = async () => {
		const ready = prefetched.current;
		const next = blind
			? await api.call('agreement.next', {sampleId: blind.sampleId, labeller: blind.labeller}).then(result => result.pairId)
			: ready && ready.after === pairId && ready.view === view ? ready.next
				: await api.call('pair.next', {...view, exceptId: pairId}).then(result => result.pairId);
		if (next === null) {
			setPending(0);
			setDone(blind ? 'Every item of this sample is labelled: see the report.' : 'No pending pair left in this view.');
		} else if (next === pairId)
			load();
		else
			onOpen(next);
	};

	const decide = async (verdict: PairVerdict, texts: {chosenText?: string; rejectedText?: string} = {}) => {
		// Until the next pair is read the one on screen is the last one: no decision goes to a pair not yet seen.
		if (!pair || busy || pair.id !== pairId)
			return;
		if (labeller === '') {
			setError('Give your name first: decisions record who took them.');
			return;
		}
		setBusy(true);
		setError(null);
		try {
			await api.call('pair.label', {
				pairId, verdict, labeller, note: note ?? '', ...texts, msSpent: Date.now() - shownAt.current,
				suggestionShown: suggestion, sampleId: blind?.sampleId
			});
			setNote(null);
			setDrafts(null);
			await advance();
		} catch (failure) {
			setError(formError(failure).message);
		} finally {
			setBusy(false);
		}
	};

	const undo = async () => {
		if (labeller === '')
			return setError('Give your name first: undo takes back your own last decision.');
		setError(null);
		try {
			const {undone} = await api.call('pair.undo', {labeller});
			setDone(null);
			if (undone.pairId === pairId)
				load();
			else
				onOpen(undone.pairId);
		} catch (failure) {
			setError(formError(failure).message);
		}
	};

	const flag = async () => {
		if (!pair)
			return;
		if (labeller === '')
			return setError('Give your name first: a flag records who set it.');
		setError(null);
		try {
			await api.call('pair.flagProblem', {pairId, flagged: pair.problemFlag === null, labeller, note: note ?? ''});
			load();
		} catch (failure) {
			setError(formError(failure).message);
		}
	};

	const startEdit = () => pair && setDrafts({chosen: pair.chosen.editedText ?? pair.chosen.text, rejected: pair.rejected.editedText ?? pair.rejected.text});
	const saveEdit = () => {
		if (!pair || !drafts)
			return;
		const chosenText = drafts.chosen !== (pair.chosen.editedText ?? pair.chosen.text) ? drafts.chosen : undefined;
		const rejectedText = drafts.rejected !== (pair.rejected.editedText ?? pair.rejected.text) ? drafts.rejected : undefined;
		if (chosenText === undefined && rejectedText === undefined)
			return setError('Nothing changed: change a step\'s text to save an edit, or Esc to cancel.');
		void decide('edited', {chosenText, rejectedText});
	};

	const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
		const target = event.target as HTMLElement;
		if (target.matches('input, textarea, select') || event.altKey)
			return;
		const key = event.key;
		if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === 'z') {
			event.preventDefault();
			void undo();
			return;
		}
		if (event.ctrlKey || event.metaKey)
			return;
		const verdict = verdictKeys.find(one => one.key === key.toLowerCase())?.verdict ?? (key === ' ' ? 'skipped' : undefined);
		if (verdict)
			void decide(verdict);
		else if (key === 'f' || key === 'F')
			void flag();
		else if (key === 'e' || key === 'E')
			startEdit();
		else if (key === 'n' || key === 'N') {
			setNote(note ?? '');
			setTimeout(() => noteField.current?.focus());
		} else if (key === 'u' || key === 'U')
			void undo();
		else if (key === '?')
			setHelp(!help);
		else if (key === 'Escape') {
			if (help)
				setHelp(false);
			else
				onBack();
		} else
			return;
		event.preventDefault();
	};

	// An edit takes the focus to the first text area, and gives it back to the view when it ends.
	const editing = drafts !== null;
	useEffect(() => {
		(editing ? container.current?.querySelector('textarea') : container.current)?.focus();
	}, [editing]);

	return (
		<div className="pairs-focus" ref={container} tabIndex={-1} onKeyDown={onKeyDown} data-testid="pair-focus" aria-label="Pair focus view">
			<div className="pairs-focus-bar">
				<button type="button" onClick={onBack}>← {blind ? 'Agreement' : 'Queue'} <kbd>Esc</kbd></button>
				<b>Pair #{pair?.id ?? pairId}</b>
				{pair && !blind && <span className="badge" data-testid="pair-status">{pair.status}</span>}
				{pair && <span className="muted">{pair.source}{pair.roundLabel ? ` · ${pair.roundLabel}` : ''}{pair.datasetName ? ` · ${pair.datasetName}` : ''}{pair.level ? ` · ${pair.level}` : ''}{pair.margin !== null ? ` · margin ${pair.margin.toFixed(2)}` : ''} · edit distance {pair.editDistance}</span>}
				{pair?.searchId != null && <a href={`#/search?id=${pair.searchId}&node=${pair.parentId ?? 0}`}>open search {pair.searchId}</a>}
				<span className="pairs-pending" data-testid="pending-count">
					{pending === null ? '' : blind ? `${pending} left for ${blind.labeller} in this sample` : `${pending} pending in this view`}
				</span>
				{!blind && (
					<label className="check">
						<input type="checkbox" checked={hideSuggestion} onChange={event => {
							setHideSuggestion(event.target.checked);
							localStorage.setItem(hideSuggestionKey, String(event.target.checked));
							container.current?.focus();
						}}/>
						hide suggestion
					</label>
				)}
				<button type="button" onClick={() => setHelp(!help)} aria-label="Keys">? </button>
			</div>
			{labeller === '' && <NameForm why="decisions, bulk actions and imports record who took them"/>}
			{error && <p className="error" role="alert">{error}</p>}
			{done && <p className="notice" role="status" data-testid="focus-done">{done}</p>}
			{help && (
				<div className="keys-overlay pairs-keys" role="dialog" aria-label="Keys of the focus view">
					<table><tbody>{focusKeys.map(([keys, does]) => <tr key={keys}><th>{keys}</th><td>{does}</td></tr>)}</tbody></table>
					<p className="muted">Keys work whenever no text field has the focus.</p>
					<button type="button" onClick={() => setHelp(false)}>Close</button>
				</div>
			)}
			{pair && (
				<div className="pairs-focus-body">
					<details className="pairs-context" open>
						<summary>Question{pair.prefix.length > 0 ? ` and ${pair.prefix.length} shared step${pair.prefix.length === 1 ? '' : 's'}` : ''}{pair.problemFlag ? ' · ⚑ problem flagged bad' : ''}</summary>
						{pair.question !== null ? <p className="pairs-question"><MathText text={pair.question}/></p> : <pre className="step-text">{pair.prompt}</pre>}
						<ol className="pairs-prefix">
							{pair.prefix.map(step => (
								<li key={step.nodeId}>
									<pre className="step-text">{step.text}</pre>
									{step.output && <pre className="exec-output">{step.output}</pre>}
									{step.error && <pre className="exec-error">{step.error}</pre>}
								</li>
							))}
						</ol>
					</details>
					<div className="pairs-sides">
						{(['chosen', 'rejected'] as const).map(side => (
							<StepCard key={side} side={side} step={pair[side]} searchId={pair.searchId} diff={diff}
								suggestion={suggestion?.prefers === side ? suggestion : null}
								draft={drafts ? drafts[side] : null} onDraft={text => drafts && setDrafts({...drafts, [side]: text})}
								onSaveEdit={saveEdit} onCancelEdit={() => setDrafts(null)}/>
						))}
					</div>
					{note !== null && (
						<label className="pairs-note">
							Note
							<input ref={noteField} type="text" value={note} onChange={event => setNote(event.target.value)} aria-label="Note"
								onKeyDown={event => {
									if (event.key === 'Enter' || event.key === 'Escape') {
										event.preventDefault();
										if (event.key === 'Escape')
											setNote(null);
										container.current?.focus();
									}
								}}/>
						</label>
					)}
					<div className="pairs-decide" role="group" aria-label="Decide">
						{verdictKeys.map(action => (
							<button key={action.key} type="button" disabled={busy || labeller === ''} onClick={() => void decide(action.verdict)}>
								{action.label} <kbd>{action.key}</kbd>
							</button>
						))}
						<button type="button" disabled={busy || labeller === ''} onClick={drafts ? saveEdit : startEdit}>{drafts ? 'Save edit' : 'Edit'} <kbd>{drafts ? 'Ctrl+Enter' : 'e'}</kbd></button>
						<button type="button" onClick={() => {
							setNote(note ?? '');
							setTimeout(() => noteField.current?.focus());
						}}>Note <kbd>n</kbd></button>
						<button type="button" disabled={labeller === ''} onClick={() => void flag()}>{pair.problemFlag ? 'Clear flag' : 'Flag problem'} <kbd>f</kbd></button>
						<button type="button" disabled={labeller === ''} onClick={() => void undo()}>Undo <kbd>u</kbd></button>
					</div>
					{!blind && <DecisionHistory decisions={pair.decisions}/>}
				</div>
			)}
		</div>
	);
}
