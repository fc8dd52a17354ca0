package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

func TestMigrateIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertItems(ctx, []*shopmind.Item{{ID: "a", Title: "A"}}); err != nil {
		t.Fatal(err)
	}
	var versions int
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if versions == 0 {
		t.Fatal("no migration recorded")
	}
	n, err := sqlite.Migrate(ctx, db.SQL())
	if err != nil || n != 0 {
		t.Fatalf("Migrate on a migrated database = %d, %v; want 0, nil", n, err)
	}
	must(t, db.Close())

	// Reopening applies nothing and keeps the data.
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var again int
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&again); err != nil {
		t.Fatal(err)
	}
	if again != versions {
		t.Errorf("schema_migrations has %d rows after reopen, want %d", again, versions)
	}
	if _, err := db.Item(ctx, "a"); err != nil {
		t.Errorf("item after reopen: %v", err)
	}
	var mode string
	if err := db.SQL().QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, path, code string
	}{
		{"Empty", "", shopmind.EINVALID},
		{"QuestionMark", "shop.db?mode=ro", shopmind.EINVALID},
		{"MissingFolder", filepath.Join(t.TempDir(), "no", "such", "folder", "shop.db"), shopmind.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := sqlite.Open(ctx, tt.path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if got := shopmind.ErrorCode(err); got != tt.code {
				t.Errorf("code %q (%v), want %q", got, err, tt.code)
			}
		})
	}
}

// TestInjectedNow checks that writes are stamped with DB.Now, once per
// transaction.
func TestInjectedNow(t *testing.T) {
	db := MustOpen(t)
	now := time.Date(2030, 5, 6, 7, 8, 9, 123456789, time.FixedZone("X", 7200))
	db.Now = func() time.Time { return now }
	ctx := context.Background()
	must(t, db.UpsertUsers(ctx, []*shopmind.User{{ID: "u"}}))
	u, err := db.User(ctx, "u")
	must(t, err)
	want := now.UTC().Truncate(time.Microsecond)
	if !u.CreatedAt.Equal(want) || !u.UpdatedAt.Equal(want) {
		t.Errorf("times %v / %v, want %v", u.CreatedAt, u.UpdatedAt, want)
	}
	calls := 0
	db.Now = func() time.Time { calls++; return now.Add(time.Duration(calls) * time.Hour) }
	must(t, db.Tx(ctx, func(tx shopmind.Store) error {
		if err := tx.UpsertItems(ctx, []*shopmind.Item{{ID: "a", Title: "A"}}); err != nil {
			return err
		}
		return tx.UpsertItems(ctx, []*shopmind.Item{{ID: "b", Title: "B"}})
	}))
	a, err := db.Item(ctx, "a")
	must(t, err)
	b, err := db.Item(ctx, "b")
	must(t, err)
	if calls != 1 || !a.CreatedAt.Equal(b.CreatedAt) {
		t.Errorf("Now called %d times, stamps %v and %v; want one call and equal stamps", calls, a.CreatedAt, b.CreatedAt)
	}
}

// TestConcurrentWriters checks that writers on a file database queue on the
// busy timeout instead of failing.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				_, err := db.AddEvents(ctx, []*shopmind.Event{{UserID: "u", ItemID: "i", Type: shopmind.EventView,
					Time: time.Unix(int64(w*1000+i), 0)}})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n, err := db.Counts(ctx)
	must(t, err)
	if n.Events != 200 {
		t.Errorf("%d events, want 200", n.Events)
	}
}

func TestCloseInsideTx(t *testing.T) {
	db := MustOpen(t)
	err := db.Tx(context.Background(), func(tx shopmind.Store) error { return tx.Close() })
	if shopmind.ErrorCode(err) != shopmind.EINVALID {
		t.Errorf("Close inside Tx = %v, want EINVALID", err)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Errorf("store unusable after Close inside Tx: %v", err)
	}
	var se *shopmind.Error
	if !errors.As(err, &se) {
		t.Errorf("error %T, want *shopmind.Error", err)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
