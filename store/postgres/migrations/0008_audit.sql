-- The audit log (see shopmind.AuditEntry): who read personal data, erased,
-- exported, managed keys and experiments, and when. Append-only: shopmind
-- never updates or deletes a row, and the trigger below refuses to, so a
-- change needs someone who also drops the trigger; the hash chain (each
-- row's hash covers the previous row's) then shows where the log was
-- touched. Appends lock the table so sequence and chain follow one order.
CREATE TABLE audit_log (
	seq     BIGINT PRIMARY KEY,
	time    TIMESTAMPTZ NOT NULL,
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
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
