-- The model registry: every policy, LoRA adapter and PPM bundle the workspace knows, by its absolute path (the files
-- stay where they are), with what reading it told. `models` (006) keeps what the rounds trained; a registered model
-- a round produced points at that row for its lineage.
CREATE TABLE registered_models (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('policy', 'lora', 'ppm')),
	-- Symlinks resolved, so two spellings of one file are one model.
	path TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	-- Shipped with the app (resources/models): not removable.
	builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
	status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
	-- Why the file could not be read, when status is 'error'.
	error TEXT,
	bytes INTEGER NOT NULL,
	sha256 TEXT,
	-- ModelInfo (contract/models.ts) as JSON: architecture, parameters, quantisation, …, and the full metadata.
	info TEXT NOT NULL,
	trained_model_id INTEGER REFERENCES models(id) ON DELETE SET NULL,
	-- ModelRuntimeSettings as JSON: GPU layers, context size, sequences, threads used when it is loaded.
	runtime TEXT NOT NULL DEFAULT '{}',
	registered_at TEXT NOT NULL,
	CHECK ((status = 'error') = (error IS NOT NULL))
);
