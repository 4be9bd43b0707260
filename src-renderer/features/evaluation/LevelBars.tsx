import {format, type EChartsCoreOption} from 'echarts/core';
import {useMemo, useState} from 'react';
import {Chart} from '../../components/Chart';
import type {CsvCell} from '../../lib/csv';
import {evaluationLabel} from './evaluationLabel';
import type {ScoredEvaluation} from './ScoredEvaluation';

type Measure = 'rate' | 'foundRate';

/**
 * Rates per level and dataset across the selected evaluations: a group of bars per dataset and level (and overall),
 * a bar per evaluation — a round's greedy and search runs side by side, round after round.
 */
export function LevelBars({scored}: {scored: readonly ScoredEvaluation[]}) {
	const [measure, setMeasure] = useState<Measure>('rate');
	const {option, rows} = useMemo(() => {
		const datasets = [...new Set(scored.map(({evaluation}) => evaluation.dataset))];
		const groups = datasets.flatMap(dataset => {
			const levels = [...new Set(scored.filter(({evaluation}) => evaluation.dataset === dataset).flatMap(({report}) => Object.keys(report.byLevel)))]
				.sort((a, b) => a.localeCompare(b, 'en', {numeric: true}));
			return ['overall', ...levels].map(level => ({dataset, level, name: datasets.length > 1 ? `${dataset} · ${level}` : level}));
		});
		const valueOf = ({evaluation, report}: ScoredEvaluation, group: (typeof groups)[number]) => {
			if (evaluation.dataset !== group.dataset)
				return null;
			const score = group.level === 'overall' ? report.overall : report.byLevel[group.level];
			return score ? {value: score[measure], solved: measure === 'rate' ? score.solved : score.found, problems: score.problems} : null;
		};
		const option: EChartsCoreOption = {
			animation: false,
			grid: {left: 52, right: 16, top: 36, bottom: 64},
			legend: {bottom: 0, type: 'scroll'},
			tooltip: {
				trigger: 'axis', axisPointer: {type: 'shadow'}, confine: true,
				formatter: (params: {axisValueLabel: string; seriesName: string; data: {value: number; solved: number; problems: number} | null}[]) =>
					[format.encodeHTML(params[0]?.axisValueLabel ?? ''), ...params.filter(param => param.data).map(param =>
						`${format.encodeHTML(param.seriesName)}: ${(param.data!.value * 100).toFixed(1)} % (${param.data!.solved}/${param.data!.problems})`)].join('<br/>')
			},
			xAxis: {type: 'category', data: groups.map(group => group.name)},
			yAxis: {type: 'value', min: 0, max: 1, name: measure === 'rate' ? 'answered right' : 'right answer found', axisLabel: {formatter: (value: number) => `${Math.round(value * 100)} %`}},
			series: scored.map(entry => ({type: 'bar', name: evaluationLabel(entry.evaluation, false), data: groups.map(group => valueOf(entry, group)), barMaxWidth: 28}))
		};
		const rows: CsvCell[][] = [['evaluation', 'dataset', 'level', 'problems', measure === 'rate' ? 'solved' : 'found', measure],
			...scored.flatMap(entry => groups.flatMap(group => {
				const value = valueOf(entry, group);
				return value ? [[evaluationLabel(entry.evaluation, false), group.dataset, group.level, value.problems, value.solved, value.value]] : [];
			}))];
		return {option, rows};
	}, [scored, measure]);

	return (
		<section className="evaluation-card">
			<header>
				<h2>By level and dataset</h2>
				<select value={measure} onChange={event => setMeasure(event.target.value as Measure)} aria-label="measure">
					<option value="rate">answered right</option>
					<option value="foundRate">a right answer found</option>
				</select>
			</header>
			{scored.length === 0
				? <p className="muted">Select done evaluations to compare their rates per level.</p>
				: <Chart option={option} rows={rows} fileName="rates-by-level" label="Rates by level and dataset"/>}
		</section>
	);
}
