-- Searches get a lease, so that one process at a time works on a search, and two statuses: `queued` (waiting for a
-- model slot) and `interrupted` (its process died; resumable). SQLite cannot change a CHECK constraint in place, so
-- the table is rebuilt (SQLite's own recipe: new table, copy, drop, rename); applyMigrations turns foreign keys off
-- around a migration, so dropping the old table does not cascade to the nodes, events and pairs that refer to it.
CREATE TABLE searches_new (
	id INTEGER PRIMARY KEY,
	problem_id INTEGER REFERENCES problems(id) ON DELETE SET NULL,
	question TEXT NOT NULL,
	gold_answers TEXT NOT NULL,
	settings TEXT NOT NULL,
	policy_path TEXT NOT NULL,
	-- Null while the search is queued and its models have never been loaded.
	policy_sha256 TEXT,
	ppm_path TEXT,
	ppm_sha256 TEXT,
	status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'stopped', 'interrupted')),
	completed_rollouts INTEGER NOT NULL DEFAULT 0,
	answer TEXT,
	correct INTEGER CHECK (correct IN (0, 1)),
	error TEXT,
	created_at TEXT NOT NULL,
	finished_at TEXT,
	-- The process working on the search (queued or running): a random id per SearchService, its pid and host, and
	-- when the lease lapses (ms since the epoch) unless renewed. All four null when no process holds it.
	lease_owner TEXT,
	lease_pid INTEGER,
	lease_host TEXT,
	lease_expires_at INTEGER,
	CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL))
);

INSERT INTO searches_new (id, problem_id, question, gold_answers, settings, policy_path, policy_sha256, ppm_path, ppm_sha256,
	status, completed_rollouts, answer, correct, error, created_at, finished_at)
SELECT id, problem_id, question, gold_answers, settings, policy_path, policy_sha256, ppm_path, ppm_sha256,
	-- A search left `running` by an earlier build has no lease: its process is gone or will find it taken.
	CASE status WHEN 'running' THEN 'interrupted' ELSE status END, completed_rollouts, answer, correct, error, created_at, finished_at
FROM searches;

DROP TABLE searches;
ALTER TABLE searches_new RENAME TO searches;
CREATE INDEX searches_problem ON searches(problem_id);
