import {candidatesPerExpansion} from '../contract/search.js';
import type {PolicyLoadOptions} from '../contract/modelHost.js';
import {LlamaPolicyProcess} from '../policy/LlamaPolicyProcess.js';
import {OnnxPpmScorerProcess} from '../scorer/OnnxPpmScorerProcess.js';
import type {ModelLoaders} from './SearchService.js';

/** How the policy process uses the hardware. Every field defaults to node-llama-cpp's choice. */
export type HardwareOptions = Pick<PolicyLoadOptions, 'gpu' | 'gpuLayers' | 'contextSize' | 'threads'>;

/**
 * The real models, each in a process of its own (a crash fails the search, not the app): the policy on
 * node-llama-cpp with one sequence per candidate of an expansion, the PPM on onnxruntime.
 */
export function processModelLoaders(hardware: HardwareOptions = {}): {policy: ModelLoaders['policy']; ppm(bundleDir: string): Promise<OnnxPpmScorerProcess>} {
	return {
		policy: (modelPath, settings) => LlamaPolicyProcess.load({
			modelPath, promptFormat: settings.promptFormat, sequences: candidatesPerExpansion(settings),
			reusePrefix: !settings.reproducible, ...hardware
		}),
		ppm: bundleDir => OnnxPpmScorerProcess.load(bundleDir)
	};
}
