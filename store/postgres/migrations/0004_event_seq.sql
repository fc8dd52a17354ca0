-- Events already carry an arrival sequence (seq, an identity column, never
-- reused). Recommendations read a user's events that arrived after the
-- sequence their model was trained at, whatever the events' own times:
-- this index serves that read.
CREATE INDEX events_user_seq ON events (user_id, seq);
