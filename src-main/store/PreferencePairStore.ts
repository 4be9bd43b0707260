import type Database from 'better-sqlite3';
import {
	pairStatuses, type PairCounts, type PairDecision, type PairFilters, type PairPage, type PairSortColumn, type PairStatus, type PairSuggestion,
	type PairView, type QueuePair
} from '../contract/curation.js';
import type {PreferencePair} from '../contract/search.js';

interface PairRow {
	id: number; source: 'hand' | 'mined' | 'imported'; search_id: number | null; parent_id: number | null; chosen_id: number | null;
	rejected_id: number | null; round_id: number | null; problem_id: number | null; question: string | null; prompt: string | null;
	chosen_text: string; rejected_text: string; chosen_edit: string | null; rejected_edit: string | null; chosen_q: number | null;
	rejected_q: number | null; margin: number | null; depth: number | null; edit_distance: number | null; ppm_chosen: number | null;
	ppm_rejected: number | null; pos_count: number; neg_count: number; status: PairStatus; decided_by: string | null; decided_at: string | null;
	author: string; note: string; created_at: string;
	// Joined.
	dataset_id: number | null; dataset_name: string | null; level: string | null; evolution: string | null; round_number: number | null; flagged: number;
}

interface DecisionRow {
	id: number; pair_id: number; labeller: string; verdict: PairStatus; note: string; chosen_text: string | null; rejected_text: string | null;
	ms_spent: number; suggestion: string | null; guideline_version: number | null; sample_id: number | null; created_at: string;
}

/** A pair in the store with everything the services need beyond the queue row: texts, edits, counts, prompt. */
export interface StoredPair extends QueuePair {
	question: string | null;
	prompt: string;
	chosenText: string;
	rejectedText: string;
	chosenEdit: string | null;
	rejectedEdit: string | null;
	posCount: number;
	negCount: number;
	note: string;
}

/** What a new pair is made of; the figures the queue filters on are computed by the caller. */
export interface NewPair {
	source: 'hand' | 'mined' | 'imported';
	searchId: number | null;
	parentId: number | null;
	chosenId: number | null;
	rejectedId: number | null;
	roundId: number | null;
	problemId: number | null;
	question: string | null;
	prompt: string;
	chosenText: string;
	rejectedText: string;
	chosenQ: number | null;
	rejectedQ: number | null;
	depth: number | null;
	editDistance: number;
	ppmChosen: number | null;
	ppmRejected: number | null;
	posCount: number;
	negCount: number;
	author: string;
	note: string;
}

export interface NewDecision {
	pairId: number;
	labeller: string;
	verdict: PairStatus;
	note: string;
	chosenText: string | null;
	rejectedText: string | null;
	msSpent: number;
	suggestion: PairSuggestion | null;
	guidelineVersion: number | null;
	sampleId: number | null;
}

const joined = `
	FROM preference_pairs p
	LEFT JOIN problems pr ON pr.id = p.problem_id
	LEFT JOIN datasets d ON d.id = pr.dataset_id
	LEFT JOIN rounds r ON r.id = p.round_id
	LEFT JOIN problem_flags f ON f.question = p.question`;
const columns = 'p.*, pr.dataset_id, d.name AS dataset_name, pr.level, r.evolution, r.number AS round_number, f.question IS NOT NULL AS flagged';

const sortExpressions: Record<PairSortColumn, string> = {
	id: 'p.id', round: 'p.round_id', dataset: 'd.name', level: 'pr.level', problem: 'p.problem_id', depth: 'p.depth', margin: 'p.margin',
	editDistance: 'p.edit_distance', ppmMargin: '(p.ppm_chosen - p.ppm_rejected)', status: 'p.status', labeller: 'p.decided_by', decidedAt: 'p.decided_at'
};

/** All SQL about preference pairs: the queue, its decisions, problem flags. */
export class PreferencePairStore {
	public constructor(private readonly db: Database.Database) {}

