package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/erase"
)

// EraseUser removes or anonymises everything stored under a user id, in
// one transaction (see shopmind.ErasureService). Deleted rows are
// overwritten in the file (secure_delete); Compact removes them from the
// WAL too.
func (c *conn) EraseUser(ctx context.Context, userID string, opt shopmind.EraseOptions) (*shopmind.Erasure, error) {
	if err := erase.Check(userID, &opt); err != nil {
		return nil, err
	}
	er := &shopmind.Erasure{UserID: userID, EventsMode: opt.Events, Models: []string{}}
	err := c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var taken int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE id = ?", opt.Pseudonym).Scan(&taken); err != nil {
			return fmt.Errorf("erase user %s: %w", userID, err)
		}
		if taken > 0 {
			return erase.PseudonymTaken(opt.Pseudonym)
		}
		exec := func(dst *int64, query string, args ...any) error {
			res, err := tx.ExecContext(ctx, query, args...)
			if err != nil {
				return fmt.Errorf("erase user %s: %w", userID, formatError(err))
			}
			if dst != nil {
				*dst = rowsAffected(res)
			}
			return nil
		}
		type step struct {
			dst   *int64
			query string
			args  []any
		}
		var personal, user int64
		steps := []step{
			{&personal, "DELETE FROM user_personal WHERE user_id = ?", []any{userID}},
			{&user, "DELETE FROM users WHERE id = ?", []any{userID}},
			{nil, "DELETE FROM consents WHERE user_id = ?", []any{userID}},
			{&er.Messages, "DELETE FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE user_id = ?)", []any{userID}},
			{&er.Conversations, "DELETE FROM conversations WHERE user_id = ?", []any{userID}},
			{&er.Reviews, "UPDATE reviews SET user_id = '' WHERE user_id = ?", []any{userID}},
			{&er.Orders, "UPDATE orders SET user_id = ? WHERE user_id = ?", []any{opt.Pseudonym, userID}},
		}
		if opt.Events == shopmind.EraseEventsDelete {
			steps = append(steps, step{&er.Events, "DELETE FROM events WHERE user_id = ?", []any{userID}},
				step{&er.Exposures, "DELETE FROM exposures WHERE user_id = ?", []any{userID}})
		} else {
			steps = append(steps, step{&er.Exposures, "UPDATE exposures SET user_id = ? WHERE user_id = ?", []any{opt.Pseudonym, userID}})
		}
		for _, s := range steps {
			if err := exec(s.dst, s.query, s.args...); err != nil {
				return err
			}
		}
		er.Personal, er.User = personal > 0, user > 0
		if opt.Events == shopmind.EraseEventsPseudonymise {
			n, err := pseudonymiseEvents(ctx, tx, userID, opt.Pseudonym)
			if err != nil {
				return err
			}
			er.Events = n
		}
		er.ErasedAt = now
		if !er.Found() {
			return notFound("user", userID)
		}
		if erase.KeepsPseudonym(er) {
			// What is kept names an existing (anonymous) user, as orders
			// and events must.
			if _, err := tx.ExecContext(ctx, "INSERT INTO users (id, attributes, created_at, updated_at) VALUES (?, 'null', ?, ?)",
				opt.Pseudonym, micros(now), micros(now)); err != nil {
				return fmt.Errorf("erase user %s: pseudonym: %w", userID, formatError(err))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return er, nil
}

// pseudonymiseEvents moves a user's events to pseudonym, with new ids (an
// event id is derived from its user) and new session ids.
func pseudonymiseEvents(ctx context.Context, tx *sql.Tx, userID, pseudonym string) (int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, item_id, type, value, time, session_id, recommendation_id
		FROM events WHERE user_id = ? ORDER BY seq`, userID)
	if err != nil {
		return 0, fmt.Errorf("pseudonymise events of %s: %w", userID, err)
	}
	type row struct {
		seq int64
		e   shopmind.Event
	}
	var list []row
	for rows.Next() {
		var r row
		var t int64
		if err := rows.Scan(&r.seq, &r.e.ItemID, &r.e.Type, &r.e.Value, &t, &r.e.SessionID, &r.e.RecommendationID); err != nil {
			rows.Close()
			return 0, fmt.Errorf("pseudonymise events of %s: %w", userID, err)
		}
		r.e.Time = fromMicros(t)
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("pseudonymise events of %s: %w", userID, err)
	}
	stmt, err := tx.PrepareContext(ctx, "UPDATE events SET id = ?, user_id = ?, session_id = ? WHERE seq = ?")
	if err != nil {
		return 0, fmt.Errorf("pseudonymise events of %s: %w", userID, err)
	}
	defer stmt.Close()
	sessions := erase.Sessions(pseudonym)
	for _, r := range list {
		r.e.UserID, r.e.SessionID = pseudonym, sessions.Of(r.e.SessionID)
		if _, err := stmt.ExecContext(ctx, shopmind.EventID(&r.e), pseudonym, r.e.SessionID, r.seq); err != nil {
			return 0, fmt.Errorf("pseudonymise events of %s: %w", userID, formatError(err))
		}
	}
	return int64(len(list)), nil
}

// Compact checkpoints the WAL into the database file and truncates it,
// vacuums the file (rebuilding it without free pages) and truncates the WAL
// again, which VACUUM wrote through: afterwards neither file holds the
// bytes of deleted rows.
func (c *conn) Compact(ctx context.Context) error {
	if c.tx != nil {
		return shopmind.Errorf(shopmind.EINVALID, "compact cannot run inside a transaction")
	}
	db := c.db.sql
	if err := checkpoint(ctx, db); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "VACUUM"); err != nil {
		return fmt.Errorf("compact: vacuum: %w", formatError(err))
	}
	return checkpoint(ctx, db)
}

// checkpoint runs wal_checkpoint(TRUNCATE), retrying while readers keep it
// from finishing.
func checkpoint(ctx context.Context, db *sql.DB) error {
	for try := 0; ; try++ {
		var busy, logPages, done int
		if err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done); err != nil {
			return fmt.Errorf("compact: checkpoint: %w", formatError(err))
		}
		if busy == 0 {
			return nil
		}
		if try == 50 {
			return shopmind.Errorf(shopmind.EUNAVAILABLE, "compact: readers kept the WAL checkpoint from finishing; try again")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// DeleteModel deletes one version of a model, or returns ENOTFOUND.
func (c *conn) DeleteModel(ctx context.Context, name string, version int) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM models WHERE name = ? AND version = ?", name, version)
		if err != nil {
			return fmt.Errorf("delete model %s v%d: %w", name, version, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("model", fmt.Sprintf("%s v%d", name, version))
		}
		return nil
	})
}
