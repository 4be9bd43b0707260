-- Datasets and their problems: the first tables of the workspace.
CREATE TABLE datasets (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	source TEXT NOT NULL,
	format TEXT NOT NULL CHECK (format IN ('json', 'jsonl', 'parquet')),
	-- sha256 of the imported file's bytes: a second import of the same file is refused (see datasets_by_sha256).
	sha256 TEXT NOT NULL,
	builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
	imported_at TEXT NOT NULL,
	-- JSON array of the import's warnings, kept for the record.
	warnings TEXT NOT NULL DEFAULT '[]'
);

-- Built-in datasets do not count: a user may import a shipped file as a dataset of their own, once.
CREATE UNIQUE INDEX datasets_by_sha256 ON datasets (sha256) WHERE builtin = 0;

CREATE TABLE problems (
	id INTEGER PRIMARY KEY,
	dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
	-- 1-based position of the row in the imported file.
	ordinal INTEGER NOT NULL,
	-- The file's own index or id, verbatim.
	source_index TEXT,
	question TEXT NOT NULL,
	-- JSON array of acceptable answers; empty means "no ground truth".
	answers TEXT NOT NULL,
	has_answer INTEGER NOT NULL CHECK (has_answer IN (0, 1)),
	level TEXT,
	subject TEXT,
	-- JSON object of the row's other fields, verbatim.
	meta TEXT NOT NULL DEFAULT '{}',
	UNIQUE (dataset_id, ordinal)
);

CREATE INDEX problems_by_level ON problems (dataset_id, level);

CREATE VIRTUAL TABLE problems_fts USING fts5 (question, content = 'problems', content_rowid = 'id');

CREATE TRIGGER problems_fts_insert AFTER INSERT ON problems BEGIN
	INSERT INTO problems_fts (rowid, question) VALUES (new.id, new.question);
END;

CREATE TRIGGER problems_fts_delete AFTER DELETE ON problems BEGIN
	INSERT INTO problems_fts (problems_fts, rowid, question) VALUES ('delete', old.id, old.question);
END;
