import type {DatasetSummary} from '../../src-main/contract/datasets';
import {useLiveResult} from './useLiveResult';

/** The workspace's datasets (for pools, evaluations and names), kept current as datasets are imported or deleted. */
export function useDatasets(): {datasets: DatasetSummary[]; error: string | null} {
	const {result, error} = useLiveResult('dataset.list', {}, ['dataset.imported', 'dataset.deleted', 'dataset.renamed']);
	return {datasets: result ?? [], error};
}
