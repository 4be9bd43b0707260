import type {ExecLimitsInput, ExecResult} from '../contract/sandbox.js';
import type {Executor} from '../engine/ports.js';
import {PyodideExecutorPool, type PyodideExecutorPoolOptions} from './PyodideExecutorPool.js';

export interface LazyExecutorPoolOptions extends PyodideExecutorPoolOptions {
	/** Limits of every run where the run gives none of its own (a search gives its time limit). Defaults to the contract's. */
	limits?: ExecLimitsInput;
}

/** A PyodideExecutorPool started by its first run: an app that never searches starts no sandbox process. */
export class LazyExecutorPool implements Executor {
	private pool: PyodideExecutorPool | null = null;

	public constructor(private options: LazyExecutorPoolOptions = {}) {}

	public run(code: string, limits: ExecLimitsInput = {}): Promise<ExecResult> {
		const {limits: defaults, ...poolOptions} = this.options;
		this.pool ??= new PyodideExecutorPool(poolOptions);
		return this.pool.run(code, {...defaults, ...limits});
	}

	/**
	 * Changes the pool's size and the runs' default limits from the next run on; a run in progress keeps its process
	 * and its limits (see PyodideExecutorPool.resize). Nothing starts before the first run.
	 */
	public configure(changes: Pick<LazyExecutorPoolOptions, 'size' | 'limits'>): void {
		this.options = {...this.options, ...changes};
		if (changes.size !== undefined)
			this.pool?.resize(changes.size);
	}

	/** The processes now in the pool (none before the first run). */
	public status(): ReturnType<PyodideExecutorPool['status']> {
		return this.pool?.status() ?? [];
	}

	public async close(): Promise<void> {
		await this.pool?.close();
	}
}
