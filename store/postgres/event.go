package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

// copyThreshold is the batch size from which AddEvents streams events with
// COPY into a temporary table instead of sending them as arrays.
const copyThreshold = 1000

const eventColumns = "id, user_id, item_id, type, value, time, session_id, recommendation_id"

// AddEvents stores the events not stored yet (by ID) and returns how many
// were new; an id stored with other content fails the call with ECONFLICT
// ("events[3].id") and nothing is stored. Each event is validated first, which fills a missing ID; an
// invalid one fails the call with EINVALID ("events[3].type") and nothing
// is stored. Times are kept to the microsecond.
//
// Small batches go in one INSERT ... SELECT FROM unnest(arrays); large ones
// are copied into a temporary table and inserted from there, both with
// ON CONFLICT (id) DO NOTHING.
func (c *conn) AddEvents(ctx context.Context, events []*shopmind.Event) (int, error) {
	if err := shopmind.ValidateEach("events", events); err != nil {
		return 0, err
	}
	if len(events) == 0 {
		return 0, nil
	}
	added := 0
	err := c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		var err error
		if len(events) >= copyThreshold {
			added, err = copyEvents(ctx, tx, events)
		} else {
			added, err = insertEvents(ctx, tx, events)
		}
		if err == nil && added < len(events) {
			err = checkEventConflicts(ctx, tx, events)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// insertEvents inserts events from parallel arrays in one statement.
func insertEvents(ctx context.Context, tx pgx.Tx, events []*shopmind.Event) (int, error) {
	n := len(events)
	ids, users, items, types := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	sessions, recs := make([]string, n), make([]string, n)
	values, times := make([]float64, n), make([]time.Time, n)
	for i, e := range events {
		ids[i], users[i], items[i], types[i] = e.ID, e.UserID, e.ItemID, string(e.Type)
		values[i], times[i], sessions[i], recs[i] = e.Value, storedTime(e.Time), e.SessionID, e.RecommendationID
	}
	tag, err := tx.Exec(ctx, `INSERT INTO events (`+eventColumns+`)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[], $7::text[], $8::text[])
		ON CONFLICT (id) DO NOTHING`, ids, users, items, types, values, times, sessions, recs)
	if err != nil {
		return 0, fmt.Errorf("add events: %w", formatError(err))
	}
	return int(tag.RowsAffected()), nil
}

// copyEvents streams events into a session-local staging table with COPY
// and moves the new ones into events.
func copyEvents(ctx context.Context, tx pgx.Tx, events []*shopmind.Event) (int, error) {
	// The staging table lives as long as the connection; TRUNCATE clears
	// what an earlier call in the same transaction left.
	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS events_load (
			id text, user_id text, item_id text, type text, value float8, time timestamptz,
			session_id text, recommendation_id text);
		TRUNCATE events_load`); err != nil {
		return 0, fmt.Errorf("add events: staging table: %w", err)
	}
	src := pgx.CopyFromSlice(len(events), func(i int) ([]any, error) {
		e := events[i]
		return []any{e.ID, e.UserID, e.ItemID, string(e.Type), e.Value, storedTime(e.Time), e.SessionID, e.RecommendationID}, nil
	})
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"events_load"}, []string{"id", "user_id", "item_id", "type", "value",
		"time", "session_id", "recommendation_id"}, src); err != nil {
		return 0, fmt.Errorf("add events: copy: %w", err)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO events (`+eventColumns+`)
		SELECT `+eventColumns+` FROM pg_temp.events_load ON CONFLICT (id) DO NOTHING`)
	if err != nil {
		return 0, fmt.Errorf("add events: %w", formatError(err))
	}
	return int(tag.RowsAffected()), nil
}

// Events returns events matching f in ascending (time, id) order and the
// next cursor.
func (c *conn) Events(ctx context.Context, f shopmind.EventFilter) ([]*shopmind.Event, string, error) {
	at, afterID, err := page.DecodeEvent(f.After)
	if err != nil {
		return nil, "", err
	}
	limit := page.Limit(f.Limit)
	var w where
	if afterID != "" {
		// The redundant time bound lets the user and item indexes, which
		// end in time, seek to the cursor instead of scanning from the start.
		w.add("(time, id) > (?, ?) AND time >= ?", at, afterID, at)
	}
	if f.UserID != "" {
		w.add("user_id = ?", f.UserID)
	}
	if f.ItemID != "" {
		w.add("item_id = ?", f.ItemID)
	}
	if f.Type != "" {
		w.add("type = ?", string(f.Type))
	}
	if !f.Since.IsZero() {
		w.add("time >= ?", storedTime(f.Since))
	}
	if !f.Until.IsZero() {
		w.add("time < ?", storedTime(f.Until))
	}
	if f.MaxSeq > 0 {
		w.add("seq <= ?", f.MaxSeq)
	}
	lim := w.arg(limit + 1)
	rows, err := c.q().Query(ctx, "SELECT "+eventColumns+" FROM events"+w.sql()+" ORDER BY time, id LIMIT "+lim, w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	events, err := collectRows(rows, scanEvent)
	if err != nil {
		return nil, "", fmt.Errorf("events: %w", err)
	}
	next := ""
	if len(events) > limit {
		events = events[:limit]
		last := events[limit-1]
		next = page.EncodeEvent(last.Time, last.ID)
	}
	return events, next, nil
}

// scanEvent reads one row of eventColumns.
func scanEvent(row pgx.Row) (*shopmind.Event, error) {
	var e shopmind.Event
	if err := row.Scan(&e.ID, &e.UserID, &e.ItemID, &e.Type, &e.Value, &e.Time, &e.SessionID, &e.RecommendationID); err != nil {
		return nil, err
	}
	e.Time = e.Time.UTC()
	return &e, nil
}

// eventSeqWait bounds how long one EventSeq attempt waits for the lock,
// and so how long it holds new event writers back; attempts are at least
// eventSeqPause apart, the pause doubling up to eventSeqMaxPause.
const (
	eventSeqWait     = 100 * time.Millisecond
	eventSeqPause    = 20 * time.Millisecond
	eventSeqMaxPause = time.Second
)

// EventSeq returns the arrival watermark: the highest seq once every
// transaction writing events has ended.
//
// PostgreSQL hands out identity values when rows are inserted, but
// transactions commit in any order: while a transaction that drew seq 10 is
// still open, another that drew 11 may have committed, and max(seq) would
// say 11 with 10 yet to appear, which a reader of "events after 11" would
// miss forever. So EventSeq reads max(seq) under LOCK TABLE events IN SHARE
// MODE, which conflicts with the ROW EXCLUSIVE lock every insert holds to
// the end of its transaction: it gets the lock only once no transaction
// writing events is open. While it waits in line, new writers queue behind
// it, so each attempt waits at most eventSeqWait (lock_timeout) and then
// lets them pass and tries again later: a long import delays EventSeq (and
// so training) until it commits, never the API's ingest by more than
// eventSeqWait. Inside Tx it waits as long as needed, and the lock lasts
// until that transaction ends.
func (c *conn) EventSeq(ctx context.Context) (int64, error) {
	if c.tx != nil {
		return lockedEventSeq(ctx, c.tx)
	}
	pause := eventSeqPause
	for {
		var seq int64
		err := pgx.BeginFunc(ctx, c.db.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, fmt.Sprintf("SET LOCAL lock_timeout = %d", eventSeqWait.Milliseconds())); err != nil {
				return fmt.Errorf("event seq: %w", err)
			}
			var err error
			seq, err = lockedEventSeq(ctx, tx)
			return err
		})
		var pe *pgconn.PgError
		if err == nil || !errors.As(err, &pe) || pe.Code != "55P03" { // lock_not_available
			return seq, err
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(pause):
		}
		pause = min(2*pause, eventSeqMaxPause)
	}
}

