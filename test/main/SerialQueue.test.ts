import {describe, expect, it} from 'vitest';
import {SerialQueue} from '../../src-main/SerialQueue.js';

/** A task that records when it starts and ends, and ends when told. */
function gate(log: string[], name: string) {
	let open!: () => void;
	const opened = new Promise<void>(resolve => open = resolve);
	return {
		open: () => open(),
		task: async () => {
			log.push(`${name} start`);
			await opened;
			log.push(`${name} end`);
			return name;
		}
	};
}

describe('SerialQueue', () => {
	it('runs tasks one at a time, first queued first run', async () => {
		const queue = new SerialQueue();
		const log: string[] = [];
		const [a, b, c] = ['a', 'b', 'c'].map(name => gate(log, name));
		const results = [queue.run(a!.task), queue.run(b!.task), queue.run(c!.task)];
		// Opened in reverse: each still waits for the one before it.
		c!.open();
		b!.open();
		await new Promise(resolve => setTimeout(resolve, 10));
		expect(log).toEqual(['a start']);
		a!.open();
		expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
		expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
	});

	it('drops a queued task whose signal aborts, without running it; the queue goes on', async () => {
		const queue = new SerialQueue();
		const log: string[] = [];
		const [a, b, c] = ['a', 'b', 'c'].map(name => gate(log, name));
		const abort = new AbortController();
		const first = queue.run(a!.task);
		const dropped = queue.run(b!.task, abort.signal);
		const last = queue.run(c!.task);
		abort.abort(new Error('stopped'));
		await expect(dropped).rejects.toThrow('stopped');
		a!.open();
		c!.open();
		expect([await first, await last]).toEqual(['a', 'c']);
		expect(log).toEqual(['a start', 'a end', 'c start', 'c end']);
		await expect(queue.run(b!.task, abort.signal)).rejects.toThrow('stopped');
	});

	it('goes on after a task fails', async () => {
		const queue = new SerialQueue();
		const failing = queue.run(async () => {
			throw new Error('broken');
		});
		await expect(failing).rejects.toThrow('broken');
		expect(await queue.run(async () => 'next')).toBe('next');
	});
});
