import type Database from 'better-sqlite3';
import {RstarError} from '../contract/errors.js';
import {SearchSettings, type SearchStatus, type TerminalReason, type StopReason} from '../contract/search.js';
import type {SearchEvent} from '../engine/searchEvents.js';
import type {TreeNode} from '../engine/SearchTree.js';
import {leaseIsStale, newLeaseHolder, SearchBusyError, type LeaseHolder} from './SearchLease.js';

export interface SearchStoreOptions {
	/** The process this store writes for; every write to a search checks that it holds the search's lease. Defaults to a new holder. */
	holder?: LeaseHolder;
	/** How long a lease lasts unless renewed. Defaults to 30 s. */
	leaseMs?: number;
}

export interface StoredSearch {
	id: number;
	problemId: number | null;
	question: string;
	goldAnswers: string[];
	settings: SearchSettings;
	policyPath: string;
	/** Null until its models are first loaded (a search created `queued`). */
	policySha256: string | null;
	ppmPath: string | null;
	ppmSha256: string | null;
	status: SearchStatus;
	completedRollouts: number;
	answer: string | null;
	correct: boolean | null;
	error: string | null;
	createdAt: string;
	finishedAt: string | null;
	/** The round or evaluation whose batch it belongs to. */
	roundId: number | null;
	evaluationId: number | null;
	/** Summed over its committed rollouts. */
	generatedTokens: number;
	workMs: number;
	/** `workMs` by stage: sampling steps, running their code (and judging answers), scoring them with the PPM. */
	stageMs: StageMs;
}

/** Work time of a search by stage, in ms; their sum is its `workMs`. */
export interface StageMs {
	generation: number;
	execution: number;
	scoring: number;
}

/** What one committed rollout cost. */
export interface RolloutWork {
	generatedTokens: number;
	stageMs: StageMs;
}

const noWork: RolloutWork = {generatedTokens: 0, stageMs: {generation: 0, execution: 0, scoring: 0}};

export interface BatchSearchOverview {
	id: number;
	problemId: number;
	status: SearchStatus;
	correct: boolean | null;
	completedRollouts: number;
	nodes: number;
	found: boolean;
}

interface SearchRow {
	id: number; problem_id: number | null; question: string; gold_answers: string; settings: string; policy_path: string;
	policy_sha256: string | null; ppm_path: string | null; ppm_sha256: string | null; status: SearchStatus; completed_rollouts: number; answer: string | null; correct: number | null;
	error: string | null; created_at: string; finished_at: string | null; round_id: number | null; evaluation_id: number | null;
	generated_tokens: number; work_ms: number; generation_ms: number; execution_ms: number; scoring_ms: number;
	lease_owner: string | null; lease_pid: number | null; lease_host: string | null; lease_expires_at: number | null;
}

interface NodeRow {
	id: number; parent_id: number | null; depth: number; text: string; code: string; output: string | null; error: string | null;
	final_answer: string | null; terminal: number; reason: TerminalReason | null; correct: number | null; visits: number;
	value_sum: number; value: number; reward: number | null; ppm: number | null; stop_reason: StopReason | null;
	consecutive_errors: number; uct: number | null; rollout: number;
}

const bool = (value: number | null) => value === null ? null : value === 1;
const int = (value: boolean | null) => value === null ? null : value ? 1 : 0;

/**
 * All SQL about searches. A rollout's nodes, events and count are written in one transaction.
 *
 * A search is worked on by one process at a time: the one holding its lease (taken when the search is created or
 * claimed, renewed at every committed rollout and by `renewLease`, given up when it ends). Every write of a search's
 * progress checks, in its transaction, that this store's holder still holds the lease, so a process whose lease was
 * taken over writes nothing more.
 */
export class SearchStore {
	public readonly holder: LeaseHolder;
	private readonly leaseMs: number;

	public constructor(private readonly db: Database.Database, options: SearchStoreOptions = {}) {
		this.holder = options.holder ?? newLeaseHolder();
		this.leaseMs = options.leaseMs ?? 30_000;
	}

