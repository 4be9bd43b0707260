import type Database from 'better-sqlite3';
import {PairView, type SavedPairView} from '../contract/curation.js';

/** Named views of the curation queue. */
export class PairViewStore {
	public constructor(private readonly db: Database.Database) {}

	public list(): SavedPairView[] {
		const rows = this.db.prepare('SELECT * FROM pair_views ORDER BY name').all() as {id: number; name: string; view: string; created_at: string}[];
		// Parsed with the schema's defaults: a view saved before a field existed still opens.
		return rows.map(row => ({id: row.id, name: row.name, view: PairView.parse(JSON.parse(row.view)), createdAt: row.created_at}));
	}

	/** Saves a view under its name, replacing one of the same name. */
	public save(name: string, view: PairView): SavedPairView {
		const createdAt = new Date().toISOString();
		this.db.prepare(`INSERT INTO pair_views (name, view, created_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET view = excluded.view, created_at = excluded.created_at`).run(name, JSON.stringify(view), createdAt);
		const {id} = this.db.prepare('SELECT id FROM pair_views WHERE name = ?').get(name) as {id: number};
		return {id, name, view, createdAt};
	}

	public delete(id: number): boolean {
		return this.db.prepare('DELETE FROM pair_views WHERE id = ?').run(id).changes > 0;
	}
}
