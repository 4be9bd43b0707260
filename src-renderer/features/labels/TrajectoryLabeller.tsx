import {useEffect, useRef, useState, type KeyboardEvent} from 'react';
import {finishReasons, type StepRating, type TrajectoryLabels} from '../../../src-main/contract/curation';
import {useApi} from '../../api/ApiContext';
import {MathText} from '../../components/MathText';
import {PythonCode} from '../../components/PythonCode';
import {duration} from '../../lib/format';
import {splitComment} from '../../lib/splitComment';
import {FinishDialog} from './FinishDialog';
import {isTyping, labelKeys, ratingKeys, ratingLabels, reasonLabels} from './labelKeys';

type Save = {state: 'saving'; rating: StepRating} | {state: 'saved'} | {state: 'failed'; message: string};

const signed = (rating: StepRating) => rating > 0 ? '+1' : String(rating);

/**
 * One trajectory (root → `leafId`) labelled step by step, as PRM800K's labellers did: the question, then every step
 * with its comment, code, what running the trajectory printed and its Q; the keys rate the current step −1 / 0 / +1
 * (saved at once: the server commits before it answers), mark the first wrong step and finish with a reason.
 */
export function TrajectoryLabeller({searchId, leafId, labeller}: {searchId: number; leafId: number; labeller: string}) {
	const api = useApi();
	const [labels, setLabels] = useState<TrajectoryLabels | null>(null);
	const [error, setError] = useState<string | null>(null);
	const [current, setCurrent] = useState(0);
	const [saves, setSaves] = useState<ReadonlyMap<number, Save>>(new Map());
	/** The node id of the first wrong step as marked here; stored by `label.finish`. */
	const [firstWrong, setFirstWrong] = useState<number | null>(null);
	const [finishing, setFinishing] = useState(false);
	const [finishFailure, setFinishFailure] = useState<string | null>(null);
	const [help, setHelp] = useState(false);
	const openedAt = useRef(Date.now());
	const container = useRef<HTMLDivElement>(null);

	useEffect(() => {
		let live = true;
		api.call('label.trajectory', {searchId, leafId, labeller}).then(read => {
			if (!live)
				return;
			setLabels(read);
			setFirstWrong(read.firstWrongStep);
			// Continue where the labeller stopped: at the first step without a rating.
			const unrated = read.steps.findIndex(step => step.rating === null);
			setCurrent(unrated === -1 ? 0 : unrated);
			openedAt.current = Date.now();
		}, (failure: Error) => live && setError(failure.message));
		return () => {
			live = false;
		};
	}, [api, searchId, leafId, labeller]);

	// The keys work as soon as the view is open: it takes the focus once the trajectory is there.
	useEffect(() => {
		if (labels)
			container.current?.focus();
	}, [labels !== null]);

	useEffect(() => {
		container.current?.querySelector(`[data-step-index="${current}"]`)?.scrollIntoView({block: 'nearest'});
	}, [current, labels !== null]);

	if (error)
		return <p className="error" role="alert">{error}</p>;
	if (!labels)
		return <p className="muted">loading the trajectory…</p>;
	const steps = labels.steps;

	const rate = (index: number, rating: StepRating) => {
		const {nodeId} = steps[index]!;
		setSaves(previous => new Map(previous).set(nodeId, {state: 'saving', rating}));
		api.call('label.step', {searchId, leafId, nodeId, rating, labeller}).then(saved => {
			// Only this step's rating is taken from the answer: answers to quick successive ratings may cross.
			const stored = saved.steps.find(step => step.nodeId === nodeId)!.rating;
			setLabels(previous => previous && {...previous, steps: previous.steps.map(step => step.nodeId === nodeId ? {...step, rating: stored} : step)});
			setSaves(previous => new Map(previous).set(nodeId, {state: 'saved'}));
		}, (failure: Error) => setSaves(previous => new Map(previous).set(nodeId, {state: 'failed', message: failure.message})));
		// As in PRM800K's interface, a rating moves on to the next step.
		setCurrent(Math.min(steps.length - 1, index + 1));
	};
	const markFirstWrong = (index: number) => {
		const {nodeId} = steps[index]!;
		setFirstWrong(previous => previous === nodeId ? null : nodeId);
	};
	const finish = (reason: (typeof finishReasons)[number]) => {
		setFinishFailure(null);
		api.call('label.finish', {searchId, leafId, labeller, firstWrongStep: firstWrong, reason, msSpent: Date.now() - openedAt.current}).then(finished => {
			setLabels(finished);
			setFinishing(false);
			container.current?.focus();
		}, (failure: Error) => setFinishFailure(failure.message));
	};

	const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
		if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey)
			return;
		const key = event.key.toLowerCase();
		// Enter on a focused button or link presses it.
		if (key === 'enter' && (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement))
			return;
		const reason = finishReasons[Number(key) - 1];
		if (finishing) {
			if (key === 'escape')
				setFinishing(false);
			else if (reason)
				finish(reason);
			else
				return;
		} else if (key === 'arrowdown' || key === 'j')
			setCurrent(Math.min(steps.length - 1, current + 1));
		else if (key === 'arrowup' || key === 'k')
			setCurrent(Math.max(0, current - 1));
		else if (Object.hasOwn(ratingKeys, key))
			rate(current, ratingKeys[key]!);
		else if (key === 'w')
			markFirstWrong(current);
		else if (key === 'enter')
			setFinishing(true);
		else if (key === '?')
			setHelp(!help);
		else if (key === 'escape' && help)
			setHelp(false);
		else
			return;
		event.preventDefault();
	};

	const rated = steps.filter(step => step.rating !== null).length;
	const stored = labels.firstWrongStep;
	return (
		<div ref={container} className="labeller" tabIndex={0} onKeyDown={onKeyDown} aria-label="Step labelling" data-testid="labeller">
			<header className="labeller-head">
				<h2>Search #{searchId}, trajectory to step #{leafId}</h2>
				<span className="muted" data-testid="labels-progress">{rated} of {steps.length} steps rated</span>
				<span className="muted" data-testid="labels-guidelines">
					{labels.guidelineVersion === null ? 'no guidelines written yet' : `labels taken under guidelines v${labels.guidelineVersion}`}
				</span>
				<button type="button" onClick={() => setHelp(!help)}>Keys <kbd>?</kbd></button>
				<a href="#/pairs?tab=labels">All labelled trajectories</a>
			</header>
			<div className="labeller-question"><MathText text={labels.question}/></div>
			<ol className="label-steps">
				{steps.map((step, index) => {
					const {comment, code: body} = splitComment(step.code);
					const save = saves.get(step.nodeId);
					const shown = save?.state === 'saving' ? save.rating : step.rating;
					return (
						<li key={step.nodeId} data-step-index={index} data-testid="label-step" data-rating={step.rating ?? ''}
							className={`label-step${index === current ? ' current' : ''}${shown === null ? '' : ` rated-${signed(shown)}`}${firstWrong === step.nodeId ? ' first-wrong' : ''}`}
							aria-current={index === current ? 'step' : undefined} onClick={() => setCurrent(index)}>
							<div className="label-step-head">
								<strong>Step {index + 1}</strong>
								<span className="muted">#{step.nodeId} · Q {step.q.toFixed(3)}</span>
								{shown !== null && <span className={`rating-badge rating-${signed(shown)}`}>{signed(shown)} {ratingLabels[shown]}</span>}
								{firstWrong === step.nodeId && <span className="first-wrong-badge" data-testid="first-wrong">first wrong step{stored === step.nodeId ? '' : ' (saved on finish)'}</span>}
								{save?.state === 'saving' && <span className="muted">saving…</span>}
								{save?.state === 'saved' && <span className="saved" data-testid="step-saved">saved</span>}
								{save?.state === 'failed' && <span className="error" role="alert">not saved: {save.message}</span>}
							</div>
							{comment && <p className="comment"><MathText text={comment}/></p>}
							{body ? <PythonCode code={body}/> : !comment && <pre className="step-text">{step.text}</pre>}
							{step.error
								? <pre className="exec-error">{step.error}</pre>
								: step.output !== null && <pre className="exec-output">{step.output || '(printed nothing)'}</pre>}
							{index === current && (
								<div className="rating-buttons" role="group" aria-label={`Rate step ${index + 1}`}>
									{([-1, 0, 1] as const).map((rating, i) => (
										<button key={rating} type="button" className={`rate rate-${signed(rating)}`} aria-pressed={shown === rating}
											onClick={event => {
												event.stopPropagation();
												rate(index, rating);
												container.current?.focus();
											}}>
											<kbd>{i + 1}</kbd> {signed(rating)} {ratingLabels[rating]}
										</button>
									))}
									<button type="button" aria-pressed={firstWrong === step.nodeId} onClick={event => {
										event.stopPropagation();
										markFirstWrong(index);
										container.current?.focus();
									}}><kbd>w</kbd> first wrong step</button>
								</div>
							)}
						</li>
					);
				})}
			</ol>
			<footer className="labeller-foot">
				<button type="button" className="primary" onClick={() => setFinishing(true)}><kbd>Enter</kbd> Finish…</button>
				{labels.finish && (
					<span data-testid="labels-finished">
						finished: {reasonLabels[labels.finish.reason]} · {duration(labels.finish.msSpent / 1000)} · {new Date(labels.finish.createdAt).toLocaleString()}
					</span>
				)}
			</footer>
			{finishing && <FinishDialog firstWrong={firstWrong === null ? null : steps.findIndex(step => step.nodeId === firstWrong) + 1} failure={finishFailure}
				onPick={finish} onCancel={() => {
					setFinishing(false);
					container.current?.focus();
				}}/>}
			{help && (
				<div className="keys-overlay labeller-keys" role="dialog" aria-label="Keys of the labelling view">
					<table>
						<tbody>{labelKeys.map(([keys, does]) => <tr key={keys}><th>{keys}</th><td>{does}</td></tr>)}</tbody>
					</table>
					<p className="muted">A rating is saved at once and moves on to the next step; the first wrong step is saved when you finish.</p>
					<button type="button" onClick={() => {
						setHelp(false);
						container.current?.focus();
					}}>Close</button>
				</div>
			)}
		</div>
	);
}
