-- Events get an arrival sequence that is never reused: seq becomes
-- AUTOINCREMENT, so an event stored after the newest one was deleted still
-- gets a higher seq than any before (a plain rowid would hand out the
-- deleted number again). Recommendations read the events that arrived after
-- the sequence their model was trained at, whatever the events' own times.
-- SQLite cannot add AUTOINCREMENT to a column, so the table is rebuilt;
-- existing events keep their seq.
CREATE TABLE events_seq (
	seq               INTEGER PRIMARY KEY AUTOINCREMENT,
	id                TEXT NOT NULL UNIQUE,
	user_id           TEXT NOT NULL,
	item_id           TEXT NOT NULL,
	type              TEXT NOT NULL,
	value             REAL NOT NULL,
	time              INTEGER NOT NULL,
	session_id        TEXT NOT NULL,
	recommendation_id TEXT NOT NULL
);
INSERT INTO events_seq (seq, id, user_id, item_id, type, value, time, session_id, recommendation_id)
	SELECT seq, id, user_id, item_id, type, value, time, session_id, recommendation_id FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_seq RENAME TO events;
CREATE INDEX events_time ON events (time, id);
CREATE INDEX events_user ON events (user_id, time);
CREATE INDEX events_item ON events (item_id, time);
-- A user's events in arrival order, for the events since a model's training.
CREATE INDEX events_user_seq ON events (user_id, seq);
