package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

var _ shopmind.ImportJournal = (*conn)(nil)

// BeginImport records a new import run by owner and returns its id.
func (c *conn) BeginImport(ctx context.Context, owner string) (int64, error) {
	var id int64
	err := c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		return tx.QueryRow(ctx, "INSERT INTO imports (owner, started_at, heartbeat) VALUES ($1, $2, $2) RETURNING id",
			owner, now).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("begin import: %w", formatError(err))
	}
	return id, nil
}

// JournalImport records undos for import id, keeping the first undo of each
// row, and refreshes the import's heartbeat.
func (c *conn) JournalImport(ctx context.Context, id int64, undos []shopmind.ImportUndo) error {
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		tag, err := tx.Exec(ctx, "UPDATE imports SET heartbeat = $1 WHERE id = $2", now, id)
		if err != nil {
			return fmt.Errorf("journal import %d: %w", id, formatError(err))
		}
		if tag.RowsAffected() == 0 {
			return notFound("import", fmt.Sprint(id))
		}
		if len(undos) == 0 {
			return nil
		}
		kinds, keys, befores := make([]string, len(undos)), make([]string, len(undos)), make([][]byte, len(undos))
		for i, u := range undos {
			before, err := c.sealUndo(ctx, tx, now, id, u)
			if err != nil {
				return err
			}
			kinds[i], keys[i] = u.Kind, u.Key
			if before != nil {
				befores[i] = before.([]byte)
			}
		}
		// WITH ORDINALITY keeps the given order in seq.
		if _, err := tx.Exec(ctx, `INSERT INTO import_undo (import_id, kind, key, before)
			SELECT $1, k, y, b FROM unnest($2::text[], $3::text[], $4::bytea[]) WITH ORDINALITY AS u(k, y, b, n) ORDER BY n
			ON CONFLICT (import_id, kind, key) DO NOTHING`, id, kinds, keys, befores); err != nil {
			return fmt.Errorf("journal import %d: %w", id, formatError(err))
		}
		return nil
	})
}

// AddImportEvents is AddEvents with the new events marked as import id's.
func (c *conn) AddImportEvents(ctx context.Context, id int64, events []*shopmind.Event) (int, error) {
	if err := shopmind.ValidateEach("events", events); err != nil {
		return 0, err
	}
	if len(events) == 0 {
		return 0, nil
	}
	added := 0
	err := c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		n := len(events)
		ids, users, items, types := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		sessions, recs := make([]string, n), make([]string, n)
		values, times := make([]float64, n), make([]time.Time, n)
		for i, e := range events {
			ids[i], users[i], items[i], types[i] = e.ID, e.UserID, e.ItemID, string(e.Type)
			values[i], times[i], sessions[i], recs[i] = e.Value, storedTime(e.Time), e.SessionID, e.RecommendationID
		}
		tag, err := tx.Exec(ctx, `INSERT INTO events (`+eventColumns+`, import_id)
			SELECT *, $9::bigint FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[], $7::text[], $8::text[])
			ON CONFLICT (id) DO NOTHING`, ids, users, items, types, values, times, sessions, recs, id)
		if err != nil {
			return fmt.Errorf("add import events: %w", formatError(err))
		}
		added = int(tag.RowsAffected())
		if added < len(events) {
			return checkEventConflicts(ctx, tx, events)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// ImportUndos returns up to limit undos of import id, highest seq first.
func (c *conn) ImportUndos(ctx context.Context, id int64, limit int) ([]shopmind.ImportUndo, error) {
	rows, err := c.q().Query(ctx, "SELECT seq, kind, key, before FROM import_undo WHERE import_id = $1 ORDER BY seq DESC LIMIT $2",
		id, page.BoundedLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("import undos: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (shopmind.ImportUndo, error) {
		var u shopmind.ImportUndo
		if err := row.Scan(&u.Seq, &u.Kind, &u.Key, &u.Before); err != nil {
			return u, err
		}
		return u, c.openUndo(id, &u)
	})
	if err != nil {
		return nil, fmt.Errorf("import undos: %w", err)
	}
	return out, nil
}

// DropImportUndos forgets the undos of import id from seq on.
func (c *conn) DropImportUndos(ctx context.Context, id int64, seq int64) error {
	return c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		if _, err := tx.Exec(ctx, "DELETE FROM import_undo WHERE import_id = $1 AND seq >= $2", id, seq); err != nil {
			return fmt.Errorf("drop import undos: %w", err)
		}
		return nil
	})
}

// DeleteImportEvents deletes up to limit events added by import id.
func (c *conn) DeleteImportEvents(ctx context.Context, id int64, limit int) (int, error) {
	var n int
	err := c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		tag, err := tx.Exec(ctx, "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE import_id = $1 LIMIT $2)",
			id, max(limit, 1))
		if err != nil {
			return fmt.Errorf("delete import events: %w", err)
		}
		n = int(tag.RowsAffected())
		return nil
	})
	return n, err
}

// EndImport forgets import id and its undos.
func (c *conn) EndImport(ctx context.Context, id int64) error {
	return c.write(ctx, func(tx pgx.Tx, _ time.Time) error {
		if _, err := tx.Exec(ctx, "DELETE FROM import_undo WHERE import_id = $1", id); err != nil {
			return fmt.Errorf("end import %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM imports WHERE id = $1", id); err != nil {
			return fmt.Errorf("end import %d: %w", id, err)
		}
		return nil
	})
}

// Imports lists the imports that have not ended, oldest first.
func (c *conn) Imports(ctx context.Context) ([]shopmind.ImportRun, error) {
	rows, err := c.q().Query(ctx, "SELECT id, owner, started_at, heartbeat FROM imports ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("imports: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (shopmind.ImportRun, error) {
		var r shopmind.ImportRun
		err := row.Scan(&r.ID, &r.Owner, &r.StartedAt, &r.Heartbeat)
		r.StartedAt, r.Heartbeat = r.StartedAt.UTC(), r.Heartbeat.UTC()
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("imports: %w", err)
	}
	return out, nil
}