	/** Stores a pair, pending; null when the store holds the same steps of the search already. */
	public insert(pair: NewPair): number | null {
		const result = this.db.prepare(`
			INSERT INTO preference_pairs (source, search_id, parent_id, chosen_id, rejected_id, round_id, problem_id, question, prompt, chosen_text,
				rejected_text, chosen_q, rejected_q, margin, depth, edit_distance, ppm_chosen, ppm_rejected, pos_count, neg_count, author, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(
			pair.source, pair.searchId, pair.parentId, pair.chosenId, pair.rejectedId, pair.roundId, pair.problemId, pair.question, pair.prompt,
			pair.chosenText, pair.rejectedText, pair.chosenQ, pair.rejectedQ,
			pair.chosenQ === null || pair.rejectedQ === null ? null : pair.chosenQ - pair.rejectedQ,
			pair.depth, pair.editDistance, pair.ppmChosen, pair.ppmRejected, pair.posCount, pair.negCount, pair.author, pair.note, new Date().toISOString());
		return result.changes === 0 ? null : Number(result.lastInsertRowid);
	}

	/** The pair of `searchId` with the same chosen and rejected steps, if any. */
	public findInSearch(searchId: number, chosenId: number, rejectedId: number): StoredPair | null {
		const row = this.db.prepare(`SELECT ${columns} ${joined} WHERE p.search_id = ? AND p.chosen_id = ? AND p.rejected_id = ?`)
			.get(searchId, chosenId, rejectedId) as PairRow | undefined;
		return row ? toStored(row) : null;
	}

	/** Whether the queue holds any pair of the round. */
	public holdsRound(roundId: number): boolean {
		return this.db.prepare('SELECT 1 FROM preference_pairs WHERE round_id = ? LIMIT 1').get(roundId) !== undefined;
	}

	/** Whether the store holds a pair of this prompt and these texts (of any source). */
	public holdsContent(prompt: string, chosenText: string, rejectedText: string): boolean {
		return this.db.prepare('SELECT 1 FROM preference_pairs WHERE chosen_text = ? AND rejected_text = ? AND prompt = ?').get(chosenText, rejectedText, prompt) !== undefined;
	}

	public get(id: number): StoredPair | null {
		const row = this.db.prepare(`SELECT ${columns} ${joined} WHERE p.id = ?`).get(id) as PairRow | undefined;
		return row ? toStored(row) : null;
	}

	/** Deletes a pair and its decisions; false when there was none with that id. */
	public delete(id: number): boolean {
		return this.db.prepare('DELETE FROM preference_pairs WHERE id = ?').run(id).changes > 0;
	}

	/** The hand-made pairs of a search, oldest first. */
	public handPairsOf(searchId: number): PreferencePair[] {
		const rows = this.db.prepare(`SELECT ${columns} ${joined} WHERE p.search_id = ? AND p.source = 'hand' ORDER BY p.id`).all(searchId) as PairRow[];
		return rows.map(row => ({
			id: row.id, searchId: row.search_id!, parentId: row.parent_id!, chosenId: row.chosen_id!, rejectedId: row.rejected_id!,
			chosenQ: row.chosen_q!, rejectedQ: row.rejected_q!, source: 'hand', author: row.author, note: row.note, createdAt: row.created_at
		}));
	}

	/** A page of the queue, with counts by status of the filtered set, of all pairs, and of each round. */
	public page(view: PairView, offset: number, limit: number): PairPage {
		const {where, values} = whereOf(view);
		const order = `${sortExpressions[view.sort]} ${view.direction === 'desc' ? 'DESC' : 'ASC'}, p.id ${view.direction === 'desc' ? 'DESC' : 'ASC'}`;
		const rows = this.db.prepare(`SELECT ${columns} ${joined} ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...values, limit, offset) as PairRow[];
		const counts = this.countsBy(`${joined} ${where}`, values);
		const overall = this.countsBy('FROM preference_pairs p', []);
		const byRound = this.db.prepare(`
			SELECT p.round_id, r.evolution, r.number AS round_number, p.status, COUNT(*) AS n FROM preference_pairs p LEFT JOIN rounds r ON r.id = p.round_id
			GROUP BY p.round_id, p.status ORDER BY p.round_id IS NULL, r.evolution, r.number`).all() as {round_id: number | null; evolution: string | null; round_number: number | null; status: PairStatus; n: number}[];
		const rounds = new Map<number | null, {roundId: number | null; label: string; counts: PairCounts}>();
		for (const row of byRound) {
			let entry = rounds.get(row.round_id);
			if (!entry)
				rounds.set(row.round_id, entry = {roundId: row.round_id, label: row.round_id === null ? 'no round' : roundLabel(row.evolution!, row.round_number!), counts: emptyCounts()});
			entry.counts[row.status] = row.n;
		}
		return {total: Object.values(counts).reduce((sum, n) => sum + n, 0), rows: rows.map(toQueuePair), counts, overall, byRound: [...rounds.values()]};
	}

