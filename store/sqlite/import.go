package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

var _ shopmind.ImportJournal = (*conn)(nil)

// BeginImport records a new import run by owner and returns its id.
func (c *conn) BeginImport(ctx context.Context, owner string) (int64, error) {
	var id int64
	err := c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		return tx.QueryRowContext(ctx, "INSERT INTO imports (owner, started_at, heartbeat) VALUES (?, ?, ?) RETURNING id",
			owner, micros(now), micros(now)).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("begin import: %w", formatError(err))
	}
	return id, nil
}

// JournalImport records undos for import id, keeping the first undo of each
// row, and refreshes the import's heartbeat.
func (c *conn) JournalImport(ctx context.Context, id int64, undos []shopmind.ImportUndo) error {
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		res, err := tx.ExecContext(ctx, "UPDATE imports SET heartbeat = ? WHERE id = ?", micros(now), id)
		if err != nil {
			return fmt.Errorf("journal import %d: %w", id, formatError(err))
		}
		if rowsAffected(res) == 0 {
			return notFound("import", fmt.Sprint(id))
		}
		const per = 100
		args := make([]any, 0, per*4)
		for start := 0; start < len(undos); start += per {
			chunk := undos[start:min(start+per, len(undos))]
			args = args[:0]
			for _, u := range chunk {
				before, err := c.sealUndo(ctx, tx, now, id, u)
				if err != nil {
					return err
				}
				args = append(args, id, u.Kind, u.Key, before)
			}
			q := "INSERT INTO import_undo (import_id, kind, key, before) VALUES (?,?,?,?)" +
				strings.Repeat(",(?,?,?,?)", len(chunk)-1) + " ON CONFLICT (import_id, kind, key) DO NOTHING"
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("journal import %d: %w", id, formatError(err))
			}
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
	err := c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		args := make([]any, 0, eventBatch*9)
		for start := 0; start < len(events); start += eventBatch {
			batch := events[start:min(start+eventBatch, len(events))]
			args = args[:0]
			for _, e := range batch {
				args = append(args, e.ID, e.UserID, e.ItemID, string(e.Type), e.Value, page.Time(e.Time).UnixMicro(),
					e.SessionID, e.RecommendationID, id)
			}
			q := "INSERT INTO events (" + eventColumns + ", import_id) VALUES (?,?,?,?,?,?,?,?,?)" +
				strings.Repeat(",(?,?,?,?,?,?,?,?,?)", len(batch)-1) + " ON CONFLICT (id) DO NOTHING"
			res, err := tx.ExecContext(ctx, q, args...)
			if err != nil {
				return fmt.Errorf("add import events: %w", formatError(err))
			}
			added += int(rowsAffected(res))
		}
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
	rows, err := c.q().QueryContext(ctx, "SELECT seq, kind, key, before FROM import_undo WHERE import_id = ? ORDER BY seq DESC LIMIT ?",
		id, page.BoundedLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("import undos: %w", err)
	}
	defer rows.Close()
	var out []shopmind.ImportUndo
	for rows.Next() {
		var u shopmind.ImportUndo
		if err := rows.Scan(&u.Seq, &u.Kind, &u.Key, &u.Before); err != nil {
			return nil, fmt.Errorf("import undos: %w", err)
		}
		if err := c.openUndo(id, &u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("import undos: %w", err)
	}
	return out, nil
}

// DropImportUndos forgets the undos of import id from seq on.
func (c *conn) DropImportUndos(ctx context.Context, id int64, seq int64) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM import_undo WHERE import_id = ? AND seq >= ?", id, seq); err != nil {
			return fmt.Errorf("drop import undos: %w", err)
		}
		return nil
	})
}

// DeleteImportEvents deletes up to limit events added by import id.
func (c *conn) DeleteImportEvents(ctx context.Context, id int64, limit int) (int, error) {
	var n int
	err := c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE import_id = ? LIMIT ?)",
			id, max(limit, 1))
		if err != nil {
			return fmt.Errorf("delete import events: %w", err)
		}
		n = int(rowsAffected(res))
		return nil
	})
	return n, err
}

// EndImport forgets import id and its undos.
func (c *conn) EndImport(ctx context.Context, id int64) error {
	return c.write(ctx, func(tx *sql.Tx, _ time.Time) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM import_undo WHERE import_id = ?", id); err != nil {
			return fmt.Errorf("end import %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM imports WHERE id = ?", id); err != nil {
			return fmt.Errorf("end import %d: %w", id, err)
		}
		return nil
	})
}

// Imports lists the imports that have not ended, oldest first.
func (c *conn) Imports(ctx context.Context) ([]shopmind.ImportRun, error) {
	rows, err := c.q().QueryContext(ctx, "SELECT id, owner, started_at, heartbeat FROM imports ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("imports: %w", err)
	}
	defer rows.Close()
	var out []shopmind.ImportRun
	for rows.Next() {
		var r shopmind.ImportRun
		var start, beat int64
		if err := rows.Scan(&r.ID, &r.Owner, &start, &beat); err != nil {
			return nil, fmt.Errorf("imports: %w", err)
		}
		r.StartedAt, r.Heartbeat = fromMicros(start), fromMicros(beat)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("imports: %w", err)
	}
	return out, nil
}
