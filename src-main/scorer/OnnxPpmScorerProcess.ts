import {ScoreResult} from '../contract/modelHost.js';
import type {Scorer} from '../engine/ports.js';
import {ModelProcess} from '../modelHost/ModelProcess.js';

/** The PPM (OnnxPpmScorer) in a process of its own, like the policy. */
export class OnnxPpmScorerProcess implements Scorer {
	private constructor(private readonly process: ModelProcess) {}

	public static async load(bundleDir: string, options: {device?: 'auto' | 'cpu' | 'cuda'} = {}): Promise<OnnxPpmScorerProcess> {
		return new OnnxPpmScorerProcess(await ModelProcess.start({kind: 'ppm', bundleDir, device: options.device}));
	}

	public get sha256(): string {
		return this.process.sha256;
	}

	public get device(): string {
		return this.process.device;
	}

	public async score(question: string, trajectories: readonly string[][], signal?: AbortSignal): Promise<number[]> {
		return (await this.process.call({type: 'score', payload: {question, trajectories: trajectories.map(steps => [...steps])}}, ScoreResult, signal)).scores;
	}

	public dispose(): Promise<void> {
		return this.process.dispose();
	}
}
