package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/erase"
)

// EraseUser removes or anonymises everything stored under a user id, in
// one transaction (see shopmind.ErasureService).
func (c *conn) EraseUser(ctx context.Context, userID string, opt shopmind.EraseOptions) (*shopmind.Erasure, error) {
	if err := erase.Check(userID, &opt); err != nil {
		return nil, err
	}
	er := &shopmind.Erasure{UserID: userID, EventsMode: opt.Events, Models: []string{}}
	err := c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		var taken bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)", opt.Pseudonym).Scan(&taken); err != nil {
			return fmt.Errorf("erase user %s: %w", userID, formatError(err))
		}
		if taken {
			return erase.PseudonymTaken(opt.Pseudonym)
		}
		type step struct {
			dst   *int64
			query string
			args  []any
		}
		var personal, user int64
		steps := []step{
			{&personal, "DELETE FROM user_personal WHERE user_id = $1", []any{userID}},
			{&user, "DELETE FROM users WHERE id = $1", []any{userID}},
			{nil, "DELETE FROM consents WHERE user_id = $1", []any{userID}},
			{&er.Messages, "DELETE FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE user_id = $1)", []any{userID}},
			{&er.Conversations, "DELETE FROM conversations WHERE user_id = $1", []any{userID}},
			{&er.Reviews, "UPDATE reviews SET user_id = '' WHERE user_id = $1", []any{userID}},
			{&er.Orders, "UPDATE orders SET user_id = $2 WHERE user_id = $1", []any{userID, opt.Pseudonym}},
		}
		if opt.Events == shopmind.EraseEventsDelete {
			steps = append(steps, step{&er.Events, "DELETE FROM events WHERE user_id = $1", []any{userID}},
				step{&er.Exposures, "DELETE FROM exposures WHERE user_id = $1", []any{userID}})
		} else {
			steps = append(steps, step{&er.Exposures, "UPDATE exposures SET user_id = $2 WHERE user_id = $1", []any{userID, opt.Pseudonym}})
		}
		for _, s := range steps {
			tag, err := tx.Exec(ctx, s.query, s.args...)
			if err != nil {
				return fmt.Errorf("erase user %s: %w", userID, formatError(err))
			}
			if s.dst != nil {
				*s.dst = tag.RowsAffected()
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
			if _, err := tx.Exec(ctx, "INSERT INTO users (id, attributes, created_at, updated_at) VALUES ($1, 'null'::jsonb, $2, $2)",
				opt.Pseudonym, now); err != nil {
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
func pseudonymiseEvents(ctx context.Context, tx pgx.Tx, userID, pseudonym string) (int64, error) {
	rows, err := tx.Query(ctx, `SELECT seq, item_id, type, value, time, session_id, recommendation_id
		FROM events WHERE user_id = $1 ORDER BY seq`, userID)
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
		var typ string
		if err := rows.Scan(&r.seq, &r.e.ItemID, &typ, &r.e.Value, &r.e.Time, &r.e.SessionID, &r.e.RecommendationID); err != nil {
			rows.Close()
			return 0, fmt.Errorf("pseudonymise events of %s: %w", userID, err)
		}
		r.e.Type, r.e.Time = shopmind.EventType(typ), r.e.Time.UTC()
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("pseudonymise events of %s: %w", userID, err)
	}
	sessions := erase.Sessions(pseudonym)
	batch := &pgx.Batch{}
	for _, r := range list {
		r.e.UserID, r.e.SessionID = pseudonym, sessions.Of(r.e.SessionID)
		batch.Queue("UPDATE events SET id = $1, user_id = $2, session_id = $3 WHERE seq = $4",
			shopmind.EventID(&r.e), pseudonym, r.e.SessionID, r.seq)
	}
	if len(list) > 0 {
		if err := tx.SendBatch(ctx, batch).Close(); err != nil {
			return 0, fmt.Errorf("pseudonymise events of %s: %w", userID, formatError(err))
		}
	}
	return int64(len(list)), nil
}

// Compact vacuums the tables erasure touches. The tables that hold free
// text and personal data (user_personal, conversations, messages) get
// VACUUM FULL, which rewrites them without the dead rows; the others,
// possibly large, a plain VACUUM, which frees dead rows for reuse.
// PostgreSQL's own WAL segments are recycled by its checkpoints (a
// CHECKPOINT here would flush the whole cluster: 20 s on a loaded machine).
func (c *conn) Compact(ctx context.Context) error {
	if c.tx != nil {
		return shopmind.Errorf(shopmind.EINVALID, "compact cannot run inside a transaction")
	}
	for _, q := range []string{
		"VACUUM FULL user_personal, conversations, messages",
		"VACUUM users, events, orders, reviews, exposures, models",
	} {
		if _, err := c.db.pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("compact: %s: %w", q, formatError(err))
		}
	}
	return nil
}

// DeleteModel deletes one version of a model, or returns ENOTFOUND.
func (c *conn) DeleteModel(ctx context.Context, name string, version int) error {
	return c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		tag, err := tx.Exec(ctx, "DELETE FROM models WHERE name = $1 AND version = $2", name, version)
		if err != nil {
			return fmt.Errorf("delete model %s v%d: %w", name, version, formatError(err))
		}
		if tag.RowsAffected() == 0 {
			return notFound("model", fmt.Sprintf("%s v%d", name, version))
		}
		return nil
	})
}
