import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {getLlamaGpuTypes} from 'node-llama-cpp';
import {RstarError} from '../contract/errors.js';
import type {ModelAddParams, ModelRuntime, ModelRuntimeSettings, RegisteredModel} from '../contract/models.js';
import type {SearchSettings} from '../contract/search.js';
import {inspectModel, isPpmBundle} from '../models/inspectModel.js';
import {ModelStore, type StoredRegisteredModel} from '../store/ModelStore.js';
import type {Workspace} from '../store/Workspace.js';
import type {EventBus} from './EventBus.js';
import {modelFileKey} from './modelFileKey.js';
import {policyModelOptions, type ModelLoaders} from './SearchService.js';

type Held = Awaited<ReturnType<ModelLoaders['policy']>> | Awaited<ReturnType<ModelLoaders['ppm']>>;

/** Folders a scan does not descend into: dependencies and version control, never models of the user's. */
const skippedFolders = new Set(['node_modules', '.git', '.venv', '__pycache__']);

/**
 * The model registry: policies, LoRA adapters and PPM bundles on disk, registered by path (never copied) with what
 * reading them told, their lineage and their runtime settings. Models the rounds train are registered as they appear;
 * the shipped ones at every start. A model loaded here is held through the app's model loaders, so searches on it share
 * its process.
 */
export class ModelRegistryService {
	private readonly store: ModelStore;
	/** Loads in flight, and the models they gave, held until `unload`. */
	private readonly loading = new Map<number, Promise<Held>>();
	private readonly loaded = new Map<number, Held>();

	/** The shipped models' registration, done once, at the first listing: reading them (a SHA-256 of the 98 MB base
	 * model among them) is no cost for a process that never lists models, as most CLI commands do not. */
	private builtins: Promise<void> | null = null;

	public constructor(workspace: Workspace, private readonly loaders: ModelLoaders, private readonly searchSettings: () => SearchSettings, private readonly events?: EventBus,
		private readonly builtinsFolder?: string) {
		this.store = new ModelStore(workspace.db);
	}

	/**
	 * Registers the models shipped in `folder` (resources/models) as built-in; those registered already are not read
	 * again. A resources folder without one (a test's) ships none.
	 */
	public async registerBuiltins(folder: string): Promise<void> {
		if (!fs.existsSync(folder))
			return;
		for (const found of findModels(folder)) {
			const known = this.store.byPath(modelFileKey(found));
			if (!known?.builtin)
				await this.register(found, {builtin: true});
		}
	}

	/** Registers a GGUF file or a PPM bundle folder; any other folder is scanned. */
	public async add({path: given}: ModelAddParams): Promise<RegisteredModel[]> {
		const target = existing(given);
		if (fs.statSync(target).isDirectory() && !isPpmBundle(target))
			return this.scan({path: target});
		const id = await this.register(target);
		this.changed();
		return [this.get(id)];
	}

	/** Registers every GGUF file and PPM bundle below a folder (recursively); returns them. */
	public async scan({path: given}: ModelAddParams): Promise<RegisteredModel[]> {
		const folder = existing(given);
		if (!fs.statSync(folder).isDirectory())
			throw new RstarError('invalid-params', `${folder} is a file, not a folder — scan a folder, or add the file`);
		const ids: number[] = [];
		for (const found of findModels(folder))
			ids.push(await this.register(found));
		this.changed();
		return ids.map(id => this.get(id));
	}

	/** Every registered model, after registering those the rounds trained since. */
	public async list(): Promise<RegisteredModel[]> {
		if (this.builtinsFolder !== undefined) {
			this.builtins ??= this.registerBuiltins(this.builtinsFolder).catch(error => {
				this.builtins = null;
				throw error;
			});
			await this.builtins;
		}
		const trained = this.store.unregisteredTrainedModels().filter(model => fs.existsSync(model.path));
		for (const model of trained)
			await this.register(model.path, {trainedModelId: model.id});
		if (trained.length > 0)
			this.changed();
		return this.store.list().map(model => this.withLoaded(model));
	}

	public get(id: number): RegisteredModel {
		return this.withLoaded(this.stored(id));
	}

	/** Unregisters a model (its files stay); a built-in one is refused. */
	public async remove(id: number): Promise<void> {
		const model = this.stored(id);
		if (model.builtin)
			throw new RstarError('model.builtin', `${model.name} ships with the app and is registered again at every start: it cannot be removed`);
		await this.unload(id);
		this.store.remove(id);
		this.changed();
	}

