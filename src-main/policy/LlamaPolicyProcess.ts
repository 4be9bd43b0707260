import {ExpandResult, FitResult, type PolicyLoadOptions} from '../contract/modelHost.js';
import type {Candidate, ExpandRequest, Policy, PromptFit} from '../engine/ports.js';
import {ModelProcess} from '../modelHost/ModelProcess.js';
import type {PolicyStats} from './LlamaPolicy.js';

/** The policy (LlamaPolicy) in a process of its own: a crash in llama.cpp fails the search, not the app. */
export class LlamaPolicyProcess implements Policy {
	public stats: PolicyStats = {promptTokens: 0, reusedTokens: 0, copiedTokens: 0, generatedTokens: 0};

	private constructor(private readonly process: ModelProcess) {}

	public static async load(options: PolicyLoadOptions): Promise<LlamaPolicyProcess> {
		return new LlamaPolicyProcess(await ModelProcess.start({kind: 'policy', options}));
	}

	public get sha256(): string {
		return this.process.sha256;
	}

	public get device(): string {
		return this.process.device;
	}

	public get pid(): number | undefined {
		return this.process.pid;
	}

	public async expand(request: ExpandRequest, signal?: AbortSignal): Promise<Candidate[]> {
		const result = await this.process.call({type: 'expand', payload: {...request, steps: [...request.steps], seeds: [...request.seeds]}}, ExpandResult, signal);
		this.stats = result.stats;
		return result.candidates;
	}

	public fit(question: string): Promise<PromptFit> {
		return this.process.call({type: 'fit', payload: {question}}, FitResult);
	}

	public dispose(): Promise<void> {
		return this.process.dispose();
	}
}
