import {describe, expect, it} from 'vitest';
import {ModelSlots} from '../../../src-main/services/ModelSlots.js';

describe('ModelSlots', () => {
	it('grants at most perModel slots of one model, then serves the waiters first come first served', async () => {
		const slots = new ModelSlots(2);
		const order: string[] = [];
		const first = slots.tryAcquire('a')!;
		const second = slots.tryAcquire('a')!;
		expect(slots.tryAcquire('a')).toBeNull();
		// Another model has slots of its own.
		expect(slots.tryAcquire('b')).not.toBeNull();
		const waiting = ['w1', 'w2', 'w3'].map(name => slots.acquire('a').then(release => {
			order.push(name);
			return release;
		}));
		expect(slots.waiters('a')).toBe(3);
		first();
		first();
		await Promise.resolve();
		// A freed slot goes to the first waiter, never to a newcomer; releasing twice frees it once.
		expect(slots.tryAcquire('a')).toBeNull();
		second();
		const [w1, w2] = await Promise.all(waiting.slice(0, 2));
		expect(order).toEqual(['w1', 'w2']);
		w1!();
		const w3 = await waiting[2]!;
		expect(order).toEqual(['w1', 'w2', 'w3']);
		w2!();
		w3();
		expect(slots.waiters('a')).toBe(0);
		expect(slots.tryAcquire('a')).not.toBeNull();
	});

	it('lets a waiter whose signal aborts leave the queue without taking a slot', async () => {
		const slots = new ModelSlots(1);
		const held = slots.tryAcquire('a')!;
		const abort = new AbortController();
		const leaving = slots.acquire('a', abort.signal);
		const staying = slots.acquire('a');
		abort.abort(new Error('stopped by the user'));
		await expect(leaving).rejects.toThrow('stopped by the user');
		expect(slots.waiters('a')).toBe(1);
		held();
		await staying;
		await expect(slots.acquire('a', AbortSignal.abort(new Error('already stopped')))).rejects.toThrow('already stopped');
	});
});
