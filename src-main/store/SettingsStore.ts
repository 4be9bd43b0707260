import type Database from 'better-sqlite3';

/** All SQL about the workbench's settings: top-level keys with JSON values, unchecked (the service checks them). */
export class SettingsStore {
	public constructor(private readonly db: Database.Database) {}

	/** Every stored setting, its JSON parsed; a value that is not JSON is left out. */
	public read(): Record<string, unknown> {
		const rows = this.db.prepare('SELECT key, value FROM settings').all() as {key: string; value: string}[];
		const stored: Record<string, unknown> = {};
		for (const row of rows) {
			try {
				stored[row.key] = JSON.parse(row.value);
			} catch {
				// Written by hand or by a broken build: the key's default stands, as for a value that fails its schema.
			}
		}
		return stored;
	}

	/** Writes the given keys in one transaction. */
	public write(values: Record<string, unknown>): void {
		const now = new Date().toISOString();
		const upsert = this.db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
		this.db.transaction(() => {
			for (const [key, value] of Object.entries(values))
				upsert.run(key, JSON.stringify(value), now);
		})();
	}
}
