import type {EChartsCoreOption} from 'echarts/core';
import {useEffect, useState} from 'react';
import type {EvaluationSummary, Histogram, StepDistributions} from '../../../src-main/contract/evaluations';
import type {RoundView} from '../../../src-main/contract/rounds';
import {useApi} from '../../api/ApiContext';
import {Chart} from '../../components/Chart';
import type {CsvCell} from '../../lib/csv';
import {evaluationLabel} from './evaluationLabel';

const bins = 20;
const colours = {correct: '#1a7f37', wrong: '#b42318'};

/** `evaluation:ID` or `round:ID`: whose trees the distributions are taken from. */
type Source = `${'evaluation' | 'round'}:${number}`;

/**
 * How Q and the PPM's score separate the steps of right trajectories from those of wrong ones, for an evaluation or a
 * round's search stage: overlaid histograms, each side as a share of its own steps so that their shapes compare.
 */
export function StepDistributionChart({evaluations, preferred}: {evaluations: readonly EvaluationSummary[]; preferred: number | null}) {
	const api = useApi();
	const [rounds, setRounds] = useState<RoundView[]>([]);
	// The newest selected evaluation, until the user picks a source.
	const [picked, setPicked] = useState<Source | null>(null);
	const source: Source | '' = picked ?? (preferred === null ? '' : `evaluation:${preferred}`);
	const [distributions, setDistributions] = useState<StepDistributions | null>(null);
	const [error, setError] = useState<string | null>(null);
	const done = evaluations.filter(evaluation => evaluation.status === 'done');

	useEffect(() => {
		api.call('round.list', {}).then(setRounds, () => setRounds([]));
	}, [api]);
	useEffect(() => {
		if (source === '')
			return;
		let current = true;
		const [kind, id] = source.split(':') as ['evaluation' | 'round', string];
		api.call('evaluation.stepDistributions', kind === 'round' ? {roundId: Number(id), bins} : {evaluationId: Number(id), bins}).then(result => {
			if (current) {
				setDistributions(result);
				setError(null);
			}
		}, (failure: Error) => current && setError(failure.message));
		return () => {
			current = false;
		};
	}, [api, source]);

	return (
		<section className="evaluation-card">
			<header>
				<h2>Step distributions</h2>
				<select value={source} onChange={event => setPicked(event.target.value as Source)} aria-label="steps of">
					<option value="" disabled>pick an evaluation or a round</option>
					<optgroup label="Evaluations">
						{done.map(evaluation => <option key={evaluation.id} value={`evaluation:${evaluation.id}`}>{evaluationLabel(evaluation, true)}</option>)}
					</optgroup>
					<optgroup label="Rounds (search stage)">
						{rounds.map(round => <option key={round.id} value={`round:${round.id}`}>{round.evolution}/{round.number}</option>)}
					</optgroup>
				</select>
			</header>
			{error && <p className="error" role="alert">{error}</p>}
			{distributions && (
				<>
					<p className="muted">
						{distributions.trajectories.correct} right and {distributions.trajectories.wrong} wrong answer trajectories
						({distributions.steps.correct} and {distributions.steps.wrong} steps).
					</p>
					<div className="evaluation-pair">
						<Chart option={histogramOption('Q-value', distributions.q)} rows={histogramRows(distributions.q)} fileName="steps-q" label="Q of steps, right vs wrong" height={220}/>
						{distributions.ppm
							? <Chart option={histogramOption('PPM score', distributions.ppm)} rows={histogramRows(distributions.ppm)} fileName="steps-ppm" label="PPM score of steps, right vs wrong" height={220}/>
							: <p className="muted">No step was scored by a PPM.</p>}
					</div>
				</>
			)}
		</section>
	);
}

type Pair = {correct: Histogram; wrong: Histogram};

/** The bins' lower and upper edges. */
function edges(histogram: Histogram): [number, number][] {
	const width = (histogram.max - histogram.min) / histogram.counts.length;
	return histogram.counts.map((_, i) => [histogram.min + i * width, histogram.min + (i + 1) * width]);
}

/** Bin `i`'s range, as the tooltip shows it: [from, to), the last one [from, to]. */
function range(histogram: Histogram, i: number): string {
	const [from, to] = edges(histogram)[i]!;
	return `[${from.toFixed(2)}, ${to.toFixed(2)}${i === histogram.counts.length - 1 ? ']' : ')'}`;
}

function histogramRows(pair: Pair): CsvCell[][] {
	return [['from', 'to', 'right steps', 'wrong steps'], ...edges(pair.correct).map(([from, to], i) => [from, to, pair.correct.counts[i]!, pair.wrong.counts[i]!])];
}

function histogramOption(name: string, pair: Pair): EChartsCoreOption {
	const share = (histogram: Histogram) => {
		const total = histogram.counts.reduce((sum, count) => sum + count, 0);
		return histogram.counts.map(count => ({value: total === 0 ? 0 : count / total, count}));
	};
	return {
		animation: false,
		grid: {left: 48, right: 12, top: 36, bottom: 52},
		legend: {bottom: 0},
		tooltip: {
			trigger: 'axis', axisPointer: {type: 'shadow'}, confine: true,
			formatter: (params: {dataIndex: number; seriesName: string; data: {value: number; count: number}}[]) =>
				[`${name} ${range(pair.correct, params[0]?.dataIndex ?? 0)}`, ...params.map(param => `${param.seriesName}: ${param.data.count} steps (${(param.data.value * 100).toFixed(1)} %)`)].join('<br/>')
		},
		title: {text: name, left: 'center', top: 4, textStyle: {fontSize: 12, fontWeight: 'normal'}},
		// Bins named by their lower edge; the tooltip gives the range.
		xAxis: {type: 'category', data: edges(pair.correct).map(([from]) => from.toFixed(2)), axisLabel: {interval: 'auto'}},
		yAxis: {type: 'value', name: 'share', axisLabel: {formatter: (value: number) => `${Math.round(value * 100)} %`}},
		series: [
			{type: 'bar', name: 'right trajectories', data: share(pair.correct), itemStyle: {color: colours.correct, opacity: 0.6}, barGap: '-100%', barCategoryGap: '0%'},
			{type: 'bar', name: 'wrong trajectories', data: share(pair.wrong), itemStyle: {color: colours.wrong, opacity: 0.6}}
		]
	};
}
