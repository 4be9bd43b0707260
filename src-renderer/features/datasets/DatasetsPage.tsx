import {useCallback, useEffect, useState} from 'react';
import type {DatasetSummary} from '../../../src-main/contract/datasets';
import {useApi, useApiEvents} from '../../api/ApiContext';
import {DatasetActions} from './DatasetActions';
import {DatasetList} from './DatasetList';
import {ImportPanel} from './ImportPanel';
import {ProblemTable, type ProblemFilters} from './ProblemTable';
import {ProblemView} from './ProblemView';

/** Datasets: the list, the picked one's actions and the importer on the left, the problem table in the middle, the open problem on the right. */
export function DatasetsPage() {
	const api = useApi();
	const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
	const [error, setError] = useState<string | null>(null);
	const [filters, setFilters] = useState<ProblemFilters>({});
	const [openProblem, setOpenProblem] = useState<number | null>(null);

	const reload = useCallback(() => {
		api.call('dataset.list', {}).then(list => {
			setDatasets(list);
			setError(null);
		}, (failure: Error) => setError(failure.message));
	}, [api]);
	useEffect(reload, [reload]);
	useApiEvents(message => {
		if (message.event === 'dataset.imported' || message.event === 'dataset.deleted' || message.event === 'dataset.renamed')
			reload();
	});

	const levels = [...new Set(datasets
		.filter(dataset => filters.datasetId === undefined || dataset.id === filters.datasetId)
		.flatMap(dataset => dataset.levels))].sort();

	const picked = datasets.find(dataset => dataset.id === filters.datasetId);

	return (
		<div className="datasets">
			<aside className="datasets-side">
				<h1>Datasets</h1>
				{error && <p className="error" role="alert">{error}</p>}
				<DatasetList datasets={datasets} selected={filters.datasetId}
					onSelect={datasetId => setFilters(previous => ({...previous, datasetId, level: undefined}))}/>
				{picked && <DatasetActions key={picked.id} dataset={picked} onDeleted={() => {
					setFilters(previous => ({...previous, datasetId: undefined, level: undefined}));
					setOpenProblem(null);
				}}/>}
				<ImportPanel existingNames={datasets.map(dataset => dataset.name)}/>
			</aside>
			<section className="datasets-main">
				<ProblemTable datasets={datasets} levels={levels} filters={filters} onFiltersChange={setFilters}
					selected={openProblem} onOpen={setOpenProblem}/>
			</section>
			<section className="datasets-detail">
				{openProblem === null
					? <p className="muted">Pick a problem to see it with its LaTeX rendered.</p>
					: <ProblemView id={openProblem}/>}
			</section>
		</div>
	);
}
