-- Self-evolution rounds, the evaluations that score their models, the models they produce, and the jobs that run
-- their stages. A round's searches and an evaluation's searches are ordinary searches linked back to it; the unique
-- indexes below make "one search per problem of a round (or evaluation)" a rule of the database, so a resumed batch
-- can never search a problem twice.
CREATE TABLE rounds (
	id INTEGER PRIMARY KEY,
	-- Rounds of one self-evolution share a name and are numbered from 1.
	evolution TEXT NOT NULL,
	number INTEGER NOT NULL CHECK (number >= 1),
	-- RoundConfig (contract/rounds.ts) as JSON: pool, models searched with, preset and settings, extraction, training
	-- and evaluation options. Fixed once the round is created, so the round records exactly what it ran.
	config TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('created', 'running', 'done', 'failed', 'stopped', 'interrupted')),
	-- Stage results as JSON, null until the stage is done; the next stage to run is the first null one.
	search_result TEXT,
	extraction TEXT,
	policy_model_id INTEGER REFERENCES models(id),
	ppm_model_id INTEGER REFERENCES models(id),
	evaluation TEXT,
	error TEXT,
	created_at TEXT NOT NULL,
	finished_at TEXT,
	UNIQUE (evolution, number)
);

-- Every model a round trained, with its lineage: the data it was trained on, and the model it started from.
CREATE TABLE models (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('policy', 'ppm')),
	path TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	round_id INTEGER REFERENCES rounds(id) ON DELETE SET NULL,
	-- The file or folder it started from (the previous policy, or the policy a PPM's decoder came from).
	init_path TEXT,
	-- The training data files and their row counts, and the trainer's summary, as JSON.
	data TEXT NOT NULL,
	training TEXT NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE evaluations (
	id INTEGER PRIMARY KEY,
	round_id INTEGER REFERENCES rounds(id) ON DELETE CASCADE,
	dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
	-- What it measures: 'greedy' (the policy's pass@1) or 'search' (a search with the round's models).
	kind TEXT NOT NULL CHECK (kind IN ('greedy', 'search')),
	settings TEXT NOT NULL,
	policy_path TEXT NOT NULL,
	ppm_path TEXT,
	status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'stopped', 'interrupted')),
	-- The EvaluationReport as JSON once done.
	report TEXT,
	created_at TEXT NOT NULL,
	finished_at TEXT
);
CREATE INDEX evaluations_round ON evaluations(round_id);

ALTER TABLE searches ADD COLUMN round_id INTEGER REFERENCES rounds(id) ON DELETE SET NULL;
ALTER TABLE searches ADD COLUMN evaluation_id INTEGER REFERENCES evaluations(id) ON DELETE SET NULL;
-- What a search cost, summed over its committed rollouts (a round's statistics): policy tokens generated, and the
-- milliseconds spent generating, executing and scoring.
ALTER TABLE searches ADD COLUMN generated_tokens INTEGER NOT NULL DEFAULT 0;
ALTER TABLE searches ADD COLUMN work_ms REAL NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX searches_round_problem ON searches(round_id, problem_id) WHERE round_id IS NOT NULL;
CREATE UNIQUE INDEX searches_evaluation_problem ON searches(evaluation_id, problem_id) WHERE evaluation_id IS NOT NULL;

-- Long work (a round's stages, an evaluation): progress, log and outcome persist, so a window opened later, or the
-- CLI's `status`, shows jobs that outlived the process that ran them.
CREATE TABLE jobs (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	-- What it works on, when it is a round's stage.
	round_id INTEGER REFERENCES rounds(id) ON DELETE CASCADE,
	title TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'done', 'failed', 'stopped', 'interrupted')),
	done INTEGER NOT NULL DEFAULT 0,
	total INTEGER NOT NULL DEFAULT 0,
	-- When progress was first counted in this run of the job (ms since the epoch): the ETA's origin.
	progress_since INTEGER,
	progress_since_done INTEGER,
	error TEXT,
	-- The process running it (as a search's lease: pid and host tell a live holder from a dead one).
	pid INTEGER,
	host TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	finished_at TEXT
);
CREATE INDEX jobs_round ON jobs(round_id);

CREATE TABLE job_log (
	job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	at TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
	message TEXT NOT NULL,
	PRIMARY KEY (job_id, seq)
);

-- Scratch space for one check: whether the disk has room again after a write failed for lack of it (SearchStore's
-- canWrite writes a row here, commits, and deletes it). Always empty otherwise.
CREATE TABLE disk_probe (id INTEGER PRIMARY KEY, filler BLOB NOT NULL);
