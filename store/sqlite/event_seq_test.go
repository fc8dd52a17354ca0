package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

// Migration 0004 rebuilds events with an AUTOINCREMENT seq: a database
// from before it keeps its events and their sequence numbers, and the next
// event arrives above them.
func TestMigrateEventSeq(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Put the events table back as migration 0001 made it, with gaps.
	for _, q := range []string{
		"DROP TABLE events",
		`CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, item_id TEXT NOT NULL,
			type TEXT NOT NULL, value REAL NOT NULL, time INTEGER NOT NULL, session_id TEXT NOT NULL, recommendation_id TEXT NOT NULL)`,
		"CREATE INDEX events_user ON events (user_id, time)",
		`INSERT INTO events VALUES (5, 'e5', 'u', 'a', 'view', 0, 1000000, '', ''), (7, 'e7', 'u', 'b', 'view', 0, 3000000, '', ''),
			(9, 'e9', 'v', 'c', 'cart', 0, 2000000, '', '')`,
		"DELETE FROM schema_migrations WHERE version = 4",
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if n, err := sqlite.Migrate(ctx, db.SQL()); err != nil || n != 1 {
		t.Fatalf("Migrate = %d, %v; want 1 migration", n, err)
	}
	seq, err := db.EventSeq(ctx)
	if err != nil || seq != 9 {
		t.Fatalf("EventSeq = %d, %v; want 9", seq, err)
	}
	got, err := db.UserEventsAfter(ctx, "u", 5, 10)
	if err != nil || len(got) != 1 || got[0].ID != "e7" {
		t.Fatalf("u after 5 = %v, %v; want e7", got, err)
	}
	e := &shopmind.Event{UserID: "v", ItemID: "d", Type: shopmind.EventView, Time: time.Unix(0, 0)}
	must(t, e.Validate())
	if _, err := db.AddEvents(ctx, []*shopmind.Event{e}); err != nil {
		t.Fatal(err)
	}
	got, err = db.UserEventsAfter(ctx, "v", 9, 10)
	if err != nil || len(got) != 1 || got[0].ID != e.ID {
		t.Fatalf("v after 9 = %v, %v; want the new event", got, err)
	}
	// The per-request read seeks the (user_id, seq) index.
	rows, err := db.SQL().QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT id FROM events WHERE user_id = 'v' AND seq > 9 ORDER BY seq DESC LIMIT 5")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	plan := ""
	for rows.Next() {
		var id, parent, unused int
		var detail string
		must(t, rows.Scan(&id, &parent, &unused, &detail))
		plan += detail + "; "
	}
	if !strings.Contains(plan, "events_user_seq") {
		t.Errorf("plan %q does not use events_user_seq", plan)
	}
}
