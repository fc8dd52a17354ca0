package ingest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
)

// An import commits batch by batch; these tests check that it is still
// all or nothing on both stores: a bad row, a cancel, or a crash (finished
// by Recover) leaves the store as it was, and an event id stored with other
// content is a bad row.
func TestSQLiteImportAllOrNothing(t *testing.T) { testAllOrNothing(t, openSQLite) }

func TestPostgresImportAllOrNothing(t *testing.T) {
	testAllOrNothing(t, func(tb testing.TB) shopmind.Store { return openPostgres(tb) })
}

func jsonlFile(name string, entity ingest.Entity, lines ...string) ingest.File {
	data := strings.Join(lines, "\n") + "\n"
	return ingest.File{Path: name, Format: ingest.FormatJSONL, Entity: entity, Size: int64(len(data)),
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(data)), nil }}
}

const seedTime = "2026-01-01T00:00:00Z"

// seedShop stores a small shop through the importer: the state the failed
// imports below must leave untouched.
func seedShop(t *testing.T, st shopmind.Store) {
	t.Helper()
	files := []ingest.File{
		jsonlFile("users.jsonl", ingest.EntityUsers, `{"id":"u1","attributes":{"tier":"gold"}}`),
		jsonlFile("personal.jsonl", ingest.EntityPersonal, `{"user_id":"u1","email":"ada@example.com","name":"Ada"}`),
		jsonlFile("items.jsonl", ingest.EntityItems, `{"id":"i1","title":"Old","price":5}`),
		jsonlFile("orders.jsonl", ingest.EntityOrders, `{"id":"o1","user_id":"u1","status":"paid","total":10,"lines":[{"item_id":"i1","quantity":2,"unit_price":5}]}`),
		jsonlFile("reviews.jsonl", ingest.EntityReviews, `{"id":"r1","item_id":"i1","user_id":"u1","rating":4,"text":"fine"}`),
		jsonlFile("events.jsonl", ingest.EntityEvents, `{"id":"s1","user_id":"u1","item_id":"i1","type":"view","time":"`+seedTime+`"}`),
	}
	if _, err := ingest.ImportFiles(context.Background(), st, files, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
}

// bigImport overwrites and adds rows of every kind, with enough events for
// many batches of size 7; its last file ends in a review of an unknown
// item unless good.
func bigImport(good bool) []ingest.File {
	var events []string
	for i := range 60 {
		events = append(events, fmt.Sprintf(`{"id":"n%d","user_id":"u2","item_id":"i2","type":"click","time":"2026-01-02T00:%02d:00Z"}`, i, i))
	}
	events = append(events, `{"id":"s1","user_id":"u1","item_id":"i1","type":"view","time":"`+seedTime+`"}`)
	last := `{"id":"r3","item_id":"i2","text":"good too"}`
	if !good {
		last = `{"id":"r3","item_id":"nothing","text":"bad"}`
	}
	return []ingest.File{
		jsonlFile("users.jsonl", ingest.EntityUsers, `{"id":"u1","attributes":{"tier":"silver"}}`, `{"id":"u2"}`),
		jsonlFile("personal.jsonl", ingest.EntityPersonal, `{"user_id":"u1","email":"new@example.com","name":"Ada L"}`, `{"user_id":"u2","email":"b@example.com"}`),
		jsonlFile("items.jsonl", ingest.EntityItems, `{"id":"i1","title":"New","price":6}`, `{"id":"i2","title":"Second","price":3}`),
		jsonlFile("orders.jsonl", ingest.EntityOrders, `{"id":"o1","user_id":"u1","status":"shipped","total":10,"lines":[{"item_id":"i1","quantity":2,"unit_price":5}]}`,
			`{"id":"o2","user_id":"u2","status":"paid","total":3,"lines":[{"item_id":"i2","quantity":1,"unit_price":3}]}`),
		jsonlFile("events.jsonl", ingest.EntityEvents, events...),
		jsonlFile("reviews.jsonl", ingest.EntityReviews, `{"id":"r1","item_id":"i1","user_id":"u1","rating":1,"text":"changed my mind"}`,
			`{"id":"r2","item_id":"i2","text":"new"}`, last),
	}
}

// snapshot is the store's content as JSON, UpdatedAt left out: a row put
// back by a rollback has its content and CreatedAt, stamped with the
// rollback's time.
func snapshot(t *testing.T, st shopmind.Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	add := func(name string, v any, err error) {
		if err != nil {
			t.Fatalf("snapshot %s: %v", name, err)
		}
		j, _ := json.Marshal(v)
		fmt.Fprintf(&b, "%s: %s\n", name, j)
	}
	users, _, err := st.Users(ctx, shopmind.UserFilter{Limit: 1000})
	for _, u := range users {
		u.UpdatedAt = time.Time{}
		p, err := st.UserPersonal(ctx, u.ID)
		if shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			err = nil
		}
		add("personal "+u.ID, p, err)
	}
	add("users", users, err)
	items, _, err := st.Items(ctx, shopmind.ItemFilter{Limit: 1000})
	for _, it := range items {
		it.UpdatedAt = time.Time{}
	}
	add("items", items, err)
	orders, _, err := st.Orders(ctx, shopmind.OrderFilter{Limit: 1000})
	for _, o := range orders {
		o.UpdatedAt = time.Time{}
	}
	add("orders", orders, err)
	reviews, _, err := st.Reviews(ctx, shopmind.ReviewFilter{Limit: 1000})
	add("reviews", reviews, err)
	events, _, err := st.Events(ctx, shopmind.EventFilter{Limit: 1000})
	add("events", events, err)
	return b.String()
}

