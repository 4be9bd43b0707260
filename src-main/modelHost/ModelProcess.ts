import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import type {z} from 'zod';
import {RstarError} from '../contract/errors.js';
import {ModelHostMessage, type ModelHostRequest, type ModelLoad} from '../contract/modelHost.js';
import {endChildProcess, nodeProcess} from '../nodeProcess.js';
import {appRoot} from '../paths.js';

type Call = Extract<ModelHostRequest, {type: 'expand' | 'score' | 'fit'}>;

/**
 * A model in a process of its own (dist/main/model-host.js), seen from the parent: calls go over IPC, answers are
 * schema-checked, and a crash of the process fails the calls in flight with a message naming the model.
 */
export class ModelProcess {
	private nextId = 1;
	private readonly pending = new Map<number, {resolve(result: unknown): void; reject(error: Error): void}>();
	private exitReason: string | null = null;

	private constructor(private readonly child: ChildProcess, private readonly modelPath: string, public readonly sha256: string, public readonly device: string) {
		child.on('message', (raw: unknown) => {
			const parsed = ModelHostMessage.safeParse(raw);
			if (!parsed.success || parsed.data.type === 'loaded' || parsed.data.id === null)
				return;
			const message = parsed.data;
			const waiting = this.pending.get(message.id!);
			this.pending.delete(message.id!);
			if (message.type === 'result')
				waiting?.resolve(message.result);
			else
				waiting?.reject(new Error(message.message));
		});
		child.on('exit', (code, signal) => {
			this.exitReason = `the model process for ${modelPath} exited (${signal ?? `code ${code}`})`;
			for (const waiting of this.pending.values())
				waiting.reject(new RstarError('internal', `${this.exitReason} during a call: a crash in native code (out of memory, a corrupt model?)`));
			this.pending.clear();
		});
	}

	/** Starts the process and loads the model; rejects with the reason when it cannot be loaded. */
	public static start(load: ModelLoad): Promise<ModelProcess> {
		const modelPath = load.kind === 'policy' ? load.options.modelPath : load.bundleDir;
		const what = load.kind === 'policy' ? 'the policy model' : 'the PPM bundle';
		const node = nodeProcess();
		const child = spawn(node.command, [path.join(appRoot, 'dist', 'main', 'model-host.js'), JSON.stringify(load)], {
			env: {...process.env, ...node.env}, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json'
		});
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-2000);
		});
		return new Promise((resolve, reject) => {
			const onMessage = (raw: unknown) => {
				const parsed = ModelHostMessage.safeParse(raw);
				if (!parsed.success)
					return;
				child.off('message', onMessage);
				child.off('exit', onExit);
				if (parsed.data.type === 'loaded')
					resolve(new ModelProcess(child, modelPath, parsed.data.sha256, parsed.data.device));
				else {
					child.kill();
					reject(new RstarError('invalid-params', `cannot load ${what} ${modelPath}: ${parsed.data.type === 'failed' ? parsed.data.message : 'unexpected answer'}`));
				}
			};
			const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
				child.off('message', onMessage);
				reject(new RstarError('invalid-params', `the model process crashed while loading ${what} ${modelPath} (${signal ?? `code ${code}`}): is the file corrupt or too large for this machine?${stderr ? ` ${stderr.trim().split('\n').at(-1)}` : ''}`));
			};
			child.on('message', onMessage);
			child.once('exit', onExit);
		});
	}

	/** The model process's id. */
	public get pid(): number | undefined {
		return this.child.pid;
	}

	/** One call; `signal` asks the process to stop it. The answer is checked against `schema`. */
	public call<S extends z.ZodType>(request: Omit<Call, 'id'>, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
		if (this.exitReason)
			return Promise.reject(new RstarError('internal', this.exitReason));
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			const onAbort = () => this.child.send({type: 'abort', id});
			signal?.addEventListener('abort', onAbort, {once: true});
			const settle = () => signal?.removeEventListener('abort', onAbort);
			this.pending.set(id, {
				resolve: result => {
					settle();
					const parsed = schema.safeParse(result);
					if (parsed.success)
						resolve(parsed.data);
					else
						reject(new RstarError('internal', `the model process for ${this.modelPath} answered out of contract: ${parsed.error.message}`));
				},
				reject: error => {
					settle();
					reject(signal?.aborted ? signal.reason : error);
				}
			});
			this.child.send({...request, id});
		});
	}

	public async dispose(): Promise<void> {
		if (!this.exitReason)
			await endChildProcess(this.child, {type: 'dispose'}, 5000);
	}
}
