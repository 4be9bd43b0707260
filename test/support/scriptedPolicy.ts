import type {Candidate, Executor, ExpandRequest, Policy} from '../../src-main/engine/ports.js';
import type {ExecResult} from '../../src-main/contract/sandbox.js';

/**
 * A policy that answers from a script: for the steps so far, the candidate texts to offer; which of them each
 * candidate slot gets is decided by its seed, as a sampler would. Records every request.
 */
export class ScriptedPolicy implements Policy {
	public readonly requests: ExpandRequest[] = [];

	public constructor(private readonly script: (steps: readonly string[]) => string[]) {}

	public async expand(request: ExpandRequest): Promise<Candidate[]> {
		this.requests.push(request);
		const options = this.script(request.steps);
		return request.seeds.map(seed => {
			const text = options[seed % options.length]!;
			return {text, stopReason: /<end_of_(step|code|answer)>$/.test(text) ? (text.match(/<(end_of_\w+)>$/)![1] as Candidate['stopReason']) : 'max-tokens', tokens: text.length};
		});
	}
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
