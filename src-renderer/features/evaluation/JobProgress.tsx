import {useState} from 'react';
import type {JobSummary} from '../../../src-main/contract/jobs';
import {useApi} from '../../api/ApiContext';

/** The evaluation started from the form, live: its status, problems done and time left, or why it failed. */
export function JobProgress({job}: {job: JobSummary}) {
	const api = useApi();
	const [error, setError] = useState<string | null>(null);
	const fraction = job.total === 0 ? 0 : job.done / job.total;
	const live = job.status === 'running' || job.status === 'paused';
	const act = (method: 'job.pause' | 'job.resume' | 'job.stop') => {
		setError(null);
		api.call(method, {jobId: job.id}).catch((failure: Error) => setError(failure.message));
	};
	return (
		<section className="job-progress" aria-label="Evaluation job" data-job={job.id} data-status={job.status}>
			<p><span className={`status-${job.status}`}>{job.status}</span> {job.title} <span className="muted">job {job.id}</span></p>
			<progress max={1} value={fraction} aria-label="progress"/>
			<p className="muted">
				{job.total === 0 ? 'starting…' : `${job.done} / ${job.total} problems`}
				{job.status === 'running' && job.etaSeconds !== null && ` · about ${Math.ceil(job.etaSeconds)} s left`}
			</p>
			{live && (
				<div className="job-actions">
					{job.status === 'running'
						? <button type="button" onClick={() => act('job.pause')}>Pause</button>
						: <button type="button" onClick={() => act('job.resume')}>Resume</button>}
					<button type="button" onClick={() => act('job.stop')}>Stop</button>
					<span className="muted">a stopped evaluation goes on where it stopped when started again with the same settings</span>
				</div>
			)}
			{(error ?? job.error) && <p className="error" role="alert">{error ?? job.error}</p>}
		</section>
	);
}
