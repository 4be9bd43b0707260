import type {ExecLimitsInput, ExecResult} from '../contract/sandbox.js';
import type {Executor} from '../engine/ports.js';
import {PyodideExecutorPool, type PyodideExecutorPoolOptions} from './PyodideExecutorPool.js';

/** A PyodideExecutorPool started by its first run: an app that never searches starts no sandbox process. */
export class LazyExecutorPool implements Executor {
	private pool: PyodideExecutorPool | null = null;

	public constructor(private readonly options: PyodideExecutorPoolOptions = {}) {}

	public run(code: string, limits?: ExecLimitsInput): Promise<ExecResult> {
		this.pool ??= new PyodideExecutorPool(this.options);
		return this.pool.run(code, limits);
	}

	public async close(): Promise<void> {
		await this.pool?.close();
	}
}
