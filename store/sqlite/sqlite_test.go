package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
	"github.com/shopmind/shopmind/store/storetest"
)

// MustOpen opens a new in-memory database closed when tb ends.
func MustOpen(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) shopmind.Store { return MustOpen(tb) })
}

// TestConformanceFile runs the suite on a WAL file database, which uses a
// pool of connections instead of the single one of ":memory:".
func TestConformanceFile(t *testing.T) {
	if testing.Short() {
		t.Skip("file database suite skipped in -short mode")
	}
	storetest.Run(t, func(tb testing.TB) shopmind.Store {
		db, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "shopmind.db"))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		return db
	})
}
