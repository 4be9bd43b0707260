-- Step-level preference pairs made by hand from two sibling steps of a stored search, with their provenance.
CREATE TABLE preference_pairs (
	id INTEGER PRIMARY KEY,
	search_id INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
	parent_id INTEGER NOT NULL,
	chosen_id INTEGER NOT NULL,
	rejected_id INTEGER NOT NULL,
	-- Q of each step when the pair was made (the tree may grow later, on resume).
	chosen_q REAL NOT NULL,
	rejected_q REAL NOT NULL,
	source TEXT NOT NULL CHECK (source IN ('hand')),
	author TEXT NOT NULL,
	note TEXT NOT NULL,
	created_at TEXT NOT NULL,
	FOREIGN KEY (search_id, chosen_id) REFERENCES search_nodes(search_id, id),
	FOREIGN KEY (search_id, rejected_id) REFERENCES search_nodes(search_id, id),
	CHECK (chosen_id <> rejected_id)
);

CREATE INDEX preference_pairs_search ON preference_pairs(search_id);
CREATE INDEX searches_problem ON searches(problem_id);
