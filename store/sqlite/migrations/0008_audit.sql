-- The audit log (see shopmind.AuditEntry): who read personal data, erased,
-- exported, managed keys and experiments, and when. Append-only: shopmind
-- never updates or deletes a row, and the triggers below refuse to, so a
-- change needs someone who also drops the triggers; the hash chain (each
-- row's hash covers the previous row's) then shows where the log was
-- touched. Times are microseconds since the epoch, UTC.
CREATE TABLE audit_log (
	seq     INTEGER PRIMARY KEY,
	time    INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	target  TEXT NOT NULL,
	outcome TEXT NOT NULL,
	detail  TEXT NOT NULL,
	hash    TEXT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log (time);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_target ON audit_log (target, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit log is append-only');
END;
