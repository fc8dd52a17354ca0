package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind/store/sqlite"
)

// TestStoreSynchronous opens the SQLite store the way serve does, from a
// configuration file's [store] table, and reads PRAGMA synchronous back:
// FULL (2) when the setting is absent or "full", NORMAL (1) for "normal".
func TestStoreSynchronous(t *testing.T) {
	for _, tt := range []struct {
		name, toml string
		want       int
	}{
		{"Default", "", 2},
		{"Full", "sqlite_synchronous = \"full\"\n", 2},
		{"Normal", "sqlite_synchronous = \"normal\"\n", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "data", "shopmind.db")
			c, err := ParseConfig(strings.NewReader("[store]\npath = \"" + filepath.ToSlash(path) + "\"\n" + tt.toml))
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Validate(); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			s, err := openStoreConfig(ctx, c.Store)
			if err != nil {
				t.Fatal(err)
			}
			db := s.(*sqlite.DB)
			defer db.Close()
			var got int
			if err := db.SQL().QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("PRAGMA synchronous = %d, want %d", got, tt.want)
			}
		})
	}
}
