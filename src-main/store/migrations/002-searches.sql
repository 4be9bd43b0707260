-- Searches: every node and every event of a search, enough to reopen, replay and resume it.
CREATE TABLE searches (
	id INTEGER PRIMARY KEY,
	problem_id INTEGER REFERENCES problems(id) ON DELETE SET NULL,
	question TEXT NOT NULL,
	-- JSON array of acceptable answers; empty when there is no ground truth.
	gold_answers TEXT NOT NULL,
	-- JSON of the search settings, defaults filled in.
	settings TEXT NOT NULL,
	policy_path TEXT NOT NULL,
	policy_sha256 TEXT NOT NULL,
	-- The PPM bundle folder and the sha256 of its model.onnx; null without a PPM.
	ppm_path TEXT,
	ppm_sha256 TEXT,
	status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'stopped')),
	completed_rollouts INTEGER NOT NULL DEFAULT 0,
	answer TEXT,
	correct INTEGER CHECK (correct IN (0, 1)),
	error TEXT,
	created_at TEXT NOT NULL,
	finished_at TEXT
);

CREATE TABLE search_nodes (
	search_id INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
	id INTEGER NOT NULL,
	parent_id INTEGER,
	depth INTEGER NOT NULL,
	text TEXT NOT NULL,
	code TEXT NOT NULL,
	output TEXT,
	error TEXT,
	final_answer TEXT,
	terminal INTEGER NOT NULL,
	reason TEXT,
	correct INTEGER,
	visits INTEGER NOT NULL,
	value_sum REAL NOT NULL,
	prior REAL NOT NULL,
	reward REAL,
	ppm REAL,
	stop_reason TEXT,
	consecutive_errors INTEGER NOT NULL,
	uct REAL,
	rollout INTEGER NOT NULL,
	PRIMARY KEY (search_id, id)
);

-- The engine's events in order (select, expand, execute, score, terminal, backup): the replay.
CREATE TABLE search_events (
	search_id INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	rollout INTEGER NOT NULL,
	kind TEXT NOT NULL,
	payload TEXT NOT NULL,
	PRIMARY KEY (search_id, seq)
);
