import type {ApiMethod, ApiParsedParams, ApiResult} from '../contract/api.js';
import type {DatasetService} from './DatasetService.js';

export type ApiHandlers = {
	[M in ApiMethod]: (params: ApiParsedParams<M>) => ApiResult<M> | Promise<ApiResult<M>>;
};

export interface AppInfo {
	version: string;
	host: 'electron' | 'browser';
	workspacePath: string;
}

/** The contract's methods, implemented on the services. Both transports dispatch into this one table. */
export function createApiHandlers(info: AppInfo, datasets: DatasetService): ApiHandlers {
	return {
		'app.info': () => info,
		'dataset.list': () => datasets.list(),
		'dataset.import': params => datasets.importUpload(params),
		'dataset.delete': params => datasets.delete(params),
		'problem.list': params => datasets.listProblems(params),
		'problem.get': params => datasets.getProblem(params)
	};
}
