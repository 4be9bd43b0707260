import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {RstarError} from '../contract/errors.js';
import {migrations, type Migration} from './migrations/index.js';

export interface WorkspaceOptions {
	/**
	 * Path of a better-sqlite3 binary built for this runtime's ABI (the Electron main process in development needs
	 * one built against Electron's headers). Defaults to the binary better-sqlite3 ships for Node.
	 */
	nativeBinding?: string;
	/** Open an existing workspace without writing to it. Defaults to `false`. */
	readonly?: boolean;
}

/**
 * One workspace file: the single source of truth. Opening it turns on WAL and foreign keys and applies any pending
 * migration, each in its own transaction, so a crash mid-upgrade leaves the last good version.
 */
export class Workspace {
	public readonly path: string;
	public readonly db: Database.Database;

	private constructor(filePath: string, db: Database.Database, private readonly options: WorkspaceOptions) {
		this.path = filePath;
		this.db = db;
	}

	public static open(filePath: string, options: WorkspaceOptions = {}): Workspace {
		const absolute = path.resolve(filePath);
		if (!options.readonly)
			fs.mkdirSync(path.dirname(absolute), {recursive: true});

		const db = new Database(absolute, {nativeBinding: options.nativeBinding, readonly: options.readonly ?? false});
		try {
			if (!options.readonly) {
				db.pragma('journal_mode = WAL');
				// Every commit reaches the disk before it returns (SQLite's default, said here so it stays): a label or a
				// decision reported saved survives a crash or a power cut, not only a killed process.
				db.pragma('synchronous = FULL');
			}

			db.pragma('foreign_keys = ON');
			db.pragma('busy_timeout = 5000');
			if (!options.readonly)
				applyMigrations(db, migrations);
			else
				assertKnownVersion(db, migrations);
		} catch (error) {
			db.close();
			throw error;
		}
		return new Workspace(absolute, db, options);
	}

	/** A second connection to the same file, for a long write that readers of this one must not see half-done. */
	public openConnection(): Workspace {
		return Workspace.open(this.path, this.options);
	}

	public get schemaVersion(): number {
		return this.db.pragma('user_version', {simple: true}) as number;
	}

	public close(): void {
		if (this.db.open)
			this.db.close();
	}
}

function assertKnownVersion(db: Database.Database, known: readonly Migration[]): number {
	const current = db.pragma('user_version', {simple: true}) as number;
	const latest = known.at(-1)?.version ?? 0;
	if (current > latest)
		throw new RstarError('store.newer-schema',
			`workspace ${db.name} has schema version ${current}, newer than this build knows (${latest}) — update rStar Workbench or open another workspace with --db`);
	return current;
}

/**
 * Applies the migrations above the file's `user_version`, in order; returns the versions applied. Foreign keys are
 * off while they run (SQLite ignores the pragma inside a transaction, so it is set around them): a migration that
 * rebuilds a table drops the old one, which would otherwise cascade to every row that refers to it. Each migration
 * must leave every reference valid (`foreign_key_check`) or it is rolled back.
 */
export function applyMigrations(db: Database.Database, known: readonly Migration[]): number[] {
	const current = assertKnownVersion(db, known);
	const applied: number[] = [];
	const foreignKeys = db.pragma('foreign_keys', {simple: true}) as number;
	db.pragma('foreign_keys = OFF');
	try {
		for (const migration of known) {
			if (migration.version <= current)
				continue;

			db.transaction(() => {
				db.exec(migration.sql);
				const broken = db.pragma('foreign_key_check') as {table: string; rowid: number; parent: string}[];
				if (broken.length > 0)
					throw new RstarError('internal', `migration ${migration.version} (${migration.name}) leaves ${broken.length} broken references, the first in ${broken[0]!.table} row ${broken[0]!.rowid} to ${broken[0]!.parent}`);
				db.pragma(`user_version = ${migration.version}`);
			}).immediate();
			applied.push(migration.version);
		}
	} finally {
		db.pragma(`foreign_keys = ${foreignKeys}`);
	}
	return applied;
}
