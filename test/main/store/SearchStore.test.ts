import {spawnSync} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {SearchSettings} from '../../../src-main/contract/search.js';
import {SearchTree} from '../../../src-main/engine/SearchTree.js';
import {newLeaseHolder, SearchBusyError} from '../../../src-main/store/SearchLease.js';
import {SearchStore} from '../../../src-main/store/SearchStore.js';
import {Workspace} from '../../../src-main/store/Workspace.js';
import {useTempDir} from '../../support/tempDir.js';

const search = {
	problemId: null, question: 'q', goldAnswers: ['7'], settings: SearchSettings.parse({}), policyPath: 'p.gguf',
	policySha256: '0'.repeat(64), ppmPath: null, ppmSha256: null
};

/** The pid of a process that has exited: a holder that died. */
function deadPid(): number {
	const child = spawnSync(process.execPath, ['-e', '']);
	return child.pid!;
}

// Two workspaces on one file stand for two processes: each store writes for a holder of its own.
describe('SearchStore leases', () => {
	const tempDir = useTempDir();

	function twoProcesses() {
		const file = path.join(tempDir(), 'w.db');
		const first = Workspace.open(file);
		const second = Workspace.open(file);
		return {
			db: first.db, first: new SearchStore(first.db), second: new SearchStore(second.db),
			close: () => {
				first.close();
				second.close();
			}
		};
	}

	it('refuses a claim while another holder\'s lease is live, naming it, and grants it once the search ended', () => {
		const {first, second, close} = twoProcesses();
		try {
			const id = first.create(search);
			expect(() => second.claim(id, 'running')).toThrow(SearchBusyError);
			expect(() => second.claim(id, 'running')).toThrow(new RegExp(`search ${id} is running in process ${process.pid} on ${os.hostname()} \\(its lease runs to `));
			// The holder itself cannot run it twice either.
			expect(() => first.claim(id, 'running')).toThrow(SearchBusyError);
			expect(first.finish(id, {status: 'stopped', error: 'stopped by the user'})).toBe(true);
			expect(second.claim(id, 'running')).toMatchObject({id, status: 'running', error: null, finishedAt: null});
		} finally {
			close();
		}
	});

	it('writes nothing for a holder that lost its lease: no rollout, no status', () => {
		const {db, second, close} = twoProcesses();
		try {
			// A lease of 0 ms lapses at once: the second holder may take it over.
			const lapsing = new SearchStore(db, {leaseMs: 0});
			const id = lapsing.create(search);
			second.claim(id, 'running');
			const tree = new SearchTree('q');
			expect(() => lapsing.commitRollout(id, 1, tree.nodes, [{kind: 'backup', rollout: 0, path: [0], reward: 1}]))
				.toThrow(/no longer this process's to write/);
			expect(lapsing.finish(id, {status: 'failed', error: 'x'})).toBe(false);
			expect(lapsing.renewLease(id)).toBe(false);
			expect(second.get(id)).toMatchObject({status: 'running', completedRollouts: 0});
			expect(second.events(id)).toEqual([]);
			expect(second.nodes(id)).toEqual([]);
			second.commitRollout(id, 1, tree.nodes, [{kind: 'backup', rollout: 0, path: [0], reward: 1}]);
			expect(second.get(id)).toMatchObject({completedRollouts: 1});
		} finally {
			close();
		}
	});

	it('marks interrupted the searches whose holder died or whose lease lapsed, and keeps the live ones', () => {
		const {db, first, second, close} = twoProcesses();
		try {
			const dead = new SearchStore(db, {holder: {owner: 'dead', pid: deadPid(), host: os.hostname()}});
			const elsewhereLapsed = new SearchStore(db, {holder: {owner: 'far', pid: 1, host: 'another-host'}, leaseMs: -1});
			const elsewhereLive = new SearchStore(db, {holder: {owner: 'far-live', pid: 1, host: 'another-host'}});
			const killed = dead.create(search);
			const killedQueued = dead.create({...search, policySha256: null}, 'queued');
			const lapsed = elsewhereLapsed.create(search);
			const live = elsewhereLive.create(search);
			const mine = first.create(search);
			const finished = first.create(search);
			first.finish(finished, {status: 'done'});

			expect(second.interruptStale().sort()).toEqual([killed, killedQueued, lapsed].sort());
			expect(second.get(killed)).toMatchObject({status: 'interrupted', error: expect.stringMatching(/^its process \(pid \d+ on .*\) ended while it was running: resume it/)});
			expect(second.get(killedQueued)).toMatchObject({status: 'interrupted', error: expect.stringMatching(/ended while it was queued/)});
			expect(second.get(live)).toMatchObject({status: 'running'});
			expect(second.get(mine)).toMatchObject({status: 'running'});
			expect(second.get(finished)).toMatchObject({status: 'done'});
			// An interrupted search is free: any process may claim it to resume it.
			expect(second.claim(killed, 'running')).toMatchObject({status: 'running'});
			expect(() => second.claim(live, 'running')).toThrow(/in process 1 on another-host/);
		} finally {
			close();
		}
	});

	it('gives each store a holder of its own by default', () => {
		const a = newLeaseHolder();
		const b = newLeaseHolder();
		expect(a).toMatchObject({pid: process.pid, host: os.hostname()});
		expect(a.owner).not.toBe(b.owner);
	});
});
