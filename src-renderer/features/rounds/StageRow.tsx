import {useState, type ReactNode} from 'react';
import type {RoundStageView} from '../../../src-main/contract/rounds';
import {ProgressBar} from '../../components/ProgressBar';
import {duration} from '../../lib/format';
import {JobLog} from './JobLog';

export interface StageActions {
	pause(): void;
	resume(): void;
	stop(): void;
	/** Runs this stage alone (`round.run` with `only`); absent where it cannot run now. */
	runAlone?(): void;
}

/** What to do about a stage that did not finish, by how it ended. */
const whatToDo: Partial<Record<RoundStageView['status'], string>> = {
	failed: 'Fix what the error names, then Run again: the round goes on at this stage, and what the stages before it made is kept.',
	stopped: 'Stopped by the user: what it committed is kept. Run goes on from where it stopped.',
	interrupted: 'Its process ended before the stage did (the app closed or crashed). Run goes on from where it stopped.'
};

const searchResumes = 'The batch resumes problem by problem: searches done are kept, and one cut short goes on from its last rollout.';

/**
 * One stage of a round's pipeline: its status, a progress bar with ETA, pause / resume / stop while it runs, its log, and
 * — where it failed — its job's error with what to do. `children` is the stage's own panel (its live table, chart, figures).
 */
export function StageRow({title, view, actions, busy, stopping, children}: {title: string; view: RoundStageView; actions: StageActions; busy: boolean; stopping: boolean; children?: ReactNode}) {
	const [logOpen, setLogOpen] = useState(false);
	const {job, status} = view;
	const live = status === 'running' || status === 'paused';
	const advice = whatToDo[status];
	return (
		<li className={`stage stage-${status}`} aria-label={`Stage ${title}`} data-testid={`stage-${view.stage}`}>
			<div className="stage-head">
				<strong className="stage-title">{title}</strong>
				<span className={`stage-status status-${status}`} data-testid="stage-status">{status}</span>
				{job && (job.total > 0 || live)
					? <>
						<ProgressBar done={job.done} total={job.total} label={`${title} progress`}/>
						<span className="stage-count" data-testid="stage-count">{job.done}/{job.total}</span>
						<span className="stage-eta muted">{live && job.etaSeconds !== null ? `ETA ${duration(job.etaSeconds)}` : ''}</span>
					</>
					: <span className="stage-fill"/>}
				<span className="stage-actions">
					{status === 'running' && <button type="button" disabled={busy} onClick={actions.pause}>Pause</button>}
					{status === 'paused' && <button type="button" disabled={busy} onClick={actions.resume}>Resume</button>}
					{live && <button type="button" disabled={busy} onClick={actions.stop}>Cancel</button>}
					{actions.runAlone && <button type="button" disabled={busy} onClick={actions.runAlone} title="Run this stage alone">Run stage</button>}
					{job && <button type="button" aria-expanded={logOpen} onClick={() => setLogOpen(!logOpen)}>{logOpen ? 'Hide log' : 'Log'}</button>}
				</span>
			</div>
			{status === 'paused' && job?.error && <p className="warn" role="status">{job.error}</p>}
			{live && stopping && (
				<p className="warn" role="status" data-testid="stage-stopping">
					Stopping… {view.stage === 'search' || view.stage === 'evaluate' ? 'the searches in flight end at their next step' : 'at the next step'}; what is done is kept.
				</p>
			)}
			{advice && (
				<div className="stage-error" role="alert">
					{job?.error && <p className="error">{job.error}</p>}
					<p>{advice}{view.stage === 'search' ? ` ${searchResumes}` : ''}</p>
				</div>
			)}
			{logOpen && job && <JobLog job={job}/>}
			{children}
		</li>
	);
}
