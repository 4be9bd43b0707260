import {useCallback, useEffect, useRef, useState} from 'react';
import type {JobLogLine} from '../../../src-main/contract/jobs';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {useThrottledCallback} from './useThrottledCallback';

/**
 * A job's log: the lines so far, then the new ones (`afterSeq`) whenever the job reports, and every two seconds while
 * it runs (a log line alone pushes no event).
 */
export function useJobLog(jobId: number, running: boolean): {lines: JobLogLine[]; error: string | null} {
	const api = useApi();
	const [lines, setLines] = useState<JobLogLine[]>([]);
	const [error, setError] = useState<string | null>(null);
	const last = useRef(0);
	useEffect(() => {
		last.current = 0;
		setLines([]);
	}, [jobId]);
	const fetchNew = useCallback(() => {
		api.call('job.log', {jobId, afterSeq: last.current}).then(added => {
			if (added.length === 0)
				return;
			last.current = added.at(-1)!.seq;
			setLines(previous => [...previous, ...added.filter(line => line.seq > (previous.at(-1)?.seq ?? 0))]);
			setError(null);
		}, (failure: Error) => setError(failure.message));
	}, [api, jobId]);
	const throttled = useThrottledCallback(fetchNew, 1000);
	useEffect(() => {
		fetchNew();
		if (!running)
			return;
		const timer = setInterval(fetchNew, 2000);
		return () => clearInterval(timer);
	}, [running, fetchNew]);
	useApiEvents(message => {
		if (message.event === 'job.updated' && message.payload.job.id === jobId)
			throttled();
	});
	return {lines, error};
}
