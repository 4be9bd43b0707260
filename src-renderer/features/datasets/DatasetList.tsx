import type {DatasetSummary} from '../../../src-main/contract/datasets';

interface DatasetListProps {
	datasets: DatasetSummary[];
	selected: number | undefined;
	onSelect(datasetId: number | undefined): void;
}

/** The workspace's datasets; picking one filters the problem table to it. */
export function DatasetList({datasets, selected, onSelect}: DatasetListProps) {
	const total = datasets.reduce((sum, dataset) => sum + dataset.problemCount, 0);
	return (
		<ul className="dataset-list" aria-label="Datasets">
			<li>
				<button type="button" className={selected === undefined ? 'dataset active' : 'dataset'} onClick={() => onSelect(undefined)}>
					<span className="dataset-name">All datasets</span>
					<span className="dataset-count">{total.toLocaleString()}</span>
				</button>
			</li>
			{datasets.map(dataset => (
				<li key={dataset.id}>
					<button type="button" className={selected === dataset.id ? 'dataset active' : 'dataset'}
						onClick={() => onSelect(dataset.id)} title={dataset.source}>
						<span className="dataset-name">{dataset.name}{dataset.builtin && <span className="badge">built-in</span>}</span>
						<span className="dataset-count">{dataset.problemCount.toLocaleString()}</span>
						{dataset.noAnswerCount > 0 && <span className="dataset-warn">{dataset.noAnswerCount} without ground truth</span>}
					</button>
				</li>
			))}
		</ul>
	);
}
