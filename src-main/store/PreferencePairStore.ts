import type Database from 'better-sqlite3';
import type {PreferencePair} from '../contract/search.js';

interface PairRow {
	id: number; search_id: number; parent_id: number; chosen_id: number; rejected_id: number; chosen_q: number; rejected_q: number;
	source: 'hand'; author: string; note: string; created_at: string;
}

/** All SQL about step-level preference pairs. */
export class PreferencePairStore {
	public constructor(private readonly db: Database.Database) {}

	public create(pair: Omit<PreferencePair, 'id' | 'createdAt'>): PreferencePair {
		const createdAt = new Date().toISOString();
		const result = this.db.prepare(`
			INSERT INTO preference_pairs (search_id, parent_id, chosen_id, rejected_id, chosen_q, rejected_q, source, author, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			.run(pair.searchId, pair.parentId, pair.chosenId, pair.rejectedId, pair.chosenQ, pair.rejectedQ, pair.source, pair.author, pair.note, createdAt);
		return {...pair, id: Number(result.lastInsertRowid), createdAt};
	}

	public listForSearch(searchId: number): PreferencePair[] {
		const rows = this.db.prepare('SELECT * FROM preference_pairs WHERE search_id = ? ORDER BY id').all(searchId) as PairRow[];
		return rows.map(row => ({
			id: row.id, searchId: row.search_id, parentId: row.parent_id, chosenId: row.chosen_id, rejectedId: row.rejected_id,
			chosenQ: row.chosen_q, rejectedQ: row.rejected_q, source: row.source, author: row.author, note: row.note, createdAt: row.created_at
		}));
	}
}
