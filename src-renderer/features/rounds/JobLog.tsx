import type {JobSummary} from '../../../src-main/contract/jobs';
import {useJobLog} from './useJobLog';

/** A job's log lines, newest last, fetched while shown. */
export function JobLog({job}: {job: JobSummary}) {
	const {lines, error} = useJobLog(job.id, job.status === 'running' || job.status === 'paused');
	return (
		<div className="job-log" aria-label={`Log of ${job.title}`} role="log">
			{error && <p className="error" role="alert">{error}</p>}
			{lines.length === 0
				? <p className="muted">no log lines yet</p>
				: <ol>{lines.map(line => <li key={line.seq} className={`log-${line.level}`}><span className="muted">{line.at.slice(11, 19)}</span> {line.message}</li>)}</ol>}
		</div>
	);
}
