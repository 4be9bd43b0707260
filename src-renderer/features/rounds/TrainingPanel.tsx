import {useMemo} from 'react';
import type {JobMetricPoint, JobSummary} from '../../../src-main/contract/jobs';
import {Chart} from '../../components/Chart';
import {figure, percent} from '../../lib/format';
import {useJobMetrics} from './useJobMetrics';

/** The series a training's chart draws, by the trainer's metric names: the PPM's held-out figure is an accuracy. */
const series = {
	policy: {heldOut: 'heldout_loss', heldOutLabel: 'held-out loss', accuracy: 'heldout_token_accuracy', accuracyLabel: 'held-out token accuracy'},
	ppm: {heldOut: null, heldOutLabel: null, accuracy: 'heldout_pairwise_accuracy', accuracyLabel: 'held-out pairwise accuracy'}
} as const;

const latest = (points: readonly JobMetricPoint[], key: string) => points.findLast(point => point.values[key] !== undefined)?.values[key] ?? null;
const line = (points: readonly JobMetricPoint[], key: string) =>
	points.flatMap(point => point.values[key] === undefined ? [] : [[point.step, point.values[key]] as [number, number]]);

/** A training stage live: the loss curve (train and held-out) by step, the held-out metric and tokens/s as they stand. */
export function TrainingPanel({job, model}: {job: JobSummary; model: 'policy' | 'ppm'}) {
	const {points, error} = useJobMetrics(job.id);
	const names = series[model];
	const keys = ['loss', ...names.heldOut ? [names.heldOut] : [], names.accuracy, 'tokens_per_s', 'lr'];
	const option = useMemo(() => ({
		animation: false,
		// The legend keeps clear of the export menu (top right); the axes' names stand beside them, not above.
		grid: {left: 64, right: 64, top: 36, bottom: 40},
		legend: {top: 0, left: 0, right: 80},
		xAxis: {type: 'value', name: 'step', nameLocation: 'middle', nameGap: 24, minInterval: 1},
		yAxis: [
			{type: 'value', name: 'loss', nameLocation: 'middle', nameGap: 48, scale: true},
			{type: 'value', name: 'accuracy', nameLocation: 'middle', nameGap: 40, min: 0, max: 1, splitLine: {show: false}}
		],
		series: [
			{name: 'train loss', type: 'line', showSymbol: false, data: line(points, 'loss')},
			...names.heldOut ? [{name: names.heldOutLabel, type: 'line', showSymbol: true, connectNulls: true, data: line(points, names.heldOut)}] : [],
			{name: names.accuracyLabel, type: 'line', yAxisIndex: 1, showSymbol: true, lineStyle: {type: 'dashed'}, data: line(points, names.accuracy)}
		]
	}), [points, names]);
	const rows = useMemo(() => [['step', ...keys], ...points.map(point => [point.step, ...keys.map(key => point.values[key] ?? null)])], [points]);
	const heldOutLoss = names.heldOut && latest(points, names.heldOut);
	return (
		<div className="stage-panel training">
			{error && <p className="error" role="alert">{error}</p>}
			<p className="stage-figures" data-testid={`${model}-training-figures`}>
				<span>train loss <strong>{figure(latest(points, 'loss'))}</strong></span>
				{names.heldOut && <span>{names.heldOutLabel} <strong>{figure(heldOutLoss)}</strong></span>}
				<span>{names.accuracyLabel} <strong>{percent(latest(points, names.accuracy))}</strong></span>
				<span><strong>{figure(latest(points, 'tokens_per_s'), 0)}</strong> tokens/s</span>
				<span className="muted">{points.length} step{points.length === 1 ? '' : 's'} recorded</span>
			</p>
			{points.length === 0
				? <p className="muted">The loss curve appears with the trainer's first step.</p>
				: <Chart option={option} fileName={`job-${job.id}-${model}-loss`} rows={rows} label={`${model === 'policy' ? 'Policy' : 'PPM'} loss curve`} height={220}/>}
		</div>
	);
}
