import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {EvaluationReport, EvaluationSummary} from '../../../src-main/contract/evaluations';
import type {JobSummary} from '../../../src-main/contract/jobs';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {AccuracyChart} from './AccuracyChart';
import {EvaluationForm} from './EvaluationForm';
import {EvaluationList} from './EvaluationList';
import {JobProgress} from './JobProgress';
import {LevelBars} from './LevelBars';
import type {ScoredEvaluation} from './ScoredEvaluation';
import {StepDistributionChart} from './StepDistributionChart';

/**
 * Evaluation: the form that starts a run and its progress on the left; the evaluations, and charts of the selected
 * ones (accuracy against N, rates per level and dataset, how Q and the PPM separate right steps from wrong), on the right.
 */
export function EvaluationPage() {
	const api = useApi();
	const [evaluations, setEvaluations] = useState<EvaluationSummary[]>([]);
	const [selected, setSelected] = useState<number[] | null>(null);
	const [reports, setReports] = useState<ReadonlyMap<number, EvaluationReport>>(new Map());
	const [job, setJob] = useState<JobSummary | null>(null);
	const [error, setError] = useState<string | null>(null);

	const reload = useCallback(() => api.call('evaluation.list', {}).then(list => {
		setEvaluations(list);
		setError(null);
		// At first, the newest done evaluation is selected.
		setSelected(previous => previous ?? list.filter(evaluation => evaluation.status === 'done').slice(0, 1).map(evaluation => evaluation.id));
		return list;
	}, (failure: Error) => {
		setError(failure.message);
		return null;
	}), [api]);
	useEffect(() => {
		void reload();
	}, [reload]);
	useApiEvents(message => {
		if (message.event !== 'job.updated' || message.payload.job.kind !== 'evaluation')
			return;
		const updated = message.payload.job;
		if (updated.id === job?.id)
			setJob(updated);
		void reload().then(list => {
			// The evaluation this page started is selected once done (the newest of the list is it).
			if (list && updated.id === job?.id && updated.status === 'done' && list[0])
				setSelected(previous => [...new Set([list[0]!.id, ...previous ?? []])]);
		});
	});

	// Reports of the selected done evaluations, fetched once each.
	const chosen = useMemo(() => selected ?? [], [selected]);
	const requested = useRef(new Set<number>());
	useEffect(() => {
		const missing = chosen.filter(id => !requested.current.has(id) && evaluations.find(evaluation => evaluation.id === id)?.status === 'done');
		if (missing.length === 0)
			return;
		for (const id of missing)
			requested.current.add(id);
		Promise.all(missing.map(evaluationId => api.call('evaluation.get', {evaluationId}))).then(results => setReports(previous => {
			const next = new Map(previous);
			for (const {evaluation, report} of results)
				if (report)
					next.set(evaluation.id, report);
			return next;
		}), (failure: Error) => setError(failure.message));
	}, [api, chosen, evaluations]);

	// In the list's order (newest first), so the charts' colours follow it.
	const scored = useMemo<ScoredEvaluation[]>(() => evaluations
		.filter(evaluation => chosen.includes(evaluation.id) && reports.has(evaluation.id))
		.map(evaluation => ({evaluation, report: reports.get(evaluation.id)!})), [evaluations, chosen, reports]);

	const toggle = (evaluationId: number) => setSelected(previous => (previous ?? []).includes(evaluationId)
		? (previous ?? []).filter(id => id !== evaluationId)
		: [...previous ?? [], evaluationId]);

	return (
		<div className="evaluation">
			<aside className="evaluation-side">
				<h1>Evaluation</h1>
				<EvaluationForm onStarted={jobId => api.call('job.list', {}).then(jobs => setJob(jobs.find(entry => entry.id === jobId) ?? null), () => setJob(null))}/>
				{job && <JobProgress job={job}/>}
			</aside>
			<section className="evaluation-main">
				{error && <p className="error" role="alert">{error}</p>}
				<EvaluationList evaluations={evaluations} selected={chosen} onToggle={toggle}/>
				<div className="evaluation-charts">
					<AccuracyChart scored={scored}/>
					<LevelBars scored={scored}/>
					<StepDistributionChart evaluations={evaluations} preferred={scored[0]?.evaluation.id ?? null}/>
				</div>
			</section>
		</div>
	);
}
