-- Import journals: an import commits in batches so API writers get turns,
-- and stays all or nothing by journaling what each batch overwrote
-- (import_undo) and marking the events it added (events.import_id). A failed
-- or abandoned import is undone from them; a finished one drops its journal.
CREATE TABLE imports (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	owner      text NOT NULL,         -- "host:pid" of the importer
	started_at timestamptz NOT NULL,
	heartbeat  timestamptz NOT NULL   -- refreshed by every batch
);

CREATE TABLE import_undo (
	seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	import_id bigint NOT NULL,
	kind      text NOT NULL,
	key       text COLLATE "C" NOT NULL,
	before    bytea,                  -- JSON of the row before the import; NULL when it did not exist
	UNIQUE (import_id, kind, key)
);
CREATE INDEX import_undo_seq ON import_undo (import_id, seq);

-- NULL for events that came through the API; only imported ones are indexed.
ALTER TABLE events ADD COLUMN import_id bigint;
CREATE INDEX events_import ON events (import_id) WHERE import_id IS NOT NULL;
