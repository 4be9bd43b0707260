import type {JobSummary} from '../../../src-main/contract/jobs';

/** The evaluation started from the form, live: its status, problems done and time left, or why it failed. */
export function JobProgress({job}: {job: JobSummary}) {
	const fraction = job.total === 0 ? 0 : job.done / job.total;
	return (
		<section className="job-progress" aria-label="Evaluation job" data-job={job.id} data-status={job.status}>
			<p><span className={`status-${job.status}`}>{job.status}</span> {job.title} <span className="muted">job {job.id}</span></p>
			<progress max={1} value={fraction} aria-label="progress"/>
			<p className="muted">
				{job.total === 0 ? 'starting…' : `${job.done} / ${job.total} problems`}
				{job.status === 'running' && job.etaSeconds !== null && ` · about ${Math.ceil(job.etaSeconds)} s left`}
			</p>
			{job.error && <p className="error" role="alert">{job.error}</p>}
		</section>
	);
}
