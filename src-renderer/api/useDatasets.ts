import {useEffect, useState} from 'react';
import type {DatasetSummary} from '../../src-main/contract/datasets';
import {useApi, useApiEvents} from './ApiContext';

/** The workspace's datasets (for pools, evaluations and names), kept current as datasets are imported or deleted. */
export function useDatasets(): {datasets: DatasetSummary[]; error: string | null} {
	const api = useApi();
	const [datasets, setDatasets] = useState<DatasetSummary[]>([]);
	const [error, setError] = useState<string | null>(null);
	const [version, setVersion] = useState(0);
	useEffect(() => {
		api.call('dataset.list', {}).then(list => {
			setDatasets(list);
			setError(null);
		}, (failure: Error) => setError(failure.message));
	}, [api, version]);
	useApiEvents(message => {
		if (message.event === 'dataset.imported' || message.event === 'dataset.deleted' || message.event === 'dataset.renamed')
			setVersion(next => next + 1);
	});
	return {datasets, error};
}