func lockedEventSeq(ctx context.Context, tx pgx.Tx) (int64, error) {
	if _, err := tx.Exec(ctx, "LOCK TABLE events IN SHARE MODE"); err != nil {
		return 0, fmt.Errorf("event seq: %w", err)
	}
	var seq int64
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(seq), 0) FROM events").Scan(&seq); err != nil {
		return 0, fmt.Errorf("event seq: %w", err)
	}
	return seq, nil
}

// UserEventsAfter returns the user's latest limit events that arrived
// after seq, oldest arrival first.
func (c *conn) UserEventsAfter(ctx context.Context, userID string, seq int64, limit int) ([]*shopmind.Event, error) {
	rows, err := c.q().Query(ctx, `SELECT `+eventColumns+` FROM (
		SELECT seq, `+eventColumns+` FROM events WHERE user_id = $1 AND seq > $2 ORDER BY seq DESC LIMIT $3
	) e ORDER BY seq`, userID, seq, page.BoundedLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("user events after %d: %w", seq, err)
	}
	events, err := collectRows(rows, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("user events after %d: %w", seq, err)
	}
	return events, nil
}

// UserEvents returns the user's latest limit events by time, newest first,
// read backwards along the events_user index (user_id, time, id).
func (c *conn) UserEvents(ctx context.Context, userID string, limit int) ([]*shopmind.Event, error) {
	rows, err := c.q().Query(ctx, `SELECT `+eventColumns+` FROM events WHERE user_id = $1
		ORDER BY time DESC, id DESC LIMIT $2`, userID, page.BoundedLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("user events: %w", err)
	}
	events, err := collectRows(rows, scanEvent)
	if err != nil {
		return nil, fmt.Errorf("user events: %w", err)
	}
	return events, nil
}

// EventsPerDay counts events per UTC day in [since, until), in day order.
// Days without events are left out. A zero since or until does not bound.
func (c *conn) EventsPerDay(ctx context.Context, since, until time.Time) ([]shopmind.DayCount, error) {
	var w where
	if !since.IsZero() {
		w.add("time >= ?", storedTime(since))
	}
	if !until.IsZero() {
		w.add("time < ?", storedTime(until))
	}
	rows, err := c.q().Query(ctx, `SELECT to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)
		FROM events`+w.sql()+` GROUP BY day ORDER BY day`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("events per day: %w", err)
	}
	out, err := collectRows(rows, func(row pgx.Row) (*shopmind.DayCount, error) {
		var d shopmind.DayCount
		return &d, row.Scan(&d.Day, &d.Count)
	})
	if err != nil {
		return nil, fmt.Errorf("events per day: %w", err)
	}
	days := make([]shopmind.DayCount, len(out))
	for i, d := range out {
		days[i] = *d
	}
	return days, nil
}

// DeleteEvent removes an event, or returns ENOTFOUND.
func (c *conn) DeleteEvent(ctx context.Context, id string) error {
	return c.deleteOne(ctx, "DELETE FROM events WHERE id = $1", "event", id)
}
