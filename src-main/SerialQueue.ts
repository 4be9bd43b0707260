/**
 * Runs tasks one at a time, in the order they were queued (FIFO). A model shared by several searches holds state
 * that one call at a time may use (a policy's sequences and KV cache), so its calls queue here. A queued task whose
 * signal aborts leaves the queue without running, rejected with the signal's reason; a running task sees its signal
 * itself.
 */
export class SerialQueue {
	private readonly waiting: {start(): void}[] = [];
	private busy = false;

	public run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
		if (signal?.aborted)
			return Promise.reject(signal.reason as Error);
		return new Promise<T>((resolve, reject) => {
			const onAbort = () => {
				this.waiting.splice(this.waiting.indexOf(waiter), 1);
				reject(signal!.reason as Error);
			};
			const waiter = {
				start: () => {
					signal?.removeEventListener('abort', onAbort);
					this.busy = true;
					Promise.resolve().then(task).then(resolve, reject).finally(() => this.next());
				}
			};
			if (this.busy) {
				signal?.addEventListener('abort', onAbort, {once: true});
				this.waiting.push(waiter);
			} else
				waiter.start();
		});
	}

	private next(): void {
		this.busy = false;
		this.waiting.shift()?.start();
	}
}
