import {randomUUID} from 'node:crypto';
import os from 'node:os';
import {RstarError} from '../contract/errors.js';

/**
 * A process that works on searches (one per SearchService): a random id, so that two services in one process are
 * told apart, and the pid and host, so that another process can tell whether it is still alive.
 */
export interface LeaseHolder {
	owner: string;
	pid: number;
	host: string;
}

export function newLeaseHolder(): LeaseHolder {
	return {owner: randomUUID(), pid: process.pid, host: os.hostname()};
}

/**
 * Whether a lease can be taken from its holder: it has lapsed, or its holder ran on this host and its process is
 * gone (a kill -9 is seen at once, not after the lease runs out). A pid reused by another process reads as alive
 * until the lease lapses; a holder on another host (a workspace on a shared disk) is judged by its lease alone.
 */
export function leaseIsStale(lease: {pid: number; host: string; expiresAt: number}, now: number): boolean {
	return lease.expiresAt <= now || (lease.host === os.hostname() && !processIsAlive(lease.pid));
}

function processIsAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Another process holds the search (or took it over after this one's lease lapsed): it is not ours to run or write. */
export class SearchBusyError extends RstarError {
	public constructor(searchId: number, status: string, holder: {pid: number; host: string; expiresAt: number}) {
		super('search.busy',
			`search ${searchId} is ${status} in process ${holder.pid} on ${holder.host} (its lease runs to ${new Date(holder.expiresAt).toISOString()}) — wait for it to end, or stop it there`,
			{searchId, pid: holder.pid, host: holder.host, expiresAt: holder.expiresAt});
		this.name = 'SearchBusyError';
	}
}