// failingStore is a store whose transactions fail once left runs out, as
// if the process died there: the rollback cannot run either.
type failingStore struct {
	shopmind.Store
	shopmind.ImportJournal
	left int
}

var errCrash = errors.New("crashed")

func (s *failingStore) Tx(ctx context.Context, fn func(shopmind.Store) error) error {
	if s.left <= 0 {
		return errCrash
	}
	s.left--
	return s.Store.Tx(ctx, fn)
}

func testAllOrNothing(t *testing.T, open func(testing.TB) shopmind.Store) {
	ctx := context.Background()
	opts := ingest.Options{BatchSize: 7}
	noImports := func(t *testing.T, st shopmind.Store) {
		t.Helper()
		runs, err := st.(shopmind.ImportJournal).Imports(ctx)
		if err != nil || len(runs) != 0 {
			t.Errorf("imports left open: %+v, %v", runs, err)
		}
	}

	t.Run("BadRowRollsBack", func(t *testing.T) {
		st := open(t)
		seedShop(t, st)
		before := snapshot(t, st)
		_, err := ingest.ImportFiles(ctx, st, bigImport(false), opts)
		var re *ingest.RowError
		if !errors.As(err, &re) || re.File != "reviews.jsonl" || re.Line != 3 {
			t.Fatalf("err = %v, want a row error at reviews.jsonl:3", err)
		}
		if after := snapshot(t, st); after != before {
			t.Errorf("store after the failed import:\n%s\nwant as before:\n%s", after, before)
		}
		noImports(t, st)
		// The same import without the bad row goes through.
		rep, err := ingest.ImportFiles(ctx, st, bigImport(true), opts)
		if err != nil {
			t.Fatal(err)
		}
		if c := counts(t, st); c.Events != 61 || c.Items != 2 || c.Users != 2 || c.Reviews != 3 || rep.NewEvents != 60 {
			t.Errorf("counts %+v, new events %d", c, rep.NewEvents)
		}
		if it, _ := st.Item(ctx, "i1"); it == nil || it.Title != "New" {
			t.Errorf("item i1 = %+v, want the imported title", it)
		}
		noImports(t, st)
	})

	t.Run("CancelRollsBack", func(t *testing.T) {
		st := open(t)
		seedShop(t, st)
		before := snapshot(t, st)
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		n := 0
		o := opts
		o.Progress = ingest.ProgressFunc(func(ingest.Status) {
			if n++; n == 5 {
				cancel()
			}
		})
		_, err := ingest.ImportFiles(cctx, st, bigImport(true), o)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if after := snapshot(t, st); after != before {
			t.Errorf("store after the cancelled import:\n%s\nwant as before:\n%s", after, before)
		}
		noImports(t, st)
	})

	t.Run("CrashIsRecovered", func(t *testing.T) {
		st := open(t)
		seedShop(t, st)
		before := snapshot(t, st)
		crash := &failingStore{Store: st, ImportJournal: st.(shopmind.ImportJournal), left: 6}
		if _, err := ingest.ImportFiles(ctx, crash, bigImport(true), opts); !errors.Is(err, errCrash) {
			t.Fatalf("err = %v, want the crash", err)
		}
		if snapshot(t, st) == before {
			t.Fatal("fixture: the crashed import left nothing to recover")
		}
		// This process is alive and its heartbeat fresh: not abandoned.
		if done, err := ingest.Recover(ctx, st, time.Now(), 0); err != nil || len(done) != 0 {
			t.Fatalf("Recover of a live import = %+v, %v; want nothing done", done, err)
		}
		done, err := ingest.Recover(ctx, st, time.Now().Add(time.Hour), 0)
		if err != nil || len(done) != 1 {
			t.Fatalf("Recover = %+v, %v; want one import rolled back", done, err)
		}
		if after := snapshot(t, st); after != before {
			t.Errorf("store after recovery:\n%s\nwant as before:\n%s", after, before)
		}
		noImports(t, st)
	})

	t.Run("StoredEventIDOtherContent", func(t *testing.T) {
		file := func() []ingest.File {
			return []ingest.File{jsonlFile("events.jsonl", ingest.EntityEvents,
				`{"id":"e1","user_id":"u1","item_id":"i1","type":"view","time":"2026-01-03T00:00:00Z"}`,
				`{"id":"s1","user_id":"u1","item_id":"i1","type":"click","time":"`+seedTime+`"}`,
				`{"id":"e2","user_id":"u1","item_id":"i1","type":"view","time":"2026-01-03T00:00:01Z"}`)}
		}
		st := open(t)
		seedShop(t, st)
		_, err := ingest.ImportFiles(ctx, st, file(), ingest.Options{})
		var re *ingest.RowError
		if !errors.As(err, &re) || re.Line != 2 || re.Column != "id" {
			t.Fatalf("abort: err = %v, want a row error at line 2, column id", err)
		}
		if c := counts(t, st); c.Events != 1 {
			t.Errorf("abort: %d events stored, want 1 (s1)", c.Events)
		}
		rep, err := ingest.ImportFiles(ctx, st, file(), ingest.Options{OnError: ingest.Skip})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Skipped != 1 || len(rep.Errors) != 1 || rep.Errors[0].Line != 2 || rep.NewEvents != 2 {
			t.Errorf("skip: report %+v, errors %v; want line 2 skipped and 2 new events", rep, rep.Errors)
		}
		if got, _, _ := st.Events(ctx, shopmind.EventFilter{Type: shopmind.EventClick}); len(got) != 0 {
			t.Errorf("s1 was changed: %+v", got)
		}
		noImports(t, st)
	})
}
