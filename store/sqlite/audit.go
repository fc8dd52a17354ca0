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

const auditColumns = "seq, time, actor, action, target, outcome, detail, hash"

// AppendAudit validates e, stamps a zero Time with now, and stores it as
// the next entry of the chain (migration 0008). Write transactions are
// IMMEDIATE, so reading the last entry and appending after it cannot
// interleave with another append.
func (c *conn) AppendAudit(ctx context.Context, e *shopmind.AuditEntry) error {
	if e == nil {
		return shopmind.FieldErrorf("action", "audit entry is missing")
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return c.write(ctx, func(tx *sql.Tx, now time.Time) error {
		var (
			last int64
			prev string
		)
		err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&last, &prev)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("append audit: %w", formatError(err))
		}
		entry := *e
		entry.Seq = last + 1
		entry.Time = page.Time(e.Time)
		if entry.Time.IsZero() {
			entry.Time = now
		}
		entry.Hash = shopmind.AuditHash(prev, &entry)
		_, err = tx.ExecContext(ctx, "INSERT INTO audit_log ("+auditColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			entry.Seq, micros(entry.Time), entry.Actor, string(entry.Action), entry.Target, entry.Outcome, entry.Detail, entry.Hash)
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
	var where []string
	var args []any
	order := "DESC"
	if f.Oldest {
		order = "ASC"
	}
	if after > 0 {
		if f.Oldest {
			where, args = append(where, "seq > ?"), append(args, after)
		} else {
			where, args = append(where, "seq < ?"), append(args, after)
		}
	}
	for _, eq := range []struct{ col, v string }{{"actor", f.Actor}, {"action", string(f.Action)}, {"target", f.Target}} {
		if eq.v != "" {
			where, args = append(where, eq.col+" = ?"), append(args, eq.v)
		}
	}
	if !f.Since.IsZero() {
		where, args = append(where, "time >= ?"), append(args, micros(page.Time(f.Since)))
	}
	if !f.Until.IsZero() {
		where, args = append(where, "time < ?"), append(args, micros(page.Time(f.Until)))
	}
	q := "SELECT " + auditColumns + " FROM audit_log"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY seq " + order + " LIMIT ?"
	args = append(args, limit+1)
	rows, err := c.q().QueryContext(ctx, q, args...)
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

func scanAudit(s scanner) (*shopmind.AuditEntry, error) {
	var (
		e  shopmind.AuditEntry
		us int64
	)
	if err := s.Scan(&e.Seq, &us, &e.Actor, &e.Action, &e.Target, &e.Outcome, &e.Detail, &e.Hash); err != nil {
		return nil, err
	}
	e.Time = fromMicros(us)
	return &e, nil
}