	/** A new search, `running` (its models loaded) or `queued` (waiting for a slot), leased to this store's holder. */
	public create(search: {
		problemId: number | null; question: string; goldAnswers: readonly string[]; settings: SearchSettings;
		policyPath: string; policySha256: string | null; ppmPath: string | null; ppmSha256: string | null;
		roundId?: number | null; evaluationId?: number | null;
	}, status: 'running' | 'queued' = 'running'): number {
		const result = this.db.prepare(`
			INSERT INTO searches (problem_id, question, gold_answers, settings, policy_path, policy_sha256, ppm_path, ppm_sha256, status, created_at,
				round_id, evaluation_id, lease_owner, lease_pid, lease_host, lease_expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			.run(search.problemId, search.question, JSON.stringify(search.goldAnswers), JSON.stringify(search.settings),
				search.policyPath, search.policySha256, search.ppmPath, search.ppmSha256, status, new Date().toISOString(),
				search.roundId ?? null, search.evaluationId ?? null,
				this.holder.owner, this.holder.pid, this.holder.host, Date.now() + this.leaseMs);
		return Number(result.lastInsertRowid);
	}

	/**
	 * Takes the lease of an existing search to work on it again (a resume), as `status`; refused with SearchBusyError
	 * while another holder's lease is live — whatever the search's status says — so two processes never run one search.
	 * Check and take are one IMMEDIATE transaction: of two processes claiming at once, the second sees the first's lease.
	 */
	public claim(searchId: number, status: 'running' | 'queued', options: {reclaimOwn?: boolean} = {}): StoredSearch {
		return this.db.transaction(() => {
			const row = this.row(searchId);
			if (!row)
				throw new RstarError('not-found', `no search ${searchId} in this workspace`);
			const lease = leaseOf(row);
			if (lease && !leaseIsStale(lease, Date.now()) && !(options.reclaimOwn && row.lease_owner === this.holder.owner))
				throw new SearchBusyError(searchId, row.status, lease);
			this.db.prepare(`UPDATE searches SET status = ?, finished_at = NULL, error = NULL, lease_owner = ?, lease_pid = ?, lease_host = ?,
				lease_expires_at = ? WHERE id = ?`)
				.run(status, this.holder.owner, this.holder.pid, this.holder.host, Date.now() + this.leaseMs, searchId);
			return toStoredSearch(this.row(searchId)!);
		}).immediate();
	}

	/** Extends the lease of a search this holder works on; false when the lease is no longer its own. */
	public renewLease(searchId: number): boolean {
		return this.db.prepare('UPDATE searches SET lease_expires_at = ? WHERE id = ? AND lease_owner = ?')
			.run(Date.now() + this.leaseMs, searchId, this.holder.owner).changes === 1;
	}

	/** A queued search got its slot on its policy model: it runs now (its models load next). */
	public markRunning(searchId: number): void {
		this.owned(searchId, this.db.prepare("UPDATE searches SET status = 'running', lease_expires_at = ? WHERE id = ? AND lease_owner = ?")
			.run(Date.now() + this.leaseMs, searchId, this.holder.owner).changes);
	}

	/** The sha256 of the models a search runs on: recorded at their first load (a search created `queued` has none yet). */
	public recordModels(searchId: number, models: {policySha256: string; ppmSha256: string | null}): void {
		this.owned(searchId, this.db.prepare('UPDATE searches SET policy_sha256 = ?, ppm_sha256 = ? WHERE id = ? AND lease_owner = ?')
			.run(models.policySha256, models.ppmSha256, searchId, this.holder.owner).changes);
	}

	/** A finished rollout: the nodes it created or changed, its events, and the new rollout count — all or nothing, and only while this holder holds the lease (which it renews). */
	public commitRollout(searchId: number, completedRollouts: number, nodes: readonly TreeNode[], events: readonly SearchEvent[], work: RolloutWork = noWork): void {
		const upsert = this.db.prepare(`
			INSERT INTO search_nodes (search_id, id, parent_id, depth, text, code, output, error, final_answer, terminal, reason,
				correct, visits, value_sum, value, reward, ppm, stop_reason, consecutive_errors, uct, rollout)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (search_id, id) DO UPDATE SET text = excluded.text, output = excluded.output, error = excluded.error,
				final_answer = excluded.final_answer, terminal = excluded.terminal, reason = excluded.reason, correct = excluded.correct,
				visits = excluded.visits, value_sum = excluded.value_sum, value = excluded.value, reward = excluded.reward,
				ppm = excluded.ppm, consecutive_errors = excluded.consecutive_errors, uct = excluded.uct`);
		const insertEvent = this.db.prepare('INSERT INTO search_events (search_id, seq, rollout, kind, payload) VALUES (?, ?, ?, ?, ?)');
		const {generation, execution, scoring} = work.stageMs;
		this.db.transaction(() => {
			this.owned(searchId, this.db.prepare(`UPDATE searches SET completed_rollouts = ?, lease_expires_at = ?, generated_tokens = generated_tokens + ?,
				work_ms = work_ms + ?, generation_ms = generation_ms + ?, execution_ms = execution_ms + ?, scoring_ms = scoring_ms + ?
				WHERE id = ? AND lease_owner = ?`)
				.run(completedRollouts, Date.now() + this.leaseMs, work.generatedTokens, generation + execution + scoring, generation, execution, scoring,
					searchId, this.holder.owner).changes);
			for (const node of nodes)
				upsert.run(searchId, node.id, node.parentId, node.depth, node.text, node.code, node.output, node.error, node.finalAnswer,
					node.terminal ? 1 : 0, node.reason, int(node.correct), node.visits, node.valueSum, node.value, node.reward, node.ppm,
					node.stopReason, node.consecutiveErrors, node.uct, node.rollout);
			let seq = (this.db.prepare('SELECT COALESCE(MAX(seq), -1) FROM search_events WHERE search_id = ?').pluck().get(searchId) as number) + 1;
			for (const event of events)
				insertEvent.run(searchId, seq++, event.rollout, event.kind, JSON.stringify(event));
		}).immediate();
	}

	/** Records how a search ended and gives up its lease; false (nothing written) when this holder no longer holds it. */
	public finish(searchId: number, outcome: {status: SearchStatus; answer?: string | null; correct?: boolean | null; error?: string | null}): boolean {
		return this.db.prepare(`UPDATE searches SET status = ?, answer = ?, correct = ?, error = ?, finished_at = ?,
			lease_owner = NULL, lease_pid = NULL, lease_host = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?`)
			.run(outcome.status, outcome.answer ?? null, int(outcome.correct ?? null), outcome.error ?? null, new Date().toISOString(),
				searchId, this.holder.owner).changes === 1;
	}

	/** The searches of a round's or an evaluation's batch, in creation order. */
	public linked(link: {roundId: number} | {evaluationId: number}): StoredSearch[] {
		const rows = 'roundId' in link
			? this.db.prepare('SELECT * FROM searches WHERE round_id = ? ORDER BY id').all(link.roundId) as SearchRow[]
			: this.db.prepare('SELECT * FROM searches WHERE evaluation_id = ? ORDER BY id').all(link.evaluationId) as SearchRow[];
		return rows.map(toStoredSearch);
	}

	/**
	 * Per search of a round's batch, in one query: where it stands, its nodes, and whether it reached a right answer
	 * (an answer leaf judged correct) — the search stage's live table without reading any tree.
	 */
	public batchOverview(roundId: number): BatchSearchOverview[] {
		return (this.db.prepare(`SELECT s.id, s.problem_id AS problemId, s.status, s.correct, s.completed_rollouts AS completedRollouts,
			(SELECT COUNT(*) FROM search_nodes n WHERE n.search_id = s.id) AS nodes,
			EXISTS (SELECT 1 FROM search_nodes n WHERE n.search_id = s.id AND n.reason = 'answer' AND n.correct = 1) AS found
			FROM searches s WHERE s.round_id = ? ORDER BY s.id`).all(roundId) as (Omit<BatchSearchOverview, 'correct' | 'found'> & {correct: number | null; found: number})[])
			.map(row => ({...row, correct: row.correct === null ? null : row.correct === 1, found: row.found === 1}));
	}

	/** The search of one problem of a batch, if there is one yet (its unique index answers this). */
	public linkedSearch(link: {roundId: number} | {evaluationId: number}, problemId: number): StoredSearch | null {
		const row = 'roundId' in link
			? this.db.prepare('SELECT * FROM searches WHERE round_id = ? AND problem_id = ?').get(link.roundId, problemId) as SearchRow | undefined
			: this.db.prepare('SELECT * FROM searches WHERE evaluation_id = ? AND problem_id = ?').get(link.evaluationId, problemId) as SearchRow | undefined;
		return row ? toStoredSearch(row) : null;
	}

	/**
	 * Whether there is room to write again after a full disk: 64 KiB written and committed (new pages, and frames in the
	 * write-ahead log), then deleted. A rewrite of an existing row would pass on a full disk and prove nothing.
	 */
	public canWrite(): boolean {
		try {
			const id = this.db.prepare('INSERT INTO disk_probe (filler) VALUES (zeroblob(65536))').run().lastInsertRowid;
			this.db.prepare('DELETE FROM disk_probe WHERE id = ?').run(id);
			return true;
		} catch {
			return false;
		}
	}

	/**
	 * Marks `interrupted` every search that says it is queued or running but whose holder is gone (its lease lapsed,
	 * or its process on this host no longer exists), and frees its lease; returns their ids. Run when a workspace is
	 * opened for work, so a killed process's search does not stay `running` forever.
	 */
	public interruptStale(): number[] {
		return this.db.transaction(() => {
			const rows = this.db.prepare("SELECT * FROM searches WHERE status IN ('queued', 'running')").all() as SearchRow[];
			const now = Date.now();
			const stale = rows.filter(row => {
				const lease = leaseOf(row);
				return !lease || leaseIsStale(lease, now);
			});
			const interrupt = this.db.prepare(`UPDATE searches SET status = 'interrupted', finished_at = ?, error = ?,
				lease_owner = NULL, lease_pid = NULL, lease_host = NULL, lease_expires_at = NULL WHERE id = ?`);
			for (const row of stale)
				interrupt.run(new Date().toISOString(),
					`its process${row.lease_pid === null ? '' : ` (pid ${row.lease_pid} on ${row.lease_host})`} ended while it was ${row.status}: resume it to go on`, row.id);
			return stale.map(row => row.id);
		}).immediate();
	}

	private owned(searchId: number, changes: number): void {
		if (changes === 0)
			throw new RstarError('search.busy', `search ${searchId} is no longer this process's to write (pid ${this.holder.pid}): its lease lapsed and it was marked interrupted or taken over — nothing more was written`);
	}

	private row(searchId: number): SearchRow | undefined {
		return this.db.prepare('SELECT * FROM searches WHERE id = ?').get(searchId) as SearchRow | undefined;
	}

	public get(searchId: number): StoredSearch | undefined {
		const row = this.row(searchId);
		return row && toStoredSearch(row);
	}

	/** The tree as of the last completed rollout, the root included. */
	public nodes(searchId: number): TreeNode[] {
		return (this.db.prepare('SELECT * FROM search_nodes WHERE search_id = ? ORDER BY id').all(searchId) as NodeRow[]).map(toTreeNode);
	}

	/** One node of the search, if it has one by that id. */
	public node(searchId: number, id: number): TreeNode | undefined {
		const row = this.db.prepare('SELECT * FROM search_nodes WHERE search_id = ? AND id = ?').get(searchId, id) as NodeRow | undefined;
		return row && toTreeNode(row);
	}

	/** The nodes from the root down to `id`, root first; empty when the search has no such node. */
	public pathNodes(searchId: number, id: number): TreeNode[] {
		const rows = this.db.prepare(`
			WITH RECURSIVE up(id) AS (SELECT ? UNION ALL SELECT n.parent_id FROM up CROSS JOIN search_nodes n ON n.search_id = ? AND n.id = up.id WHERE n.parent_id IS NOT NULL)
			SELECT n.* FROM search_nodes n JOIN up ON n.search_id = ? AND n.id = up.id ORDER BY n.depth`).all(id, searchId, searchId) as NodeRow[];
		return rows.map(toTreeNode);
	}

	/**
	 * What one step led to, without reading the whole tree: the first `limit` nodes of its subtree breadth first (by
	 * depth, then id; the step first), in a light shape, and over the whole subtree the node count and the answers
	 * judged right and wrong. The CROSS JOIN fixes the walk's order — each level's nodes, then their children by
	 * (search, parent): left to itself the planner scanned all the search's nodes for each one.
	 */
	public subtree(searchId: number, id: number, limit: number): {nodes: SubtreeNodeRow[]; total: number; correct: number; wrong: number} {
		// One walk: the window functions count over the whole subtree before LIMIT keeps the first rows.
		const rows = this.db.prepare(`
			WITH RECURSIVE down(id) AS (SELECT ? UNION ALL SELECT n.id FROM down CROSS JOIN search_nodes n ON n.search_id = ? AND n.parent_id = down.id)
			SELECT n.id, n.parent_id, n.visits, n.value_sum, n.reason, n.correct, COUNT(*) OVER () AS total,
				SUM(n.reason = 'answer' AND n.correct = 1) OVER () AS right_answers, SUM(n.reason = 'answer' AND n.correct = 0) OVER () AS wrong_answers
			FROM down CROSS JOIN search_nodes n ON n.search_id = ? AND n.id = down.id
			ORDER BY n.depth, n.id LIMIT ?`).all(id, searchId, searchId, limit) as {
			id: number; parent_id: number | null; visits: number; value_sum: number; reason: TerminalReason | null; correct: number | null;
			total: number; right_answers: number | null; wrong_answers: number | null;
		}[];
		return {
			nodes: rows.map(row => ({id: row.id, parentId: row.parent_id, visits: row.visits, valueSum: row.value_sum, reason: row.reason, correct: bool(row.correct)})),
			total: rows[0]?.total ?? 0, correct: rows[0]?.right_answers ?? 0, wrong: rows[0]?.wrong_answers ?? 0
		};
	}

	/** Searches newest first, with their node counts: of one problem, of one typed question (no problem), or all. */
	public list(filter: {problemId?: number; question?: string}): (StoredSearch & {nodeCount: number})[] {
		const where = filter.problemId !== undefined ? 'WHERE s.problem_id = ?'
			: filter.question !== undefined ? 'WHERE s.problem_id IS NULL AND s.question = ?' : '';
		const rows = this.db.prepare(`
			SELECT s.*, (SELECT COUNT(*) FROM search_nodes n WHERE n.search_id = s.id) AS node_count
			FROM searches s ${where} ORDER BY s.id DESC`)
			.all(...[filter.problemId ?? filter.question].filter(value => value !== undefined)) as (SearchRow & {node_count: number})[];
		return rows.map(row => ({...toStoredSearch(row), nodeCount: row.node_count}));
	}

	public nodeCount(searchId: number): number {
		return this.db.prepare('SELECT COUNT(*) FROM search_nodes WHERE search_id = ?').pluck().get(searchId) as number;
	}

	public eventCount(searchId: number): number {
		return this.db.prepare('SELECT COUNT(*) FROM search_events WHERE search_id = ?').pluck().get(searchId) as number;
	}

	public events(searchId: number): SearchEvent[] {
		return (this.db.prepare('SELECT payload FROM search_events WHERE search_id = ? ORDER BY seq').pluck().all(searchId) as string[])
			.map(payload => JSON.parse(payload) as SearchEvent);
	}
}

function leaseOf(row: SearchRow): {pid: number; host: string; expiresAt: number} | null {
	return row.lease_owner === null ? null : {pid: row.lease_pid!, host: row.lease_host!, expiresAt: row.lease_expires_at!};
}

function toStoredSearch(row: SearchRow): StoredSearch {
	return {
		id: row.id, problemId: row.problem_id, question: row.question, goldAnswers: JSON.parse(row.gold_answers) as string[],
		settings: SearchSettings.parse(JSON.parse(row.settings)), policyPath: row.policy_path, policySha256: row.policy_sha256,
		ppmPath: row.ppm_path, ppmSha256: row.ppm_sha256,
		status: row.status, completedRollouts: row.completed_rollouts, answer: row.answer, correct: bool(row.correct), error: row.error,
		createdAt: row.created_at, finishedAt: row.finished_at, roundId: row.round_id, evaluationId: row.evaluation_id,
		generatedTokens: row.generated_tokens, workMs: row.work_ms,
		stageMs: {generation: row.generation_ms, execution: row.execution_ms, scoring: row.scoring_ms}
	};
}

/** A subtree's node as the focus view draws it: enough for its Q, visits and kind. */
export interface SubtreeNodeRow {
	id: number;
	parentId: number | null;
	visits: number;
	valueSum: number;
	reason: TerminalReason | null;
	correct: boolean | null;
}

function toTreeNode(row: NodeRow): TreeNode {
	return {
		id: row.id, parentId: row.parent_id, depth: row.depth, text: row.text, code: row.code, output: row.output, error: row.error,
		finalAnswer: row.final_answer, terminal: row.terminal === 1, reason: row.reason, correct: bool(row.correct), visits: row.visits,
		valueSum: row.value_sum, value: row.value, reward: row.reward,
		ppm: row.ppm, stopReason: row.stop_reason, consecutiveErrors: row.consecutive_errors, uct: row.uct, rollout: row.rollout, children: []
	};
}
