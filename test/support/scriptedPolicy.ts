import type {Candidate, Executor, ExpandRequest, Policy, PromptFit, Scorer} from '../../src-main/engine/ports.js';
import type {ExecResult} from '../../src-main/contract/sandbox.js';
import type {ModelLoaders} from '../../src-main/services/SearchService.js';

/**
 * A policy that answers from a script: for the steps so far, the candidate texts to offer; which of them each
 * candidate slot gets is decided by its seed, as a sampler would. Records every request.
 */
export class ScriptedPolicy implements Policy {
	public readonly requests: ExpandRequest[] = [];

	public constructor(private readonly script: (steps: readonly string[]) => string[]) {}

	/** A scripted policy's context has no end. */
	public async fit(question: string): Promise<PromptFit> {
		return unboundedFit(question);
	}

	public async expand(request: ExpandRequest): Promise<Candidate[]> {
		this.requests.push(request);
		const options = this.script(request.steps);
		return request.seeds.map(seed => {
			const text = options[seed % options.length]!;
			return {text, stopReason: /<end_of_(step|code|answer)>$/.test(text) ? (text.match(/<(end_of_\w+)>$/)![1] as Candidate['stopReason']) : 'max-tokens', tokens: text.length};
		});
	}
}

/** A prompt of one token per character, in a context without end: what scripted policies report. */
function unboundedFit(question: string): PromptFit {
	return {promptTokens: question.length, contextTokens: Number.MAX_SAFE_INTEGER};
}

/**
 * Stands in for Python in engine unit tests: a program fails if it contains `raise`, and prints what its last
 * `# prints: …` comment says. (Integration tests use the real sandbox.)
 */
export class ScriptedExecutor implements Executor {
	public readonly programs: string[] = [];

	public async run(code: string): Promise<ExecResult> {
		this.programs.push(code);
		const fails = /\braise\b/.test(code);
		const prints = [...code.matchAll(/# prints: (.*)/g)].at(-1)?.[1];
		return {
			ok: !fails, stdout: !fails && prints ? `${prints}\n` : '', stderr: '', error: fails ? 'Traceback (most recent call last):\nValueError' : null,
			timedOut: false, ms: 1, truncated: false
		};
	}
}

/**
 * A policy whose candidates are exactly what the script lists for the steps so far, in order (cycled to the count
 * asked for), whatever the seeds: for tests whose expected numbers are worked out by hand. A candidate's stop reason
 * is the marker it ends with, else `eos`.
 */
export class FixedPolicy implements Policy {
	public readonly requests: ExpandRequest[] = [];

	public constructor(private readonly script: (steps: readonly string[]) => string[]) {}

	/** A scripted policy's context has no end. */
	public async fit(question: string): Promise<PromptFit> {
		return unboundedFit(question);
	}

	public async expand(request: ExpandRequest): Promise<Candidate[]> {
		this.requests.push(request);
		const options = this.script(request.steps);
		return Array.from({length: request.count}, (_, i) => {
			const text = options[i % options.length]!;
			const marker = /<(end_of_step|end_of_code|end_of_answer)>$/.exec(text)?.[1] as Candidate['stopReason'] | undefined;
			return {text, stopReason: marker ?? 'eos', tokens: text.length};
		});
	}
}

/** A PPM that scores a partial trajectory by a function of its last step (0 for the empty trajectory). */
export class ScriptedScorer implements Scorer {
	public readonly calls: string[][][] = [];

	public constructor(private readonly scoreOf: (lastStep: string) => number) {}

	public async score(_question: string, trajectories: readonly string[][]): Promise<number[]> {
		this.calls.push(trajectories.map(steps => [...steps]));
		return trajectories.map(steps => steps.length === 0 ? 0 : this.scoreOf(steps.at(-1)!));
	}
}

/**
 * Model loaders for service tests: a policy that answers every problem in two steps, rightly or wrongly by the
 * candidate's seed (a tree of a few nodes per problem), `delayMs` per expansion; no PPM.
 */
export function twoStepLoaders(delayMs = 0): ModelLoaders {
	const policy = new ScriptedPolicy(steps => steps.length === 0
		? ['<code>\n# the sum\nx = 1 + 1\n<end_of_step>', '<code>\n# the product\nx = 2 * 3\n<end_of_step>']
		: ['# print it\nprint(x)\n# prints: 2\n<end_of_code>\n<output>2\n<end_of_output>\n<answer>\\boxed{2}<end_of_answer>']);
	const expand = policy.expand.bind(policy);
	policy.expand = async request => {
		await new Promise(resolve => setTimeout(resolve, delayMs));
		return expand(request);
	};
	return {
		policy: async () => Object.assign(Object.create(policy) as ScriptedPolicy, {sha256: 'scripted', dispose: async () => {}}),
		ppm: () => Promise.reject(new Error('no PPM in this test'))
	};
}