	/** Replaces a policy's runtime settings; in effect from its next load. */
	public setRuntime(id: number, runtime: ModelRuntimeSettings): RegisteredModel {
		const model = this.stored(id);
		if (model.kind === 'ppm')
			throw new RstarError('invalid-params', `${model.name} is a PPM bundle: runtime settings (GPU layers, context, sequences, threads) are a policy's`);
		this.store.setRuntime(id, runtime);
		this.changed();
		return this.get(id);
	}

	/** The runtime settings the model loaders use for the model at `modelPath`; none for a model not registered. */
	public runtimeFor(modelPath: string): ModelRuntimeSettings {
		return this.store.runtimeFor(modelFileKey(modelPath));
	}

	/**
	 * Loads a policy (with the search defaults' prompt format and sequences, so a search on the defaults shares it) or
	 * a PPM, and holds it until `unload`. Resolves once it is loaded; a failure is the load's error.
	 */
	public async load(id: number): Promise<RegisteredModel> {
		const model = this.stored(id);
		if (model.status === 'error')
			throw new RstarError('invalid-params', `${model.name} cannot be loaded: ${model.error}`);
		if (!this.loaded.has(id)) {
			let loading = this.loading.get(id);
			if (!loading) {
				loading = model.kind === 'ppm' ? this.loaders.ppm(model.path) : this.loaders.policy(model.path, policyModelOptions(this.searchSettings()));
				this.loading.set(id, loading);
				loading.then(held => this.loaded.set(id, held), () => undefined).finally(() => this.loading.delete(id));
			}
			await loading;
			this.changed();
		}
		return this.get(id);
	}

	public async unload(id: number): Promise<RegisteredModel> {
		await this.loading.get(id)?.catch(() => undefined);
		const held = this.loaded.get(id);
		if (held) {
			this.loaded.delete(id);
			await held.dispose();
			this.changed();
		}
		return this.get(id);
	}

	/** What this machine offers: node-llama-cpp's usable GPU backends, memory, cores, and the models held loaded. */
	public async runtime(): Promise<ModelRuntime> {
		const gpus = await getLlamaGpuTypes('supported');
		const loaded = [...this.loaded.keys()].map(id => this.get(id));
		return {
			backends: [...gpus.filter(gpu => gpu !== false), 'cpu'], memory: {totalBytes: os.totalmem(), freeBytes: os.freemem()},
			cpus: os.availableParallelism(), loaded: loaded.map(({id, name, device}) => ({id, name, device}))
		};
	}

	/** Gives back every model held loaded. */
	public async close(): Promise<void> {
		await Promise.all([...this.loading.keys(), ...this.loaded.keys()].map(id => this.unload(id)));
	}

	private async register(modelPath: string, options: {builtin?: boolean; trainedModelId?: number} = {}): Promise<number> {
		const key = modelFileKey(modelPath);
		return this.store.upsert(key, await inspectModel(key), options);
	}

	private stored(id: number): StoredRegisteredModel {
		const model = this.store.get(id);
		if (!model)
			throw new RstarError('not-found', `no registered model ${id} — rstar models list shows them`);
		return model;
	}

	/** Adds the loaded state (a load in flight is not loaded yet) and the device the model process reports. */
	private withLoaded(model: StoredRegisteredModel): RegisteredModel {
		const held = this.loaded.get(model.id);
		// The loaders type what a search needs; the model processes behind them also say where they run.
		const device = (held as {device?: unknown} | undefined)?.device;
		return {...model, loaded: held !== undefined, device: typeof device === 'string' ? device : null};
	}

	private changed(): void {
		this.events?.emit('models.changed', {});
	}
}

function existing(given: string): string {
	const target = path.resolve(given);
	if (!fs.existsSync(target))
		throw new RstarError('not-found', `nothing at ${target} — give the path of a .gguf file, a PPM bundle folder, or a folder to scan`);
	return target;
}

/** The GGUF files and PPM bundle folders at or below `folder`, in path order; a bundle's own folder is not searched further. */
function findModels(folder: string): string[] {
	const found: string[] = [];
	const visit = (dir: string) => {
		if (isPpmBundle(dir)) {
			found.push(dir);
			return;
		}
		for (const entry of fs.readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory() && !skippedFolders.has(entry.name))
				visit(full);
			else if (entry.isFile() && entry.name.toLowerCase().endsWith('.gguf'))
				found.push(full);
		}
	};
	visit(folder);
	return found;
}
