-- The workbench's settings (contract/settings.ts): one row per top-level setting, its value as JSON, only those the
-- user set — what was never set follows the build's defaults. A value that no longer validates is ignored on read.
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