	/** The first pending pair of a view in its order (not `exceptId`), and how many pending it holds. */
	public nextPending(view: PairView, exceptId: number | undefined): {pairId: number | null; pending: number} {
		const {where, values} = whereOf({...view, status: 'pending'});
		const order = `${sortExpressions[view.sort]} ${view.direction === 'desc' ? 'DESC' : 'ASC'}, p.id ${view.direction === 'desc' ? 'DESC' : 'ASC'}`;
		const next = this.db.prepare(`SELECT p.id ${joined} ${where} AND p.id <> ? ORDER BY ${order} LIMIT 1`).get(...values, exceptId ?? -1) as {id: number} | undefined;
		const {n} = this.db.prepare(`SELECT COUNT(*) AS n ${joined} ${where}`).get(...values) as {n: number};
		return {pairId: next?.id ?? null, pending: n};
	}

	/** The ids of the pairs a filter matches, in id order. */
	public idsMatching(filters: PairFilters): number[] {
		const {where, values} = whereOf(filters);
		return (this.db.prepare(`SELECT p.id ${joined} ${where} ORDER BY p.id`).all(...values) as {id: number}[]).map(row => row.id);
	}

	/** The pairs a filter matches in the given statuses, in id order, for exports. */
	public matching(filters: PairFilters, statuses: readonly PairStatus[]): StoredPair[] {
		const {where, values} = whereOf(filters);
		const rows = this.db.prepare(`SELECT ${columns} ${joined} ${where} AND p.status IN (${statuses.map(() => '?').join(', ')}) AND f.question IS NULL ORDER BY p.id`)
			.all(...values, ...statuses) as PairRow[];
		return rows.map(toStored);
	}

