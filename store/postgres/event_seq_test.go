package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// While a long transaction writes events (a big import), EventSeq waits for
// it, but other writers (the API's ingest) are not held back behind
// EventSeq's lock until the import ends.
func TestEventSeqDoesNotStallWriters(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	ev := func(user string) *shopmind.Event {
		e := &shopmind.Event{UserID: user, ItemID: "i", Type: shopmind.EventView, Time: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		return e
	}
	added, release, txDone := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		txDone <- db.Tx(ctx, func(tx shopmind.Store) error {
			_, err := tx.AddEvents(ctx, []*shopmind.Event{ev("import")})
			close(added)
			<-release
			return err
		})
	}()
	<-added
	var seq int64
	seqDone := make(chan error, 1)
	go func() {
		var err error
		seq, err = db.EventSeq(ctx)
		seqDone <- err
	}()
	time.Sleep(time.Second) // EventSeq has tried and waited for the lock several times
	apiDone := make(chan error, 1)
	go func() {
		_, err := db.AddEvents(ctx, []*shopmind.Event{ev("api")})
		apiDone <- err
	}()
	select {
	case err := <-apiDone:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("an API write waited behind EventSeq for the open import")
	}
	select {
	case <-seqDone:
		t.Fatal("EventSeq returned while a transaction writing events was open")
	default:
	}
	close(release)
	if err := <-txDone; err != nil {
		t.Fatal(err)
	}
	if err := <-seqDone; err != nil {
		t.Fatal(err)
	}
	later, err := db.UserEventsAfter(ctx, "import", seq, 10)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := db.Events(ctx, shopmind.EventFilter{UserID: "import", MaxSeq: seq})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(later) != 0 {
		t.Fatalf("the import's event: %d at or below seq %d, %d after; want it at or below", len(got), seq, len(later))
	}
}
