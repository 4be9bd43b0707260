import type {ApiMethod, ApiParsedParams, ApiResult} from '../contract/api.js';
import {defaultPolicyPath, shippedPpmPath} from '../paths.js';
import {chooseStartupWorkspace, startupWorkspacePath} from '../startupWorkspace.js';
import type {AgreementService} from './AgreementService.js';
import type {DatasetService} from './DatasetService.js';
import type {EvaluationService} from './EvaluationService.js';
import type {GuidelineService} from './GuidelineService.js';
import type {JobRunner} from './JobRunner.js';
import type {ModelRegistryService} from './ModelRegistryService.js';
import type {PairService} from './PairService.js';
import type {RoundService} from './RoundService.js';
import type {SearchService} from './SearchService.js';
import type {SettingsService} from './SettingsService.js';
import type {StepLabelService} from './StepLabelService.js';

export type ApiHandlers = {
	[M in ApiMethod]: (params: ApiParsedParams<M>) => ApiResult<M> | Promise<ApiResult<M>>;
};

export interface AppInfo {
	version: string;
	host: 'electron' | 'browser';
	workspacePath: string;
	/** The user-data folder, where the workspace chosen for the next start is recorded. */
	userDataDir: string;
	/** See AppOptions.sqliteBinding: a chosen workspace is opened with it to check it. */
	sqliteBinding?: string;
}

/** The services the handlers call, as the composition root built them. */
export interface ApiServices {
	datasets: DatasetService;
	searches: SearchService;
	pairs: PairService;
	labels: StepLabelService;
	agreement: AgreementService;
	guidelines: GuidelineService;
	jobs: JobRunner;
	rounds: RoundService;
	evaluations: EvaluationService;
	settings: SettingsService;
	models: ModelRegistryService;
}

/** The contract's methods, implemented on the services. Both transports dispatch into this one table. */
export function createApiHandlers(info: AppInfo, {datasets, searches, pairs, labels, agreement, guidelines, jobs, rounds, evaluations, settings, models}: ApiServices): ApiHandlers {
	return {
		'app.info': () => ({
			version: info.version, host: info.host, workspacePath: info.workspacePath, startupWorkspacePath: startupWorkspacePath(info.userDataDir),
			shippedModels: {policyPath: defaultPolicyPath(), ppmPath: shippedPpmPath()}
		}),
		'workspace.choose': ({path}) => ({
			workspacePath: info.workspacePath,
			startupWorkspacePath: chooseStartupWorkspace(path, {userData: info.userDataDir, nativeBinding: info.sqliteBinding})
		}),
		'dataset.list': () => datasets.list(),
		'dataset.import': params => datasets.importUpload(params),
		'dataset.delete': params => datasets.delete(params),
		'dataset.rename': params => datasets.rename(params),
		'dataset.export': params => datasets.export(params),
		'problem.list': params => datasets.listProblems(params),
		'problem.get': params => datasets.getProblem(params),
		'search.start': async ({problemId, question, answers, policyPath, ppmPath, settings: given}) => {
			const problem = problemId === undefined ? null : datasets.getProblem({id: problemId});
			const searchId = await searches.start({
				problemId, question: problem?.question ?? question!, goldAnswers: problem?.answers ?? answers,
				// The settings given, over the workbench's search defaults where they do not say.
				policyPath: policyPath ?? defaultPolicyPath(), ppmPath, settings: {...settings.get().searchDefaults, ...given}
			});
			return {searchId};
		},
		'search.stop': ({searchId}) => ({stopped: searches.stop(searchId)}),
		'search.list': params => searches.list(params),
		'search.get': ({searchId}) => searches.get(searchId),
		'search.events': ({searchId}) => searches.eventLog(searchId),
		'search.outcome': ({searchId}) => searches.outcome(searchId),
		'pair.create': params => pairs.create(params),
		'pair.list': ({searchId}) => pairs.listForSearch(searchId),
		'pair.delete': ({pairId}) => {
			pairs.delete(pairId);
			return {deleted: true};
		},
		'pair.queue': params => pairs.queue(params),
		'pair.get': params => pairs.get(params),
		'pair.next': params => pairs.next(params),
		'pair.label': params => pairs.label(params),
		'pair.undo': params => pairs.undo(params),
		'pair.bulk': params => pairs.bulk(params),
		'pair.export': params => pairs.export(params),
		'pair.import': params => pairs.import(params),
		'pair.flagProblem': params => pairs.flagProblem(params),
		'pairView.list': () => pairs.listViews(),
		'pairView.save': ({name, view}) => pairs.saveView(name, view),
		'pairView.delete': ({id}) => {
			pairs.deleteView(id);
			return {deleted: true};
		},
		'label.trajectory': params => labels.trajectory(params),
		'label.step': params => labels.rate(params),
		'label.finish': params => labels.finish(params),
		'label.list': params => labels.list(params),
		'label.export': params => labels.export(params),
		'guidelines.get': () => guidelines.get(),
		'guidelines.set': ({text, author}) => guidelines.set(text, author),
		'agreement.start': params => agreement.start(params),
		'agreement.list': () => agreement.list(),
		'agreement.next': params => agreement.next(params),
		'agreement.report': ({sampleId}) => agreement.report(sampleId),
		'job.list': params => jobs.list(params),
		'job.log': ({jobId, afterSeq}) => jobs.log(jobId, afterSeq),
		'job.metrics': ({jobId}) => jobs.metrics(jobId),
		'job.pause': ({jobId}) => jobs.pause(jobId),
		'job.resume': ({jobId}) => jobs.resume(jobId),
		'job.stop': ({jobId}) => jobs.stop(jobId),
		'round.list': ({evolution}) => rounds.list(evolution).map(round => rounds.view(round)),
		'round.get': ({roundId}) => rounds.view(rounds.get(roundId)),
		'round.preview': params => rounds.preview(params),
		'round.create': params => rounds.view(rounds.create(params)),
		'round.run': ({roundId, only}) => rounds.view(rounds.start(roundId, {only})),
		'round.pause': ({roundId}) => rounds.view(rounds.pause(roundId)),
		'round.resume': ({roundId}) => rounds.view(rounds.resume(roundId)),
		'round.stop': ({roundId}) => rounds.view(rounds.stop(roundId)),
		'round.problems': ({roundId}) => rounds.problems(roundId),
		'round.report': ({evolution}) => rounds.report(evolution),
		'evaluation.list': params => evaluations.list(params),
		'evaluation.get': ({evaluationId}) => evaluations.get(evaluationId),
		'evaluation.start': params => evaluations.start(params),
		'evaluation.stepDistributions': params => evaluations.stepDistributions(params),
		'model.list': () => models.list(),
		'model.get': ({id}) => models.get(id),
		'model.add': params => models.add(params),
		'model.scan': params => models.scan(params),
		'model.remove': async ({id}) => {
			await models.remove(id);
			return {removed: true};
		},
		'model.setRuntime': ({id, ...runtime}) => models.setRuntime(id, runtime),
		'model.load': ({id}) => models.load(id),
		'model.unload': ({id}) => models.unload(id),
		'model.runtime': () => models.runtime(),
		'settings.get': () => settings.get(),
		'settings.set': update => settings.set(update)
	};
}
