package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/internal/page"
)

const auditColumns = "seq, time, actor, action, target, outcome, detail, hash"

// AppendAudit validates e, stamps a zero Time with now, and stores it as
// the next entry of the chain (migration 0008). It locks the table for the
// rest of the transaction, so concurrent appends take sequences and chain
// hashes one at a time, in commit order; readers are not blocked.
func (c *conn) AppendAudit(ctx context.Context, e *shopmind.AuditEntry) error {
	if e == nil {
		return shopmind.FieldErrorf("action", "audit entry is missing")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return c.write(ctx, func(tx pgx.Tx, now time.Time) error {
		if _, err := tx.Exec(ctx, "LOCK TABLE audit_log IN EXCLUSIVE MODE"); err != nil {
			return fmt.Errorf("append audit: lock: %w", formatError(err))
		}
		var (
			last int64
			prev string
		)
		err := tx.QueryRow(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&last, &prev)
		if err != nil && !isNoRows(err) {
			return fmt.Errorf("append audit: %w", formatError(err))
		}
		entry := *e
		entry.Seq = last + 1
		entry.Time = storedTime(e.Time)
		if entry.Time.IsZero() {
			entry.Time = now
		}
		entry.Hash = shopmind.AuditHash(prev, &entry)
		_, err = tx.Exec(ctx, "INSERT INTO audit_log ("+auditColumns+") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			entry.Seq, entry.Time, entry.Actor, string(entry.Action), entry.Target, entry.Outcome, entry.Detail, entry.Hash)
		if err != nil {
			return fmt.Errorf("append audit: %w", formatError(err))
		}
		*e = entry
		return nil
	})
}

// AuditEntries returns entries matching f, newest first unless f.Oldest,
// and the next cursor.
func (c *conn) AuditEntries(ctx context.Context, f shopmind.AuditFilter) ([]*shopmind.AuditEntry, string, error) {
	after, err := page.DecodeSeq(page.KindAudit, f.After)
	if err != nil {
		return nil, "", err
	}
	limit := page.Limit(f.Limit)
	var w where
	order := "DESC"
	if f.Oldest {
		order = "ASC"
	}
	if after > 0 {
		if f.Oldest {
			w.add("seq > ?", after)
		} else {
			w.add("seq < ?", after)
		}
	}
	for _, eq := range []struct{ col, v string }{{"actor", f.Actor}, {"action", string(f.Action)}, {"target", f.Target}} {
		if eq.v != "" {
			w.add(eq.col+" = ?", eq.v)
		}
	}
	if !f.Since.IsZero() {
		w.add("time >= ?", storedTime(f.Since))
	}
	if !f.Until.IsZero() {
		w.add("time < ?", storedTime(f.Until))
	}
	lim := w.arg(limit + 1)
	rows, err := c.q().Query(ctx, "SELECT "+auditColumns+" FROM audit_log"+w.sql()+" ORDER BY seq "+order+" LIMIT "+lim, w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("audit entries: %w", err)
	}
	entries, err := collectRows(rows, scanAudit)
	if err != nil {
		return nil, "", fmt.Errorf("audit entries: %w", err)
	}
	next := ""
	if len(entries) > limit {
		entries = entries[:limit]
		next = page.EncodeSeq(page.KindAudit, entries[limit-1].Seq)
	}
	return entries, next, nil
}

func scanAudit(row pgx.Row) (*shopmind.AuditEntry, error) {
	var e shopmind.AuditEntry
	if err := row.Scan(&e.Seq, &e.Time, &e.Actor, &e.Action, &e.Target, &e.Outcome, &e.Detail, &e.Hash); err != nil {
		return nil, err
	}
	e.Time = e.Time.UTC()
	return &e, nil
}
