import {format, type EChartsCoreOption} from 'echarts/core';
import {useMemo, useState} from 'react';
import {accuracyMethods, type AccuracyMethod, type AccuracySpread} from '../../../src-main/contract/evaluations';
import {Chart} from '../../components/Chart';
import type {CsvCell} from '../../lib/csv';
import {evaluationLabel} from './evaluationLabel';
import type {ScoredEvaluation} from './ScoredEvaluation';

const methodColours: Record<AccuracyMethod, string> = {'pass@N': '#3559d6', majority: '#1a7f37', 'best-ppm': '#a15c00', 'weighted-vote': '#8e44ad'};
const lineColours = ['#3559d6', '#b42318', '#1a7f37', '#a15c00', '#8e44ad', '#0e7490', '#be185d', '#4b5563'];

/** One plotted line: its name, colour and the spread at each N. */
interface Line {
	name: string;
	colour: string;
	points: {n: number; spread: AccuracySpread}[];
}

/**
 * Accuracy against the number of trajectories N (log scale): with one evaluation, a line per way of deciding a
 * problem; with several, a line per evaluation for the chosen way. The band around each line spans the resamples' 5th
 * to 95th percentiles.
 */
export function AccuracyChart({scored}: {scored: readonly ScoredEvaluation[]}) {
	const [method, setMethod] = useState<AccuracyMethod>('pass@N');
	const [level, setLevel] = useState<string>('');
	const searched = useMemo(() => scored.filter(({report}) => report.accuracyVsN !== null), [scored]);
	const levels = [...new Set(searched.flatMap(({report}) => report.accuracyVsN!.points[0]?.byLevel.map(group => group.level ?? '(none)') ?? []))];

	const lines = useMemo<Line[]>(() => {
		const spreadAt = (point: NonNullable<ScoredEvaluation['report']['accuracyVsN']>['points'][number], chosen: AccuracyMethod) => {
			const group = level === '' ? point.overall : point.byLevel.find(entry => (entry.level ?? '(none)') === level);
			return group?.accuracy[chosen];
		};
		const pointsOf = ({report}: ScoredEvaluation, chosen: AccuracyMethod) => report.accuracyVsN!.points
			.flatMap(point => {
				const spread = spreadAt(point, chosen);
				return spread ? [{n: point.n, spread}] : [];
			});
		return searched.length === 1
			? accuracyMethods.map(chosen => ({name: chosen, colour: methodColours[chosen], points: pointsOf(searched[0]!, chosen)}))
			: searched.map((entry, i) => ({name: evaluationLabel(entry.evaluation, new Set(searched.map(({evaluation}) => evaluation.dataset)).size > 1), colour: lineColours[i % lineColours.length]!, points: pointsOf(entry, method)}));
	}, [searched, method, level]);

	const option = useMemo(() => accuracyOption(lines), [lines]);
	const rows: CsvCell[][] = [['line', 'n', 'mean', 'sd', 'p5', 'p95'],
		...lines.flatMap(line => line.points.map(({n, spread}) => [line.name, n, spread.mean, spread.sd, spread.p5, spread.p95]))];

	return (
		<section className="evaluation-card">
			<header>
				<h2>Accuracy vs N</h2>
				{searched.length > 1 && (
					<select value={method} onChange={event => setMethod(event.target.value as AccuracyMethod)} aria-label="method">
						{accuracyMethods.map(entry => <option key={entry} value={entry}>{entry}</option>)}
					</select>
				)}
				{levels.length > 1 && (
					<select value={level} onChange={event => setLevel(event.target.value)} aria-label="level">
						<option value="">all levels</option>
						{levels.map(entry => <option key={entry} value={entry}>{entry}</option>)}
					</select>
				)}
			</header>
			{searched.length === 0
				? <p className="muted">Select a done search evaluation: accuracy against N comes from a search's answer trajectories (greedy runs have one).</p>
				: <Chart option={option} rows={rows} fileName="accuracy-vs-n" label="Accuracy vs N"/>}
		</section>
	);
}

function accuracyOption(lines: readonly Line[]): EChartsCoreOption {
	const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
	// A line's three series share its name (legend toggles them together) and are coloured explicitly: ECharts hands
	// out palette colours by series name.
	const series = lines.flatMap((line, i) => [
		// The band: an invisible line at p5, and stacked on it the width p95 − p5, filled.
		{
			type: 'line', name: line.name, stack: `band${i}`, data: line.points.map(({n, spread}) => [n, spread.p5]), symbol: 'none',
			lineStyle: {opacity: 0}, itemStyle: {color: line.colour}, tooltip: {show: false}, silent: true
		},
		{
			type: 'line', name: line.name, stack: `band${i}`, data: line.points.map(({n, spread}) => [n, spread.p95 - spread.p5]), symbol: 'none',
			lineStyle: {opacity: 0}, itemStyle: {color: line.colour}, areaStyle: {color: line.colour, opacity: 0.15}, tooltip: {show: false}, silent: true
		},
		{
			type: 'line', name: line.name, data: line.points.map(({n, spread}) => [n, spread.mean]), symbolSize: 6,
			lineStyle: {width: 2, color: line.colour}, itemStyle: {color: line.colour}, emphasis: {focus: 'series'}
		}
	]);
	return {
		color: lines.map(line => line.colour),
		animation: false,
		grid: {left: 52, right: 16, top: 36, bottom: 64},
		legend: {bottom: 0, type: 'scroll', data: lines.map(line => line.name)},
		tooltip: {
			trigger: 'axis', confine: true,
			formatter: (params: {axisValue: number}[]) => {
				const n = Number(params[0]?.axisValue);
				// Names come from datasets: text, never markup.
				return [`N = ${n}`, ...lines.flatMap(line => {
					const spread = line.points.find(point => point.n === n)?.spread;
					return spread ? [`${format.encodeHTML(line.name)}: ${percent(spread.mean)} (p5–p95 ${percent(spread.p5)}–${percent(spread.p95)})`] : [];
				})].join('<br/>');
			}
		},
		xAxis: {type: 'log', logBase: 2, name: 'N', nameLocation: 'middle', nameGap: 24, min: 1, max: Math.max(2, ...lines.flatMap(line => line.points.map(point => point.n)))},
		yAxis: {type: 'value', name: 'accuracy', min: 0, max: 1, axisLabel: {formatter: (value: number) => `${Math.round(value * 100)} %`}},
		series
	};
}
