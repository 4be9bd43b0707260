import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {RstarError} from '../contract/errors.js';
import {PolicyHostMessage, type PolicyLoadOptions} from '../contract/policyHost.js';
import type {Candidate, ExpandRequest, Policy} from '../engine/ports.js';
import {endChildProcess, nodeProcess} from '../nodeProcess.js';
import {appRoot} from '../paths.js';
import type {PolicyStats} from './LlamaPolicy.js';

/**
 * The policy, in a process of its own (dist/main/policy-host.js runs LlamaPolicy): the app and the CLI talk to it
 * over IPC. A model that crashes llama.cpp ends that process; the search in flight fails with a message naming the
 * model, and nothing else goes down.
 */
export class LlamaPolicyProcess implements Policy {
	public stats: PolicyStats = {promptTokens: 0, reusedTokens: 0, generatedTokens: 0};
	private nextId = 1;
	private readonly pending = new Map<number, {resolve(candidates: Candidate[]): void; reject(error: Error): void}>();
	private exitReason: string | null = null;

	private constructor(private readonly child: ChildProcess, private readonly modelPath: string, public readonly sha256: string, public readonly device: string) {
		child.on('message', (raw: unknown) => {
			const parsed = PolicyHostMessage.safeParse(raw);
			if (!parsed.success || parsed.data.type === 'loaded')
				return;
			const message = parsed.data;
			const id = message.id;
			if (id === null)
				return;
			const waiting = this.pending.get(id);
			this.pending.delete(id);
			if (message.type === 'candidates') {
				this.stats = message.stats;
				waiting?.resolve(message.candidates);
			} else
				waiting?.reject(new Error(message.message));
		});
		child.on('exit', (code, signal) => {
			this.exitReason = `the policy process for ${modelPath} exited (${signal ?? `code ${code}`})`;
			for (const waiting of this.pending.values())
				waiting.reject(new RstarError('internal', `${this.exitReason} during an expansion: a crash in llama.cpp (out of memory, a corrupt model?)`));
			this.pending.clear();
		});
	}

	/** Starts the process and loads the model; rejects with the reason when the model cannot be loaded. */
	public static load(options: PolicyLoadOptions): Promise<LlamaPolicyProcess> {
		const node = nodeProcess();
		const child = spawn(node.command, [path.join(appRoot, 'dist', 'main', 'policy-host.js'), JSON.stringify(options)], {
			env: {...process.env, ...node.env}, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json'
		});
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-2000);
		});
		return new Promise((resolve, reject) => {
			const onMessage = (raw: unknown) => {
				const parsed = PolicyHostMessage.safeParse(raw);
				if (!parsed.success)
					return;
				child.off('message', onMessage);
				child.off('exit', onExit);
				if (parsed.data.type === 'loaded')
					resolve(new LlamaPolicyProcess(child, options.modelPath, parsed.data.sha256, parsed.data.device));
				else {
					child.kill();
					reject(new RstarError('invalid-params', `cannot load the policy model ${options.modelPath}: ${parsed.data.type === 'failed' ? parsed.data.message : 'unexpected answer'} — is it a GGUF file?`));
				}
			};
			const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
				child.off('message', onMessage);
				reject(new RstarError('invalid-params', `the policy process crashed while loading ${options.modelPath} (${signal ?? `code ${code}`}): is the GGUF file corrupt or too large for this machine?${stderr ? ` ${stderr.trim().split('\n').at(-1)}` : ''}`));
			};
			child.on('message', onMessage);
			child.once('exit', onExit);
		});
	}

	/** The policy process's id. */
	public get pid(): number | undefined {
		return this.child.pid;
	}

	public expand(request: ExpandRequest, signal?: AbortSignal): Promise<Candidate[]> {
		if (this.exitReason)
			return Promise.reject(new RstarError('internal', this.exitReason));
		const id = this.nextId++;
		return new Promise<Candidate[]>((resolve, reject) => {
			const onAbort = () => this.child.send({type: 'abort', id});
			signal?.addEventListener('abort', onAbort, {once: true});
			this.pending.set(id, {
				resolve: candidates => {
					signal?.removeEventListener('abort', onAbort);
					resolve(candidates);
				},
				reject: error => {
					signal?.removeEventListener('abort', onAbort);
					reject(signal?.aborted ? signal.reason : error);
				}
			});
			this.child.send({type: 'expand', id, request: {...request, steps: [...request.steps], seeds: [...request.seeds]}});
		});
	}

	public async dispose(): Promise<void> {
		if (!this.exitReason)
			await endChildProcess(this.child, {type: 'dispose'}, 5000);
	}
}
