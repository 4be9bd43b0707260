-- Curation. Preference pairs become a queue: mined by a round's extraction, made by hand, or imported from a file
-- (texts only). Each pair carries its texts (so an imported pair, an edit, and an export need no tree), the figures
-- the queue filters and sorts on, and its current status; every decision on it is kept in pair_decisions.
CREATE TABLE pairs_new (
	id INTEGER PRIMARY KEY,
	source TEXT NOT NULL CHECK (source IN ('hand', 'mined', 'imported')),
	-- The tree the two steps come from; null for an imported pair.
	search_id INTEGER REFERENCES searches(id) ON DELETE CASCADE,
	parent_id INTEGER,
	chosen_id INTEGER,
	rejected_id INTEGER,
	-- The round whose extraction mined it.
	round_id INTEGER REFERENCES rounds(id) ON DELETE SET NULL,
	problem_id INTEGER REFERENCES problems(id) ON DELETE SET NULL,
	question TEXT,
	-- The prompt as exports write it: an imported pair's, verbatim; a tree pair's, the training template with the
	-- question and the steps down to the parent. Stored for every pair, so an export read back in is found again;
	-- null only for pairs stored before this migration, until the workspace next opens (PairService fills it in).
	prompt TEXT,
	chosen_text TEXT NOT NULL,
	rejected_text TEXT NOT NULL,
	-- A labeller's corrections (status `edited`): what exports use. The texts above stay as generated.
	chosen_edit TEXT,
	rejected_edit TEXT,
	chosen_q REAL,
	rejected_q REAL,
	margin REAL,
	-- The shared parent's depth.
	depth INTEGER,
	-- Levenshtein distance between the two texts; null until computed (pairs stored before this migration).
	edit_distance INTEGER,
	ppm_chosen REAL,
	ppm_rejected REAL,
	-- The reference's pos_count / neg_count (the PPM trainer weighs a pair by 1 / (pos_count · neg_count)): how many
	-- chosen and rejected steps its parent gave; 1 for a pair that stands alone.
	pos_count INTEGER NOT NULL DEFAULT 1,
	neg_count INTEGER NOT NULL DEFAULT 1,
	status TEXT NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'accepted', 'rejected', 'edited', 'swapped', 'both-good', 'both-bad', 'skipped')),
	decided_by TEXT,
	decided_at TEXT,
	author TEXT NOT NULL,
	note TEXT NOT NULL,
	created_at TEXT NOT NULL,
	FOREIGN KEY (search_id, chosen_id) REFERENCES search_nodes(search_id, id),
	FOREIGN KEY (search_id, rejected_id) REFERENCES search_nodes(search_id, id),
	CHECK (chosen_id IS NULL OR chosen_id <> rejected_id),
	CHECK ((search_id IS NULL) = (source = 'imported'))
);

-- Hand pairs so far: their author chose them, so they stand accepted by their author.
INSERT INTO pairs_new (id, source, search_id, parent_id, chosen_id, rejected_id, round_id, problem_id, question, prompt, chosen_text,
	rejected_text, chosen_q, rejected_q, margin, depth, ppm_chosen, ppm_rejected, status, decided_by, decided_at, author, note, created_at)
SELECT p.id, 'hand', p.search_id, p.parent_id, p.chosen_id, p.rejected_id, NULL, s.problem_id, s.question, NULL, c.text, r.text,
	p.chosen_q, p.rejected_q, p.chosen_q - p.rejected_q, parent.depth, c.ppm, r.ppm, 'accepted', p.author, p.created_at, p.author, p.note, p.created_at
FROM preference_pairs p
JOIN searches s ON s.id = p.search_id
JOIN search_nodes c ON c.search_id = p.search_id AND c.id = p.chosen_id
JOIN search_nodes r ON r.search_id = p.search_id AND r.id = p.rejected_id
JOIN search_nodes parent ON parent.search_id = p.search_id AND parent.id = p.parent_id;

DROP TABLE preference_pairs;
ALTER TABLE pairs_new RENAME TO preference_pairs;
CREATE UNIQUE INDEX preference_pairs_unique ON preference_pairs(search_id, chosen_id, rejected_id) WHERE search_id IS NOT NULL;
-- A pair read from a file is one the queue holds when its prompt and both texts are (the import looks them up).
CREATE INDEX preference_pairs_texts ON preference_pairs(chosen_text, rejected_text);
CREATE INDEX preference_pairs_search ON preference_pairs(search_id);
CREATE INDEX preference_pairs_round ON preference_pairs(round_id, status);
CREATE INDEX preference_pairs_status ON preference_pairs(status);

