-- A job's numbers by step (a training's loss, held-out loss and accuracy, tokens/s): the live loss curve, and the
-- same curve after a restart. One row per (job, step); a step's values merge as they arrive (train, then held-out).
CREATE TABLE job_metrics (
	job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
	step INTEGER NOT NULL,
	-- {name: number} as JSON.
	"values" TEXT NOT NULL,
	PRIMARY KEY (job_id, step)
) WITHOUT ROWID;
