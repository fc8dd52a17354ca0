package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// wait is the generous deadline of things that happen at once: it only
// bounds a failing test, never measures.
const wait = 30 * time.Second

// TestLeadOneOfTwo opens two stores on one schema, as two nodes would: the
// first to campaign leads, the second waits until the first's session
// ends, and a store in another schema leads on its own.
func TestLeadOneOfTwo(t *testing.T) {
	schema := NewSchema(t)
	a, b := OpenSchema(t, schema), OpenSchema(t, schema)
	ctx := context.Background()

	actx, resignA := context.WithCancel(ctx)
	defer resignA()
	leadA, err := a.Lead(actx)
	if err != nil {
		t.Fatal(err)
	}
	won := make(chan context.Context, 1)
	bctx, resignB := context.WithCancel(ctx)
	defer resignB()
	go func() {
		lead, err := b.Lead(bctx)
		if err != nil {
			t.Error(err)
			close(won)
			return
		}
		won <- lead
	}()

	// Another schema has its own leader, at once.
	other := MustOpen(t)
	octx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	if _, err := other.Lead(octx); err != nil {
		t.Fatalf("a store in another schema does not lead: %v", err)
	}

	// b still waits: a leads. Checking the lock from a third session
	// (rather than sleeping) proves it is held.
	var holders int
	if err := a.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_locks l JOIN pg_stat_activity s USING (pid)
		WHERE l.locktype = 'advisory' AND l.granted AND s.application_name = 'shopmind leader'
		AND l.objid = (hashtextextended('shopmind/leader/' || current_schema(), 0) & x'ffffffff'::bigint)::oid`).Scan(&holders); err != nil {
		t.Fatal(err)
	}
	if holders != 1 {
		t.Fatalf("%d sessions hold the leader lock of the schema, want 1", holders)
	}
	select {
	case <-won:
		t.Fatal("b leads while a does")
	default:
	}

	// a resigns (as when its process stops): b takes over and a's
	// leadership has ended.
	resignA()
	select {
	case lead := <-won:
		if lead == nil || lead.Err() != nil {
			t.Fatal("b's leadership is not live")
		}
	case <-time.After(wait):
		t.Fatal("b did not take over after a resigned")
	}
	if leadA.Err() == nil {
		t.Fatal("a's leadership outlived its resignation")
	}
}

// TestLeaderLosesSession kills the leader's session from outside, as a
// network failure or a database restart would: its leadership ends within
// the check interval, and the other node takes over.
func TestLeaderLosesSession(t *testing.T) {
	schema := NewSchema(t)
	a, b := OpenSchema(t, schema), OpenSchema(t, schema)
	a.LeaderCheckEvery = 50 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	leadA, err := a.Lead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	won := make(chan error, 1)
	go func() { _, err := b.Lead(ctx); won <- err }()
	if _, err := a.Pool().Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE application_name = 'shopmind leader' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
		AND objid = (hashtextextended('shopmind/leader/' || current_schema(), 0) & x'ffffffff'::bigint)::oid)`); err != nil {
		t.Fatal(err)
	}
	select {
	case <-leadA.Done():
	case <-time.After(wait):
		t.Fatal("a still believes it leads after its session was killed")
	}
	select {
	case err := <-won:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(wait):
		t.Fatal("b did not take over")
	}
}

// TestWatchModels saves a model through one store and hears of it through
// another on the same schema, but not through a store in another schema;
// a rolled-back save announces nothing.
func TestWatchModels(t *testing.T) {
	schema := NewSchema(t)
	a, b := OpenSchema(t, schema), OpenSchema(t, schema)
	other := MustOpen(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	heard, err := b.WatchModels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	heardOther, err := other.WatchModels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Rolled back: never announced.
	_ = a.Tx(ctx, func(s shopmind.Store) error {
		if err := s.SaveModel(ctx, &shopmind.Model{Name: "recommend/rolledback", Data: []byte("x")}); err != nil {
			t.Fatal(err)
		}
		return shopmind.Errorf(shopmind.EINVALID, "roll back")
	})
	for v := 1; v <= 2; v++ {
		if err := a.SaveModel(ctx, &shopmind.Model{Name: "recommend/ease", Data: []byte("x")}); err != nil {
			t.Fatal(err)
		}
	}
	if err := other.SaveModel(ctx, &shopmind.Model{Name: "recommend/other", Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	for v := 1; v <= 2; v++ {
		select {
		case m := <-heard:
			if m != (shopmind.ModelSaved{Name: "recommend/ease", Version: v}) {
				t.Fatalf("heard %+v, want recommend/ease v%d", m, v)
			}
		case <-time.After(wait):
			t.Fatalf("version %d was not announced", v)
		}
	}
	select {
	case m := <-heardOther:
		if m != (shopmind.ModelSaved{Name: "recommend/other", Version: 1}) {
			t.Fatalf("the other schema heard %+v, want only its own recommend/other v1", m)
		}
	case <-time.After(wait):
		t.Fatal("the other schema's save was not announced")
	}
	// Nothing else arrives: a marker saved last is the next announcement.
	if err := a.SaveModel(ctx, &shopmind.Model{Name: "recommend/marker", Data: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-heard:
		if m.Name != "recommend/marker" {
			t.Fatalf("heard %+v, want the marker (another schema's or a rolled-back save leaked)", m)
		}
	case <-time.After(wait):
		t.Fatal("the marker was not announced")
	}
}