	/** Records a decision and, outside agreement samples, brings the pair's status, decider and edits up to date. */
	public decide(decision: NewDecision): PairDecision {
		const createdAt = new Date().toISOString();
		const id = Number(this.db.prepare(`
			INSERT INTO pair_decisions (pair_id, labeller, verdict, note, chosen_text, rejected_text, ms_spent, suggestion, guideline_version, sample_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
			decision.pairId, decision.labeller, decision.verdict, decision.note, decision.chosenText, decision.rejectedText, decision.msSpent,
			decision.suggestion === null ? null : JSON.stringify(decision.suggestion), decision.guidelineVersion, decision.sampleId, createdAt).lastInsertRowid);
		if (decision.sampleId === null)
			this.refresh(decision.pairId);
		return {...decision, id, createdAt};
	}

	/** The labeller's latest decision, if any. */
	public latestDecisionOf(labeller: string): PairDecision | null {
		const row = this.db.prepare('SELECT * FROM pair_decisions WHERE labeller = ? ORDER BY id DESC LIMIT 1').get(labeller) as DecisionRow | undefined;
		return row ? toDecision(row) : null;
	}

	/** Deletes a decision and recomputes its pair's state from those left. */
	public undo(decision: PairDecision): void {
		this.db.prepare('DELETE FROM pair_decisions WHERE id = ?').run(decision.id);
		this.refresh(decision.pairId);
	}

	public decisionsOf(pairId: number): PairDecision[] {
		return (this.db.prepare('SELECT * FROM pair_decisions WHERE pair_id = ? ORDER BY id').all(pairId) as DecisionRow[]).map(toDecision);
	}

	/** Every decision taken in an agreement sample, and every labeller's latest decision outside samples on its pairs. */
	public decisionsForSample(sampleId: number): {inSample: PairDecision[]; before: PairDecision[]} {
		const inSample = (this.db.prepare('SELECT * FROM pair_decisions WHERE sample_id = ? ORDER BY id').all(sampleId) as DecisionRow[]).map(toDecision);
		const before = (this.db.prepare(`
			SELECT d.* FROM pair_decisions d
			WHERE d.sample_id IS NULL AND d.pair_id IN (SELECT pair_id FROM agreement_items WHERE sample_id = ?)
			ORDER BY d.id`).all(sampleId) as DecisionRow[]).map(toDecision);
		return {inSample, before};
	}

	/** Flags a problem (by question) bad, or clears the flag; returns how many pairs it holds. */
	public flag(question: string, flagged: boolean, author: string, note: string): number {
		if (flagged)
			this.db.prepare(`INSERT INTO problem_flags (question, author, note, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (question) DO UPDATE SET author = excluded.author, note = excluded.note, created_at = excluded.created_at`)
				.run(question, author, note, new Date().toISOString());
		else
			this.db.prepare('DELETE FROM problem_flags WHERE question = ?').run(question);
		return (this.db.prepare('SELECT COUNT(*) AS n FROM preference_pairs WHERE question = ?').get(question) as {n: number}).n;
	}

	public flagOf(question: string): {author: string; note: string; createdAt: string} | null {
		const row = this.db.prepare('SELECT author, note, created_at FROM problem_flags WHERE question = ?').get(question) as {author: string; note: string; created_at: string} | undefined;
		return row ? {author: row.author, note: row.note, createdAt: row.created_at} : null;
	}

	/** Gives the round's id to the hand pairs of its searches that have none, so the round's queue holds them. */
	public adoptHandPairs(roundId: number, searchIds: readonly number[]): void {
		const adopt = this.db.prepare(`UPDATE preference_pairs SET round_id = ? WHERE search_id = ? AND source = 'hand' AND round_id IS NULL`);
		for (const searchId of searchIds)
			adopt.run(roundId, searchId);
	}

	/** Pairs stored before their prompt and edit distance were (migration 011), with what computing them takes. */
	public withoutPrompt(): {id: number; searchId: number; parentId: number; question: string; chosenText: string; rejectedText: string}[] {
		return this.db.prepare(`SELECT id, search_id AS searchId, parent_id AS parentId, question, chosen_text AS chosenText, rejected_text AS rejectedText
			FROM preference_pairs WHERE prompt IS NULL`).all() as {id: number; searchId: number; parentId: number; question: string; chosenText: string; rejectedText: string}[];
	}

	public fillIn(id: number, prompt: string, editDistance: number): void {
		this.db.prepare('UPDATE preference_pairs SET prompt = ?, edit_distance = ? WHERE id = ?').run(prompt, editDistance, id);
	}

	/**
	 * A pair's state from its decisions outside agreement samples: the latest one's verdict, who and when (none:
	 * pending); edits, per step, from the latest `edited` decision that gave one since the latest reset.
	 */
	private refresh(pairId: number): void {
		const decisions = this.db.prepare('SELECT * FROM pair_decisions WHERE pair_id = ? AND sample_id IS NULL ORDER BY id DESC').all(pairId) as DecisionRow[];
		const latest = decisions[0];
		let chosenEdit: string | null = null;
		let rejectedEdit: string | null = null;
		for (const decision of decisions) {
			if (decision.verdict === 'pending')
				break;
			if (decision.verdict === 'edited') {
				chosenEdit ??= decision.chosen_text;
				rejectedEdit ??= decision.rejected_text;
			}
		}
		this.db.prepare('UPDATE preference_pairs SET status = ?, decided_by = ?, decided_at = ?, chosen_edit = ?, rejected_edit = ? WHERE id = ?')
			.run(latest?.verdict ?? 'pending', latest?.labeller ?? null, latest?.created_at ?? null, chosenEdit, rejectedEdit, pairId);
	}

	private countsBy(from: string, values: unknown[]): PairCounts {
		const counts = emptyCounts();
		for (const row of this.db.prepare(`SELECT p.status, COUNT(*) AS n ${from} GROUP BY p.status`).all(...values) as {status: PairStatus; n: number}[])
			counts[row.status] = row.n;
		return counts;
	}
}

export function emptyCounts(): PairCounts {
	return Object.fromEntries(pairStatuses.map(status => [status, 0])) as PairCounts;
}

export function roundLabel(evolution: string, number: number): string {
	return `${evolution} r${number}`;
}

/** The SQL condition of a filter, over the joined columns. */
function whereOf(filters: PairFilters): {where: string; values: unknown[]} {
	const conditions: string[] = [];
	const values: unknown[] = [];
	const add = (condition: string, value?: unknown) => {
		conditions.push(condition);
		if (value !== undefined)
			values.push(value);
	};
	if (filters.roundId !== undefined)
		add('p.round_id = ?', filters.roundId);
	if (filters.datasetId !== undefined)
		add('pr.dataset_id = ?', filters.datasetId);
	if (filters.level !== undefined)
		add('pr.level = ?', filters.level);
	if (filters.problemId !== undefined)
		add('p.problem_id = ?', filters.problemId);
	if (filters.searchId !== undefined)
		add('p.search_id = ?', filters.searchId);
	if (filters.source !== undefined)
		add('p.source = ?', filters.source);
	if (filters.status !== undefined)
		add('p.status = ?', filters.status);
	if (filters.labeller !== undefined)
		add('p.decided_by = ?', filters.labeller);
	if (filters.depthMin !== undefined)
		add('p.depth >= ?', filters.depthMin);
	if (filters.depthMax !== undefined)
		add('p.depth <= ?', filters.depthMax);
	if (filters.marginMin !== undefined)
		add('p.margin >= ?', filters.marginMin);
	if (filters.marginMax !== undefined)
		add('p.margin <= ?', filters.marginMax);
	if (filters.editDistanceMin !== undefined)
		add('p.edit_distance >= ?', filters.editDistanceMin);
	if (filters.editDistanceMax !== undefined)
		add('p.edit_distance <= ?', filters.editDistanceMax);
	if (filters.ppm === 'agrees')
		add('p.ppm_chosen > p.ppm_rejected');
	else if (filters.ppm === 'disagrees')
		add('p.ppm_chosen < p.ppm_rejected');
	else if (filters.ppm === 'none')
		add('(p.ppm_chosen IS NULL OR p.ppm_rejected IS NULL)');
	if (filters.flagged !== undefined)
		add(filters.flagged ? 'f.question IS NOT NULL' : 'f.question IS NULL');
	return {where: `WHERE ${conditions.length === 0 ? '1' : conditions.join(' AND ')}`, values};
}

/** A step's first line that says something, for the table: not empty, not a bare marker such as `<code>`. */
function firstLine(text: string): string {
	return text.split('\n').map(line => line.trim()).find(line => line !== '' && !/^<\/?\w+>$/.test(line)) ?? '';
}

function toQueuePair(row: PairRow): QueuePair {
	return {
		id: row.id, source: row.source, status: row.status, searchId: row.search_id, parentId: row.parent_id, chosenId: row.chosen_id,
		rejectedId: row.rejected_id, roundId: row.round_id, roundLabel: row.round_id === null || row.evolution === null ? null : roundLabel(row.evolution, row.round_number!),
		problemId: row.problem_id, datasetId: row.dataset_id, datasetName: row.dataset_name, level: row.level, depth: row.depth,
		chosenQ: row.chosen_q, rejectedQ: row.rejected_q, margin: row.margin, editDistance: row.edit_distance ?? 0,
		ppmChosen: row.ppm_chosen, ppmRejected: row.ppm_rejected, labeller: row.decided_by, decidedAt: row.decided_at,
		author: row.author, createdAt: row.created_at, flagged: row.flagged === 1,
		chosenPreview: firstLine(row.chosen_edit ?? row.chosen_text), rejectedPreview: firstLine(row.rejected_edit ?? row.rejected_text)
	};
}

function toStored(row: PairRow): StoredPair {
	return {
		...toQueuePair(row), question: row.question, prompt: row.prompt ?? '', chosenText: row.chosen_text, rejectedText: row.rejected_text,
		chosenEdit: row.chosen_edit, rejectedEdit: row.rejected_edit, posCount: row.pos_count, negCount: row.neg_count, note: row.note
	};
}

function toDecision(row: DecisionRow): PairDecision {
	return {
		id: row.id, pairId: row.pair_id, labeller: row.labeller, verdict: row.verdict, note: row.note, chosenText: row.chosen_text,
		rejectedText: row.rejected_text, msSpent: row.ms_spent, suggestion: row.suggestion === null ? null : JSON.parse(row.suggestion) as PairSuggestion,
		guidelineVersion: row.guideline_version, sampleId: row.sample_id, createdAt: row.created_at
	};
}
