-- Where a search's work time went, by stage (work_ms stays their sum): sampling steps from the policy, running the
-- steps' code (and judging answers), scoring steps with the PPM. Searches stored before this migration have 0 here.
ALTER TABLE searches ADD COLUMN generation_ms REAL NOT NULL DEFAULT 0;
ALTER TABLE searches ADD COLUMN execution_ms REAL NOT NULL DEFAULT 0;
ALTER TABLE searches ADD COLUMN scoring_ms REAL NOT NULL DEFAULT 0;
