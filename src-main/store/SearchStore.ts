import type Database from 'better-sqlite3';
import {SearchSettings, type TerminalReason, type StopReason} from '../contract/search.js';
import type {SearchEvent} from '../engine/searchEvents.js';
import type {TreeNode} from '../engine/SearchTree.js';

export type SearchStatus = 'running' | 'done' | 'failed' | 'stopped';

export interface StoredSearch {
	id: number;
	problemId: number | null;
	question: string;
	goldAnswers: string[];
	settings: SearchSettings;
	policyPath: string;
	policySha256: string;
	ppmPath: string | null;
	ppmSha256: string | null;
	status: SearchStatus;
	completedRollouts: number;
	answer: string | null;
	correct: boolean | null;
	error: string | null;
	createdAt: string;
	finishedAt: string | null;
}

interface SearchRow {
	id: number; problem_id: number | null; question: string; gold_answers: string; settings: string; policy_path: string;
	policy_sha256: string; ppm_path: string | null; ppm_sha256: string | null; status: SearchStatus; completed_rollouts: number; answer: string | null; correct: number | null;
	error: string | null; created_at: string; finished_at: string | null;
}

interface NodeRow {
	id: number; parent_id: number | null; depth: number; text: string; code: string; output: string | null; error: string | null;
	final_answer: string | null; terminal: number; reason: TerminalReason | null; correct: number | null; visits: number;
	value_sum: number; value: number; reward: number | null; ppm: number | null; stop_reason: StopReason | null;
	consecutive_errors: number; uct: number | null; rollout: number;
}

const bool = (value: number | null) => value === null ? null : value === 1;
const int = (value: boolean | null) => value === null ? null : value ? 1 : 0;

/** All SQL about searches. A rollout's nodes, events and count are written in one transaction. */
export class SearchStore {
	public constructor(private readonly db: Database.Database) {}

	public create(search: {
		problemId: number | null; question: string; goldAnswers: readonly string[]; settings: SearchSettings;
		policyPath: string; policySha256: string; ppmPath: string | null; ppmSha256: string | null;
	}): number {
		const result = this.db.prepare(`
			INSERT INTO searches (problem_id, question, gold_answers, settings, policy_path, policy_sha256, ppm_path, ppm_sha256, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`)
			.run(search.problemId, search.question, JSON.stringify(search.goldAnswers), JSON.stringify(search.settings),
				search.policyPath, search.policySha256, search.ppmPath, search.ppmSha256, new Date().toISOString());
		return Number(result.lastInsertRowid);
	}

	/** A finished rollout: the nodes it created or changed, its events, and the new rollout count — all or nothing. */
	public commitRollout(searchId: number, completedRollouts: number, nodes: readonly TreeNode[], events: readonly SearchEvent[]): void {
		const upsert = this.db.prepare(`
			INSERT INTO search_nodes (search_id, id, parent_id, depth, text, code, output, error, final_answer, terminal, reason,
				correct, visits, value_sum, value, reward, ppm, stop_reason, consecutive_errors, uct, rollout)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (search_id, id) DO UPDATE SET text = excluded.text, output = excluded.output, error = excluded.error,
				final_answer = excluded.final_answer, terminal = excluded.terminal, reason = excluded.reason, correct = excluded.correct,
				visits = excluded.visits, value_sum = excluded.value_sum, value = excluded.value, reward = excluded.reward,
				ppm = excluded.ppm, consecutive_errors = excluded.consecutive_errors, uct = excluded.uct`);
		const insertEvent = this.db.prepare('INSERT INTO search_events (search_id, seq, rollout, kind, payload) VALUES (?, ?, ?, ?, ?)');
		this.db.transaction(() => {
			for (const node of nodes)
				upsert.run(searchId, node.id, node.parentId, node.depth, node.text, node.code, node.output, node.error, node.finalAnswer,
					node.terminal ? 1 : 0, node.reason, int(node.correct), node.visits, node.valueSum, node.value, node.reward, node.ppm,
					node.stopReason, node.consecutiveErrors, node.uct, node.rollout);
			let seq = (this.db.prepare('SELECT COALESCE(MAX(seq), -1) FROM search_events WHERE search_id = ?').pluck().get(searchId) as number) + 1;
			for (const event of events)
				insertEvent.run(searchId, seq++, event.rollout, event.kind, JSON.stringify(event));
			this.db.prepare('UPDATE searches SET completed_rollouts = ? WHERE id = ?').run(completedRollouts, searchId);
		})();
	}

	public finish(searchId: number, outcome: {status: SearchStatus; answer?: string | null; correct?: boolean | null; error?: string | null}): void {
		this.db.prepare('UPDATE searches SET status = ?, answer = ?, correct = ?, error = ?, finished_at = ? WHERE id = ?')
			.run(outcome.status, outcome.answer ?? null, int(outcome.correct ?? null), outcome.error ?? null, new Date().toISOString(), searchId);
	}

	public markRunning(searchId: number): void {
		this.db.prepare("UPDATE searches SET status = 'running', finished_at = NULL, error = NULL WHERE id = ?").run(searchId);
	}

	public get(searchId: number): StoredSearch | undefined {
		const row = this.db.prepare('SELECT * FROM searches WHERE id = ?').get(searchId) as SearchRow | undefined;
		return row && toStoredSearch(row);
	}

	/** The tree as of the last completed rollout, the root included. */
	public nodes(searchId: number): TreeNode[] {
		const rows = this.db.prepare('SELECT * FROM search_nodes WHERE search_id = ? ORDER BY id').all(searchId) as NodeRow[];
		return rows.map(row => ({
			id: row.id, parentId: row.parent_id, depth: row.depth, text: row.text, code: row.code, output: row.output, error: row.error,
			finalAnswer: row.final_answer, terminal: row.terminal === 1, reason: row.reason, correct: bool(row.correct), visits: row.visits,
			valueSum: row.value_sum, value: row.value, reward: row.reward,
			ppm: row.ppm, stopReason: row.stop_reason, consecutiveErrors: row.consecutive_errors, uct: row.uct, rollout: row.rollout, children: []
		}));
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

function toStoredSearch(row: SearchRow): StoredSearch {
	return {
		id: row.id, problemId: row.problem_id, question: row.question, goldAnswers: JSON.parse(row.gold_answers) as string[],
		settings: SearchSettings.parse(JSON.parse(row.settings)), policyPath: row.policy_path, policySha256: row.policy_sha256,
		ppmPath: row.ppm_path, ppmSha256: row.ppm_sha256,
		status: row.status, completedRollouts: row.completed_rollouts, answer: row.answer, correct: bool(row.correct), error: row.error,
		createdAt: row.created_at, finishedAt: row.finished_at
	};
}
