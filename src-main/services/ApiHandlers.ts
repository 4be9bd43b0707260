import type {ApiMethod, ApiParsedParams, ApiResult} from '../contract/api.js';
import {defaultPolicyPath} from '../paths.js';
import type {DatasetService} from './DatasetService.js';
import type {JobRunner} from './JobRunner.js';
import type {PairService} from './PairService.js';
import type {SearchService} from './SearchService.js';

export type ApiHandlers = {
	[M in ApiMethod]: (params: ApiParsedParams<M>) => ApiResult<M> | Promise<ApiResult<M>>;
};

export interface AppInfo {
	version: string;
	host: 'electron' | 'browser';
	workspacePath: string;
}

/** The contract's methods, implemented on the services. Both transports dispatch into this one table. */
export function createApiHandlers(info: AppInfo, datasets: DatasetService, searches: SearchService, pairs: PairService, jobs: JobRunner): ApiHandlers {
	return {
		'app.info': () => info,
		'dataset.list': () => datasets.list(),
		'dataset.import': params => datasets.importUpload(params),
		'dataset.delete': params => datasets.delete(params),
		'problem.list': params => datasets.listProblems(params),
		'problem.get': params => datasets.getProblem(params),
		'search.start': async ({problemId, question, answers, policyPath, ppmPath, settings}) => {
			const problem = problemId === undefined ? null : datasets.getProblem({id: problemId});
			const searchId = await searches.start({
				problemId, question: problem?.question ?? question!, goldAnswers: problem?.answers ?? answers,
				policyPath: policyPath ?? defaultPolicyPath(), ppmPath, settings
			});
			return {searchId};
		},
		'search.stop': ({searchId}) => ({stopped: searches.stop(searchId)}),
		'search.list': params => searches.list(params),
		'search.get': ({searchId}) => searches.get(searchId),
		'search.events': ({searchId}) => searches.eventLog(searchId),
		'pair.create': params => pairs.create(params),
		'pair.list': ({searchId}) => pairs.listForSearch(searchId),
		'job.list': params => jobs.list(params),
		'job.log': ({jobId, afterSeq}) => jobs.log(jobId, afterSeq)
	};
}
