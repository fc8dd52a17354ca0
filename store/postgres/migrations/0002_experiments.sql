-- A/B experiments and the exposures they log (see shopmind.Experiment).

CREATE TABLE experiments (
	id                text COLLATE "C" PRIMARY KEY,
	name              text NOT NULL,
	description       text NOT NULL,
	surface           text COLLATE "C" NOT NULL,
	variants          jsonb NOT NULL,
	control           text NOT NULL,
	status            text NOT NULL,
	horizon           bigint NOT NULL,
	attribution_hours double precision NOT NULL,
	alpha             double precision NOT NULL,
	started_at        timestamptz,       -- NULL until started
	ended_at          timestamptz,       -- NULL until stopped
	created_at        timestamptz NOT NULL,
	updated_at        timestamptz NOT NULL
);
CREATE INDEX experiments_surface ON experiments (surface, status);

CREATE TABLE exposures (
	recommendation_id text COLLATE "C" PRIMARY KEY,
	experiment_id     text COLLATE "C" NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
	variant           text NOT NULL,
	user_id           text COLLATE "C" NOT NULL,
	item_ids          jsonb NOT NULL,
	time              timestamptz NOT NULL
);
CREATE INDEX exposures_experiment ON exposures (experiment_id, time, recommendation_id);
CREATE INDEX exposures_user ON exposures (experiment_id, user_id, time);
