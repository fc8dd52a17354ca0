-- The shop's calendar of promotions and holidays (see shopmind.Promotion).
-- Days are UTC midnights in microseconds; end_day is the last day, included.

CREATE TABLE promotions (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	start_day  INTEGER NOT NULL,
	end_day    INTEGER NOT NULL,
	item_ids   TEXT NOT NULL,     -- JSON array of item ids
	categories TEXT NOT NULL,     -- JSON array of "/"-separated category paths
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE INDEX promotions_days ON promotions (end_day, start_day);
