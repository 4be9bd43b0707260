import type Database from 'better-sqlite3';
import type {PreferencePair} from '../contract/search.js';

interface PairRow {
	id: number; search_id: number; parent_id: number; chosen_id: number; rejected_id: number; chosen_q: number; rejected_q: number;
	source: 'hand'; author: string; note: string; created_at: string;
}

/** All SQL about step-level preference pairs. */
export class PreferencePairStore {
	public constructor(private readonly db: Database.Database) {}

	/** Stores a pair; null when the search already holds the same one (same chosen and rejected steps). */
	public create(pair: Omit<PreferencePair, 'id' | 'createdAt'>): PreferencePair | null {
		const createdAt = new Date().toISOString();
		const result = this.db.prepare(`
			INSERT INTO preference_pairs (search_id, parent_id, chosen_id, rejected_id, chosen_q, rejected_q, source, author, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (search_id, chosen_id, rejected_id) DO NOTHING`)
			.run(pair.searchId, pair.parentId, pair.chosenId, pair.rejectedId, pair.chosenQ, pair.rejectedQ, pair.source, pair.author, pair.note, createdAt);
		return result.changes === 0 ? null : {...pair, id: Number(result.lastInsertRowid), createdAt};
	}

	/** The pair of `searchId` with the same chosen and rejected steps, if any. */
	public find(searchId: number, chosenId: number, rejectedId: number): PreferencePair | null {
		const row = this.db.prepare('SELECT * FROM preference_pairs WHERE search_id = ? AND chosen_id = ? AND rejected_id = ?')
			.get(searchId, chosenId, rejectedId) as PairRow | undefined;
		return row ? toPair(row) : null;
	}

	/** Deletes a pair; false when there was none with that id. */
	public delete(id: number): boolean {
		return this.db.prepare('DELETE FROM preference_pairs WHERE id = ?').run(id).changes > 0;
	}

	public listForSearch(searchId: number): PreferencePair[] {
		const rows = this.db.prepare('SELECT * FROM preference_pairs WHERE search_id = ? ORDER BY id').all(searchId) as PairRow[];
		return rows.map(toPair);
	}
}

function toPair(row: PairRow): PreferencePair {
	return {
		id: row.id, searchId: row.search_id, parentId: row.parent_id, chosenId: row.chosen_id, rejectedId: row.rejected_id,
		chosenQ: row.chosen_q, rejectedQ: row.rejected_q, source: row.source, author: row.author, note: row.note, createdAt: row.created_at
	};
}
