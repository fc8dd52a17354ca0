package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// TestSynchronous checks that every pooled connection runs with the
// synchronous setting asked for: FULL (2) by default, NORMAL (1) on request.
func TestSynchronous(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		open func(path string) (*DB, error)
		want int
	}{
		{"Default", func(path string) (*DB, error) { return Open(ctx, path) }, 2},
		{"Full", func(path string) (*DB, error) { return OpenWith(ctx, path, Options{Synchronous: SyncFull}) }, 2},
		{"Normal", func(path string) (*DB, error) { return OpenWith(ctx, path, Options{Synchronous: SyncNormal}) }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := tt.open(filepath.Join(t.TempDir(), "shopmind.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			// Hold several connections at once so each is a different one.
			for i := range 4 {
				c, err := db.SQL().Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				var got int
				if err := c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != tt.want {
					t.Fatalf("connection %d: PRAGMA synchronous = %d, want %d", i, got, tt.want)
				}
			}
		})
	}
	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := OpenWith(ctx, filepath.Join(t.TempDir(), "shopmind.db"), Options{Synchronous: "sometimes"})
		if shopmind.ErrorCode(err) != shopmind.EINVALID {
			t.Fatalf("err = %v, want EINVALID", err)
		}
	})
}

// TestGroupCommitIsolation queues 16 calls while a commit is (held to be)
// running, so that they are all committed as one group, with every fourth
// call failing inside the transaction (a trigger refuses its item). The
// failing calls must get their error and store nothing; all the others must
// be acknowledged and stored, in one group.
func TestGroupCommitIsolation(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "shopmind.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL().ExecContext(ctx, `CREATE TRIGGER poison BEFORE INSERT ON events
		WHEN NEW.item_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned item'); END`); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	const calls, perCall = 16, 5
	batches := make([][]*shopmind.Event, calls)
	for c := range batches {
		for j := range perCall {
			e := &shopmind.Event{UserID: fmt.Sprint("u", c), ItemID: fmt.Sprint("i", j), Type: shopmind.EventClick,
				Time: base.Add(time.Duration(c*perCall+j) * time.Minute)}
			if c%4 == 1 && j == perCall-1 {
				e.ItemID = "poison" // the call's last event fails in SQL
			}
			batches[c] = append(batches[c], e)
		}
	}

	// Pretend a leader is committing, so every call queues.
	g := db.group
	g.mu.Lock()
	g.leading = true
	g.mu.Unlock()
	type result struct {
		n   int
		err error
	}
	results := make([]chan result, calls)
	for c := range calls {
		results[c] = make(chan result, 1)
		go func() {
			n, err := db.AddEvents(ctx, batches[c])
			results[c] <- result{n, err}
		}()
	}
	for {
		g.mu.Lock()
		queued := len(g.queue)
		if queued == calls {
			// The pretend commit ends: promote the first caller.
			g.queue[0].wake <- true
		}
		g.mu.Unlock()
		if queued == calls {
			break
		}
		time.Sleep(time.Millisecond)
	}
	stored := 0
	for c := range calls {
		r := <-results[c]
		if c%4 == 1 {
			if r.err == nil || r.n != 0 {
				t.Errorf("poisoned call %d: n=%d err=%v, want an error", c, r.n, r.err)
			}
			continue
		}
		if r.err != nil || r.n != perCall {
			t.Errorf("call %d: n=%d err=%v, want %d stored", c, r.n, r.err, perCall)
		}
		stored += r.n
	}
	var rows, poisonedUsers int
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM events").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM events WHERE user_id IN ('u1','u5','u9','u13')").Scan(&poisonedUsers); err != nil {
		t.Fatal(err)
	}
	if rows != stored || rows != (calls-calls/4)*perCall {
		t.Fatalf("%d events stored, %d acknowledged, want %d", rows, stored, (calls-calls/4)*perCall)
	}
	if poisonedUsers != 0 {
		t.Fatalf("%d events of failed calls were stored", poisonedUsers)
	}
	if st := db.GroupCommitStats(); st.Commits != 1 || st.Calls != calls {
		t.Fatalf("stats %+v, want the %d calls in 1 commit", st, calls)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.leading || len(g.queue) != 0 {
		t.Fatalf("after the group: leading=%v queue=%d, want idle", g.leading, len(g.queue))
	}
}
