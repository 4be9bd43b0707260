import {useEffect, useRef, useState} from 'react';
import type {JobMetricPoint} from '../../../src-main/contract/jobs';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {useThrottledCallback} from './useThrottledCallback';

/**
 * A job's numbers by step (`job.metrics`), then its live points (`job.metric`) as they come, merged by step (a step's
 * loss and its held-out figures arrive apart). The page re-renders at most four times a second however fast the trainer
 * steps.
 */
export function useJobMetrics(jobId: number | null): {points: JobMetricPoint[]; error: string | null} {
	const api = useApi();
	const [points, setPoints] = useState<JobMetricPoint[]>([]);
	const [error, setError] = useState<string | null>(null);
	const steps = useRef({byStep: new Map<number, Record<string, number>>(), jobId: null as number | null}).current;

	const flush = useThrottledCallback(() => setPoints([...steps.byStep].sort(([a], [b]) => a - b).map(([step, values]) => ({step, values}))), 250);
	const merge = (point: JobMetricPoint) => steps.byStep.set(point.step, {...steps.byStep.get(point.step), ...point.values});

	useEffect(() => {
		steps.byStep.clear();
		steps.jobId = jobId;
		setPoints([]);
		if (jobId === null)
			return;
		api.call('job.metrics', {jobId}).then(stored => {
			if (steps.jobId !== jobId)
				return;
			stored.forEach(merge);
			setError(null);
			flush();
		}, (failure: Error) => setError(failure.message));
	}, [api, jobId]);
	useApiEvents(message => {
		if (message.event === 'job.metric' && message.payload.jobId === jobId) {
			merge(message.payload.point);
			flush();
		}
	});
	return {points, error};
}
