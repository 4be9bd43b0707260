import fs from 'node:fs';
import path from 'node:path';
import {LlamaPolicyProcess} from '../policy/LlamaPolicyProcess.js';
import {OnnxPpmScorerProcess} from '../scorer/OnnxPpmScorerProcess.js';
import type {ModelRuntimeSettings} from '../contract/models.js';
import {modelFileKey} from './modelFileKey.js';
import type {ModelLoaders} from './SearchService.js';

/** How the models run on this machine; what else a policy's loading depends on comes from each search (PolicyModelOptions). */
export interface ModelMachineOptions {
	/** `auto` uses CUDA, Vulkan or Metal where present. Defaults to `auto`. */
	gpu?: 'auto' | 'cuda' | 'vulkan' | 'metal' | 'cpu';
	/** The policy's layers offloaded to the GPU. Defaults to `auto`. */
	gpuLayers?: number | 'auto';
	contextSize?: number;
	threads?: number;
}

export interface LocalModelOptions extends ModelMachineOptions {
	/** Told when a model will be slow where it runs. */
	onWarning?(message: string): void;
	/** A policy's own runtime settings (the model registry's), over the machine's. Defaults to none. */
	runtimeOf?(modelPath: string): ModelRuntimeSettings;
}

/** The real models, each in a supervised child process on this machine: the policy on node-llama-cpp, the PPM on onnxruntime. */
export function localModelLoaders(options: LocalModelOptions): ModelLoaders {
	return {
		policy: (modelPath, model) => {
			const own = options.runtimeOf?.(modelPath) ?? {};
			return LlamaPolicyProcess.load({
				...model, modelPath, gpu: options.gpu === 'cpu' ? false : options.gpu, gpuLayers: own.gpuLayers ?? options.gpuLayers,
				contextSize: own.contextSize ?? options.contextSize, threads: own.threads ?? options.threads,
				// The model's cap on parallel sequences: candidates beyond it are sampled in waves.
				sequences: Math.min(model.sequences, own.sequences ?? model.sequences)
			});
		},
		ppm: async bundleDir => {
			const scorer = await OnnxPpmScorerProcess.load(bundleDir);
			// onnxruntime's CPU provider runs at ~70–120 GFLOP/s here: fine for tiny PPMs, hours for billion-parameter ones.
			const megabytes = fs.statSync(path.join(bundleDir, 'model.onnx')).size / 1024 / 1024;
			if (scorer.device === 'cpu' && megabytes > 200)
				options.onWarning?.(`the PPM (${Math.round(megabytes)} MB) runs on the CPU — slow for a model this size; install onnxruntime's CUDA provider (ONNXRUNTIME_NODE_INSTALL=cuda12 npm install) on a CUDA machine`);
			return scorer;
		}
	};
}

type Loaded = Awaited<ReturnType<ModelLoaders['policy']>> | Awaited<ReturnType<ModelLoaders['ppm']>>;

export interface CachedModelLoadersOptions {
	/**
	 * Free a model as soon as no search holds it (the app, whose searches come and go on any model). Defaults to
	 * `false`: kept until `close` (an evaluation runs hundreds of searches, one after another, on the same models).
	 */
	freeIdle?: boolean;
}

/**
 * Loaders that share each loaded model among the searches that ask for it (the same file and load options): searches
 * that start together load it once and run on one model process, whose calls queue in the model. Each search's
 * `dispose` gives its hold back; `close` frees every model.
 */
export function cachedModelLoaders(loaders: ModelLoaders, options: CachedModelLoadersOptions = {}): ModelLoaders & {close(): Promise<void>} {
	type Entry = {model: Promise<Loaded>; holders: number};
	const loaded = new Map<string, Entry>();
	const start = (key: string, load: () => Promise<Loaded>): Entry => {
		const entry: Entry = {model: load(), holders: 0};
		loaded.set(key, entry);
		// A model that failed to load is not kept: the next search tries again.
		entry.model.catch(() => loaded.get(key) === entry && loaded.delete(key));
		return entry;
	};
	const hold = async <T extends Loaded>(key: string, load: () => Promise<T>): Promise<T> => {
		const entry = loaded.get(key) ?? start(key, load);
		entry.holders++;
		const model = await entry.model as T;
		let held = true;
		const release = async () => {
			if (!held)
				return;
			held = false;
			// The last holder frees it, unless `close` did already.
			if (--entry.holders === 0 && options.freeIdle && loaded.get(key) === entry) {
				loaded.delete(key);
				await model.dispose();
			}
		};
		return new Proxy(model, {
			get: (target, property) => {
				if (property === 'dispose')
					return release;
				const value: unknown = Reflect.get(target, property, target);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		});
	};
	return {
		policy: (modelPath, model) => hold(`policy\0${modelFileKey(modelPath)}\0${model.promptFormat}\0${model.sequences}\0${model.reusePrefix}`, () => loaders.policy(modelPath, model)),
		ppm: bundleDir => hold(`ppm\0${modelFileKey(bundleDir)}`, () => loaders.ppm(bundleDir)),
		close: async () => {
			const entries = [...loaded.values()];
			loaded.clear();
			const models = await Promise.allSettled(entries.map(entry => entry.model));
			await Promise.all(models.map(result => result.status === 'fulfilled' ? result.value.dispose() : undefined));
		}
	};
}
