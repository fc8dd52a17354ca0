package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"

	"github.com/shopmind/shopmind"
)

var _ shopmind.Coordinator = (*DB)(nil)

// modelsChannel is the LISTEN/NOTIFY channel of SaveModel. Channels are
// per database, and several stores may share a database in separate
// schemas, so each payload names its schema and listeners keep their own.
const modelsChannel = "shopmind_models"

// Defaults of the DB's coordination settings.
const (
	DefaultLeaderCheckEvery = 5 * time.Second
	DefaultReconnectWait    = 2 * time.Second
)

// Every key below is hashed with the schema (current_schema()), so stores in
// different schemas of one database never share a lock.
const (
	leaderLockSQL    = "SELECT pg_advisory_lock(hashtextextended('shopmind/leader/' || current_schema(), 0))"
	exclusiveLockSQL = "SELECT pg_advisory_lock(hashtextextended('shopmind/exclusive/' || current_schema() || '/' || $1::text, 0))"
)

// Lead implements shopmind.Coordinator with a session-level advisory lock
// held on a connection of its own: the leader is the node whose session
// holds it. A node that stops, crashes or loses its connection loses its
// session, PostgreSQL releases the lock, and the next node waiting in Lead
// takes it at once. Lead checks its connection every LeaderCheckEvery; when
// the check fails, the returned context ends (another node may lead within
// that time, so a leader's work must be safe to repeat). Errors connecting
// or locking are returned; the caller campaigns again after a pause.
func (db *DB) Lead(ctx context.Context) (context.Context, error) {
	c, err := db.session(ctx, "shopmind leader", true)
	if err != nil {
		return nil, err
	}
	if _, err := c.Exec(ctx, leaderLockSQL); err != nil {
		c.Close(context.Background())
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("leader lock: %w", err)
	}
	lead, resign := context.WithCancel(ctx)
	go func() {
		defer resign()
		// Closing the session releases the lock.
		defer c.Close(context.Background())
		t := time.NewTicker(db.leaderCheckEvery())
		defer t.Stop()
		for {
			select {
			case <-lead.Done():
				return
			case <-t.C:
				pctx, cancel := context.WithTimeout(lead, db.leaderCheckEvery())
				err := c.Ping(pctx)
				cancel()
				if err != nil {
					return
				}
			}
		}
	}()
	return lead, nil
}

// WatchModels implements shopmind.Coordinator with LISTEN on a connection
// of its own. SaveModel notifies in its transaction, so a version is
// announced when it is committed, whoever saved it. When the connection
// breaks, WatchModels reconnects every ReconnectWait and then delivers a
// ModelSaved with no Name, as notifications may have been lost.
func (db *DB) WatchModels(ctx context.Context) (<-chan shopmind.ModelSaved, error) {
	c, schema, err := db.listen(ctx)
	if err != nil {
		return nil, err
	}
	out := make(chan shopmind.ModelSaved, 16)
	go func() {
		defer close(out)
		send := func(m shopmind.ModelSaved) bool {
			select {
			case out <- m:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for {
			for c != nil {
				n, err := c.WaitForNotification(ctx)
				if err != nil {
					c.Close(context.Background())
					c = nil
					break
				}
				var p modelNotice
				if json.Unmarshal([]byte(n.Payload), &p) != nil || p.Schema != schema {
					continue
				}
				if !send(shopmind.ModelSaved{Name: p.Name, Version: p.Version}) {
					c.Close(context.Background())
					return
				}
			}
			t := time.NewTimer(db.reconnectWait())
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			if c, schema, err = db.listen(ctx); err == nil && !send(shopmind.ModelSaved{}) {
				c.Close(context.Background())
				return
			}
		}
	}()
	return out, nil
}

// modelNotice is the payload SaveModel sends on modelsChannel.
type modelNotice struct {
	Schema  string `json:"schema"`
	Name    string `json:"name"`
	Version int    `json:"version"`
}

// notifySQL announces a saved model within SaveModel's transaction.
const notifySQL = `SELECT pg_notify('` + modelsChannel + `', json_build_object('schema', current_schema(), 'name', $1::text, 'version', $2::int)::text)`

// listen opens a session listening on modelsChannel and returns it with
// the schema it stores in.
func (db *DB) listen(ctx context.Context) (*pgx.Conn, string, error) {
	c, err := db.session(ctx, "shopmind listener", false)
	if err != nil {
		return nil, "", err
	}
	var schema string
	if err := c.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		c.Close(context.Background())
		return nil, "", fmt.Errorf("listen: %w", err)
	}
	if _, err := c.Exec(ctx, "LISTEN "+modelsChannel); err != nil {
		c.Close(context.Background())
		return nil, "", fmt.Errorf("listen: %w", err)
	}
	return c, schema, nil
}

// Exclusive implements shopmind.Coordinator with a session-level advisory
// lock of key, on a connection of its own that is closed afterwards (which
// releases the lock whatever happened).
func (db *DB) Exclusive(ctx context.Context, key string, fn func(context.Context) error) error {
	c, err := db.session(ctx, "shopmind exclusive", true)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, exclusiveLockSQL, key); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("lock %s: %w", key, err)
	}
	return fn(ctx)
}

// session opens a connection outside the pool, with the pool's settings
// (search_path included), named app in pg_stat_activity. With waits, a
// query waiting on it (for a lock) is cancelled on the server when its
// context is, rather than left queued for a lock after the client gave up.
func (db *DB) session(ctx context.Context, app string, waits bool) (*pgx.Conn, error) {
	cfg := db.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = app
	if waits {
		cfg.BuildContextWatcherHandler = func(pc *pgconn.PgConn) ctxwatch.Handler {
			return &pgconn.CancelRequestContextWatcherHandler{Conn: pc, DeadlineDelay: time.Second}
		}
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("connect: %w", err)
	}
	return c, nil
}

func (db *DB) leaderCheckEvery() time.Duration {
	if db.LeaderCheckEvery > 0 {
		return db.LeaderCheckEvery
	}
	return DefaultLeaderCheckEvery
}

func (db *DB) reconnectWait() time.Duration {
	if db.ReconnectWait > 0 {
		return db.ReconnectWait
	}
	return DefaultReconnectWait
}
