import fs from 'node:fs';
import path from 'node:path';
import {sandboxGrader} from './checker/sandboxGrader.js';
import type {Grader} from './engine/ports.js';
import {ensureBuiltinDatasets} from './datasets/ensureBuiltinDatasets.js';
import {packageJsonPath, resourcesDir, userDataDir} from './paths.js';
import {settingsFor} from './contract/presets.js';
import {LazyExecutorPool} from './sandbox/LazyExecutorPool.js';
import {createApiHandlers, type ApiHandlers} from './services/ApiHandlers.js';
import {DatasetService} from './services/DatasetService.js';
import {EvaluationService} from './services/EvaluationService.js';
import {EventBus} from './services/EventBus.js';
import {JobRunner} from './services/JobRunner.js';
import {ModelRegistryService} from './services/ModelRegistryService.js';
import {cachedModelLoaders, localModelLoaders, type ModelMachineOptions} from './services/localModelLoaders.js';
import {AgreementService} from './services/AgreementService.js';
import {GuidelineService} from './services/GuidelineService.js';
import {PairService} from './services/PairService.js';
import {RoundService} from './services/RoundService.js';
import {SearchService} from './services/SearchService.js';
import {SettingsService} from './services/SettingsService.js';
import {StepLabelService} from './services/StepLabelService.js';
import type {WorkbenchSettings} from './contract/settings.js';
import {Workspace} from './store/Workspace.js';

export interface AppOptions {
	workspacePath: string;
	host: 'electron' | 'browser';
	/** Defaults to the repository's or the packaged app's `resources/`. */
	resourcesDir?: string;
	/** See WorkspaceOptions.nativeBinding. */
	sqliteBinding?: string;
	/** Import the built-in datasets into a workspace that lacks them. Defaults to `true`. */
	seedBuiltins?: boolean;
	/** See SearchServiceOptions.searchesPerModel. Defaults to 2. */
	searchesPerModel?: number;
	/** Where and how the models run (device, GPU layers, context, threads). Defaults to the GPU where there is one. */
	models?: ModelMachineOptions;
	/** Sandbox processes that run the searches' code, started by the first run, for this process alone. Defaults to the workspace's setting. */
	sandboxes?: number;
	/** Where the user-level settings file is (the workspace chosen for the next start). Defaults to the user-data folder. */
	userDataDir?: string;
}

/**
 * The composition root: opens the workspace and builds the services, which share one sandbox pool, one grader and
 * one set of model loaders; transports (and the CLI's commands) bind to `handlers`, `events` and the services.
 */
export class App {
	private constructor(
		public readonly workspace: Workspace,
		public readonly events: EventBus,
		public readonly datasets: DatasetService,
		public readonly searches: SearchService,
		public readonly jobs: JobRunner,
		public readonly evaluations: EvaluationService,
		public readonly rounds: RoundService,
		public readonly settings: SettingsService,
		public readonly pairs: PairService,
		public readonly labels: StepLabelService,
		public readonly agreement: AgreementService,
		public readonly guidelines: GuidelineService,
		public readonly models: ModelRegistryService,
		/** The sandbox pool that runs the searches' code, as the settings size and limit it. */
		public readonly executor: LazyExecutorPool,
		/** Math-Verify in a sandbox pool of its own: the reward of every answer, and `rstar check`'s verdicts. */
		public readonly grader: Grader,
		private readonly closeGrader: () => Promise<void>,
		private readonly closeModels: () => Promise<void>,
		public readonly handlers: ApiHandlers
	) {}

	public static async open(options: AppOptions): Promise<App> {
		const workspace = Workspace.open(options.workspacePath, {nativeBinding: options.sqliteBinding});
		try {
			if (options.seedBuiltins ?? true)
				await ensureBuiltinDatasets(workspace, path.join(options.resourcesDir ?? resourcesDir(), 'datasets'));

			const events = new EventBus();
			const datasets = new DatasetService(workspace, events);
			const settings = new SettingsService(workspace, events);
			// Started by the first search, sized and limited as the settings say, again whenever they change.
			const poolOptions = ({sandbox}: WorkbenchSettings) => ({
				size: options.sandboxes ?? sandbox.workers, limits: {memoryMb: sandbox.memoryMb, maxOutputBytes: sandbox.maxOutputBytes}
			});
			const executor = new LazyExecutorPool(poolOptions(settings.get()));
			settings.onChange(next => executor.configure(poolOptions(next)));
			// Searches running at once on one model share its process, freed when the last of them ends.
			// A policy loads with its registered runtime settings; `models` is built below, and is asked only at a load.
			const loaders = cachedModelLoaders(localModelLoaders({
				...options.models, onWarning: message => events.log('warn', message), runtimeOf: modelPath => models.runtimeFor(modelPath)
			}), {freeIdle: true});
			const models = new ModelRegistryService(workspace, loaders, () => {
				const defaults = settings.get().searchDefaults;
				return settingsFor(defaults.preset, defaults);
			}, events, (options.seedBuiltins ?? true) ? path.join(options.resourcesDir ?? resourcesDir(), 'models') : undefined);
			// Building it marks `interrupted` the searches a dead process left running.
			const grading = sandboxGrader();
			const searches = new SearchService(workspace, loaders, executor, grading.grader, events, {searchesPerModel: options.searchesPerModel});
			const jobs = new JobRunner(workspace, events);
			const evaluations = new EvaluationService(workspace, searches, grading.grader, jobs);
			const pairs = new PairService(workspace, events);
			const rounds = new RoundService(workspace, searches, evaluations, jobs, events, () => settings.get(), pairs);
			const labels = new StepLabelService(workspace);
			const agreement = new AgreementService(workspace);
			const guidelines = new GuidelineService(workspace);
			const handlers = createApiHandlers({
				version: appVersion(), host: options.host, workspacePath: workspace.path, userDataDir: options.userDataDir ?? userDataDir(), sqliteBinding: options.sqliteBinding
			}, {datasets, searches, pairs, labels, agreement, guidelines, jobs, rounds, evaluations, settings, models});
			return new App(workspace, events, datasets, searches, jobs, evaluations, rounds, settings, pairs, labels, agreement, guidelines, models, executor, grading.grader,
				grading.close, loaders.close, handlers);
		} catch (error) {
			workspace.close();
			throw error;
		}
	}

	/** Stops running rounds, evaluations started in the background and searches (each records how it ended), then frees the models and closes the sandbox and the workspace. */
	public async close(): Promise<void> {
		await this.rounds.close();
		await this.evaluations.close();
		await this.searches.close();
		await this.models.close();
		await this.closeModels();
		await this.executor.close();
		await this.closeGrader();
		this.workspace.close();
	}
}

export function appVersion(): string {
	return (JSON.parse(fs.readFileSync(packageJsonPath(), 'utf8')) as {version: string}).version;
}
