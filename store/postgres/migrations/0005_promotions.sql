-- The shop's calendar of promotions and holidays (see shopmind.Promotion).
-- Days are UTC midnights; end_day is the last day, included.

CREATE TABLE promotions (
	id         text COLLATE "C" PRIMARY KEY,
	name       text NOT NULL,
	kind       text NOT NULL,
	start_day  timestamptz NOT NULL,
	end_day    timestamptz NOT NULL,
	item_ids   jsonb NOT NULL,     -- array of item ids
	categories jsonb NOT NULL,     -- array of "/"-separated category paths
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX promotions_days ON promotions (end_day, start_day);
