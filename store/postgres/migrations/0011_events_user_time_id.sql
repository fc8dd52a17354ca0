-- A user's events by (time, id), the order Events lists them in: the
-- index ends with id, so a user's latest events (UserEvents, newest first)
-- and a user's pages of events are read along it without sorting the
-- user's whole history.
DROP INDEX events_user;
CREATE INDEX events_user ON events (user_id, time, id);
