-- A/B experiments and the exposures they log (see shopmind.Experiment).

CREATE TABLE experiments (
	id                TEXT PRIMARY KEY,
	name              TEXT NOT NULL,
	description       TEXT NOT NULL,
	surface           TEXT NOT NULL,
	variants          TEXT NOT NULL,     -- JSON array of Variant
	control           TEXT NOT NULL,
	status            TEXT NOT NULL,
	horizon           INTEGER NOT NULL,
	attribution_hours REAL NOT NULL,
	alpha             REAL NOT NULL,
	started_at        INTEGER,           -- NULL until started
	ended_at          INTEGER,           -- NULL until stopped
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
);
CREATE INDEX experiments_surface ON experiments (surface, status);

CREATE TABLE exposures (
	recommendation_id TEXT PRIMARY KEY,
	experiment_id     TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
	variant           TEXT NOT NULL,
	user_id           TEXT NOT NULL,
	item_ids          TEXT NOT NULL,     -- JSON array
	time              INTEGER NOT NULL
);
CREATE INDEX exposures_experiment ON exposures (experiment_id, time, recommendation_id);
CREATE INDEX exposures_user ON exposures (experiment_id, user_id, time);
