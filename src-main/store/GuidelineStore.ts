import type Database from 'better-sqlite3';
import type {Guidelines} from '../contract/curation.js';

/** The labelling guidelines, every version kept. */
export class GuidelineStore {
	public constructor(private readonly db: Database.Database) {}

	/** The latest version; an empty text with no version before anyone wrote any. */
	public current(): Guidelines {
		const row = this.db.prepare('SELECT * FROM guidelines ORDER BY version DESC LIMIT 1').get() as {version: number; text: string; author: string; created_at: string} | undefined;
		return row ? {version: row.version, text: row.text, author: row.author, createdAt: row.created_at} : {version: null, text: '', author: null, createdAt: null};
	}

	public currentVersion(): number | null {
		return (this.db.prepare('SELECT MAX(version) AS version FROM guidelines').get() as {version: number | null}).version;
	}

	public add(text: string, author: string): Guidelines {
		const createdAt = new Date().toISOString();
		const version = Number(this.db.prepare('INSERT INTO guidelines (text, author, created_at) VALUES (?, ?, ?)').run(text, author, createdAt).lastInsertRowid);
		return {version, text, author, createdAt};
	}
}
