import fs from 'node:fs';
import path from 'node:path';
import {LlamaPolicyProcess} from '../policy/LlamaPolicyProcess.js';
import {OnnxPpmScorerProcess} from '../scorer/OnnxPpmScorerProcess.js';
import type {ModelLoaders} from './SearchService.js';

export interface LocalModelOptions {
	gpu: 'auto' | 'cuda' | 'vulkan' | 'metal' | 'cpu';
	gpuLayers: number | 'auto';
	contextSize?: number;
	threads?: number;
	/** Told when a model will be slow where it runs. */
	onWarning?(message: string): void;
}

/** The real models, each in a supervised child process on this machine: the policy on node-llama-cpp, the PPM on onnxruntime. */
export function localModelLoaders(options: LocalModelOptions): ModelLoaders {
	return {
		policy: (modelPath, model) => LlamaPolicyProcess.load({
			...model, modelPath, gpu: options.gpu === 'cpu' ? false : options.gpu, gpuLayers: options.gpuLayers,
			contextSize: options.contextSize, threads: options.threads
		}),
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

/**
 * Loaders that load each model once and keep it across searches (an evaluation runs hundreds with the same models):
 * a search's `dispose` leaves it loaded; `close` frees them all.
 */
export function cachedModelLoaders(loaders: ModelLoaders): ModelLoaders & {close(): Promise<void>} {
	const loaded = new Map<string, Promise<Loaded>>();
	const keep = <T extends Loaded>(key: string, load: () => Promise<T>): Promise<T> => {
		if (!loaded.has(key))
			loaded.set(key, load().catch(error => {
				loaded.delete(key);
				throw error;
			}));
		return (loaded.get(key) as Promise<T>).then(model => new Proxy(model, {
			get: (target, property) => {
				if (property === 'dispose')
					return async () => {};
				const value: unknown = Reflect.get(target, property, target);
				return typeof value === 'function' ? value.bind(target) : value;
			}
		}));
	};
	return {
		policy: (modelPath, model) => keep(`policy\0${modelPath}\0${model.promptFormat}\0${model.sequences}\0${model.reusePrefix}`, () => loaders.policy(modelPath, model)),
		ppm: bundleDir => keep(`ppm\0${bundleDir}`, () => loaders.ppm(bundleDir)),
		close: async () => {
			const models = await Promise.allSettled(loaded.values());
			loaded.clear();
			await Promise.all(models.map(result => result.status === 'fulfilled' ? result.value.dispose() : undefined));
		}
	};
}