-- The focus view reads a step's subtree (children by parent) rather than the whole tree.
CREATE INDEX search_nodes_parent ON search_nodes(search_id, parent_id);

-- Every decision taken on a pair, with its provenance. The pair's status is its latest decision outside agreement
-- samples (none: pending); undo deletes a decision and recomputes it.
CREATE TABLE pair_decisions (
	id INTEGER PRIMARY KEY,
	pair_id INTEGER NOT NULL REFERENCES preference_pairs(id) ON DELETE CASCADE,
	labeller TEXT NOT NULL,
	verdict TEXT NOT NULL
		CHECK (verdict IN ('pending', 'accepted', 'rejected', 'edited', 'swapped', 'both-good', 'both-bad', 'skipped')),
	note TEXT NOT NULL,
	chosen_text TEXT,
	rejected_text TEXT,
	ms_spent INTEGER NOT NULL,
	-- JSON PairSuggestion shown when deciding, or null.
	suggestion TEXT,
	guideline_version INTEGER,
	sample_id INTEGER REFERENCES agreement_samples(id) ON DELETE CASCADE,
	created_at TEXT NOT NULL
);
CREATE INDEX pair_decisions_pair ON pair_decisions(pair_id, id);
INSERT INTO pair_decisions (pair_id, labeller, verdict, note, ms_spent, created_at)
SELECT id, author, 'accepted', '', 0, created_at FROM preference_pairs;
CREATE INDEX pair_decisions_labeller ON pair_decisions(labeller, id);

-- Problems flagged bad, by question text (a typed question has no problem row); their pairs leave exports.
CREATE TABLE problem_flags (
	question TEXT PRIMARY KEY,
	author TEXT NOT NULL,
	note TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- Named views of the queue: filters and sort as JSON (PairView).
CREATE TABLE pair_views (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	view TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- Guidelines for labellers, every version kept; decisions and labels name the version they were taken under.
CREATE TABLE guidelines (
	version INTEGER PRIMARY KEY,
	text TEXT NOT NULL,
	author TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- PRM800K-style step labels: one rating per (trajectory, step, labeller); the trajectory is its leaf.
CREATE TABLE step_labels (
	search_id INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
	leaf_id INTEGER NOT NULL,
	node_id INTEGER NOT NULL,
	labeller TEXT NOT NULL,
	rating INTEGER NOT NULL CHECK (rating IN (-1, 0, 1)),
	guideline_version INTEGER,
	created_at TEXT NOT NULL,
	PRIMARY KEY (search_id, leaf_id, node_id, labeller),
	FOREIGN KEY (search_id, node_id) REFERENCES search_nodes(search_id, id)
);

-- How a labeller finished a trajectory: the first wrong step and the reason they stopped.
CREATE TABLE trajectory_labels (
	search_id INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
	leaf_id INTEGER NOT NULL,
	labeller TEXT NOT NULL,
	first_wrong_step INTEGER,
	reason TEXT NOT NULL CHECK (reason IN ('solution', 'found-error', 'bad-problem', 'give-up')),
	ms_spent INTEGER NOT NULL,
	guideline_version INTEGER,
	created_at TEXT NOT NULL,
	PRIMARY KEY (search_id, leaf_id, labeller),
	FOREIGN KEY (search_id, leaf_id) REFERENCES search_nodes(search_id, id)
);

-- Agreement samples: pairs drawn at random (seeded) to re-label blind, each handed to k labellers.
CREATE TABLE agreement_samples (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	-- JSON: the filters the pairs were drawn from, the seed, the labellers and k.
	spec TEXT NOT NULL,
	size INTEGER NOT NULL,
	k INTEGER NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE agreement_items (
	sample_id INTEGER NOT NULL REFERENCES agreement_samples(id) ON DELETE CASCADE,
	pair_id INTEGER NOT NULL REFERENCES preference_pairs(id) ON DELETE CASCADE,
	labeller TEXT NOT NULL,
	-- Order of the items within the sample (the draw's order).
	position INTEGER NOT NULL,
	PRIMARY KEY (sample_id, pair_id, labeller)
);
