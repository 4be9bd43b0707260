import {BarChart, LineChart} from 'echarts/charts';
import {GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent} from 'echarts/components';
import {init, use, type EChartsCoreOption, type EChartsType} from 'echarts/core';
import {CanvasRenderer, SVGRenderer} from 'echarts/renderers';
import {useEffect, useRef} from 'react';
import {toCsv, type CsvCell} from '../lib/csv';
import {saveFile} from '../lib/saveFile';

// Only what the app's charts draw, so the bundle carries no more of ECharts than that.
use([LineChart, BarChart, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export interface ChartProps {
	/** An ECharts option; replaced whole (not merged) whenever it changes. */
	option: EChartsCoreOption;
	/** The exported files' name, without extension ("accuracy-vs-n"). */
	fileName: string;
	/** The chart's data as rows, header first, for the CSV export. */
	rows: readonly (readonly CsvCell[])[];
	/** What the chart shows, for screen readers and tests. */
	label: string;
	/** Height in pixels; the width follows the container. Defaults to 280. */
	height?: number;
}

/**
 * An ECharts chart (canvas) that follows its container's size, with hover tooltips (an axis tooltip unless the option
 * sets its own) and an export menu: PNG at twice the pixels on white, SVG drawn again by ECharts' SVG renderer from the
 * same option, and the caller's rows as CSV.
 */
export function Chart({option, fileName, rows, label, height = 280}: ChartProps) {
	const box = useRef<HTMLDivElement>(null);
	const chart = useRef<EChartsType | null>(null);
	const menu = useRef<HTMLDetailsElement>(null);

	useEffect(() => {
		const instance = init(box.current!, undefined, {renderer: 'canvas'});
		chart.current = instance;
		const observer = new ResizeObserver(() => instance.resize());
		observer.observe(box.current!);
		return () => {
			observer.disconnect();
			instance.dispose();
			chart.current = null;
		};
	}, []);

	useEffect(() => {
		chart.current?.setOption(withTooltip(option), {notMerge: true});
	}, [option]);

	const exportPng = () => {
		const url = chart.current!.getDataURL({type: 'png', pixelRatio: 2, backgroundColor: '#ffffff'});
		saveFile(`${fileName}.png`, dataUrlBlob(url));
	};
	const exportSvg = () => {
		const {clientWidth, clientHeight} = box.current!;
		const offscreen = init(null, undefined, {renderer: 'svg', ssr: true, width: clientWidth, height: clientHeight});
		try {
			offscreen.setOption({...withTooltip(option), animation: false, backgroundColor: '#ffffff'});
			saveFile(`${fileName}.svg`, offscreen.renderToSVGString(), 'image/svg+xml');
		} finally {
			offscreen.dispose();
		}
	};

	// The menu closes on a choice.
	const choose = (action: () => void) => () => {
		menu.current!.open = false;
		action();
	};

	return (
		<figure className="chart" aria-label={label}>
			<details className="chart-export" ref={menu}>
				<summary>Export</summary>
				<div className="chart-export-menu">
					<button type="button" onClick={choose(exportPng)}>PNG</button>
					<button type="button" onClick={choose(exportSvg)}>SVG</button>
					<button type="button" onClick={choose(() => saveFile(`${fileName}.csv`, toCsv(rows), 'text/csv'))}>CSV</button>
				</div>
			</details>
			<div ref={box} className="chart-canvas" style={{height}} />
		</figure>
	);
}

function withTooltip(option: EChartsCoreOption): EChartsCoreOption {
	return option.tooltip === undefined ? {...option, tooltip: {trigger: 'axis', confine: true}} : option;
}

/** A `data:` URL's bytes, decoded here: the CSP lets the page fetch nothing but its own origin. */
function dataUrlBlob(url: string): Blob {
	const [head, body] = url.split(',', 2) as [string, string];
	const bytes = Uint8Array.from(atob(body), char => char.charCodeAt(0));
	return new Blob([bytes], {type: head.slice('data:'.length, head.indexOf(';'))});
}
