/** Frees a slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

/**
 * Slots per model file: at most `perModel` holders of one key at a time; the others wait in arrival order (FIFO).
 * A freed slot passes straight to the first waiter, so a newcomer never overtakes the queue. A waiter whose signal
 * aborts leaves the queue, rejected with the signal's reason.
 */
export class ModelSlots {
	private readonly holders = new Map<string, number>();
	private readonly waiting = new Map<string, {grant(): void}[]>();

	public constructor(public readonly perModel: number) {
		if (!Number.isInteger(perModel) || perModel < 1)
			throw new RangeError(`searches per model must be a positive integer, not ${perModel}`);
	}

	/** A slot now, or null when every slot of `key` is held. */
	public tryAcquire(key: string): ReleaseSlot | null {
		const held = this.holders.get(key) ?? 0;
		if (held >= this.perModel)
			return null;
		this.holders.set(key, held + 1);
		return this.releaser(key);
	}

	/** A slot as soon as one is free, after every earlier waiter of `key`. */
	public acquire(key: string, signal?: AbortSignal): Promise<ReleaseSlot> {
		if (signal?.aborted)
			return Promise.reject(signal.reason as Error);
		const now = this.tryAcquire(key);
		if (now)
			return Promise.resolve(now);
		return new Promise((resolve, reject) => {
			const queue = this.waiting.get(key) ?? [];
			this.waiting.set(key, queue);
			const onAbort = () => {
				queue.splice(queue.indexOf(waiter), 1);
				if (queue.length === 0)
					this.waiting.delete(key);
				reject(signal!.reason as Error);
			};
			const waiter = {
				grant: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve(this.releaser(key));
				}
			};
			signal?.addEventListener('abort', onAbort, {once: true});
			queue.push(waiter);
		});
	}

	/** How many wait for a slot of `key`. */
	public waiters(key: string): number {
		return this.waiting.get(key)?.length ?? 0;
	}

	private releaser(key: string): ReleaseSlot {
		let released = false;
		return () => {
			if (released)
				return;
			released = true;
			const queue = this.waiting.get(key);
			const next = queue?.shift();
			if (queue?.length === 0)
				this.waiting.delete(key);
			if (next)
				next.grant();
			else if (this.holders.get(key) === 1)
				this.holders.delete(key);
			else
				this.holders.set(key, this.holders.get(key)! - 1);
		};
	}
}
