package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/postgres"
	"github.com/shopmind/shopmind/store/storetest"
)

// dsn returns the test database DSN, or skips the test.
func dsn(tb testing.TB) string {
	tb.Helper()
	d := os.Getenv("SHOPMIND_TEST_POSTGRES")
	if d == "" {
		tb.Skip("SHOPMIND_TEST_POSTGRES is not set; skipping PostgreSQL conformance suite")
	}
	return d
}

// MustOpen opens a store in a new schema of the test database; the schema
// is dropped when tb ends, so tests never see each other's data.
func MustOpen(tb testing.TB) *postgres.DB {
	tb.Helper()
	return OpenSchema(tb, NewSchema(tb))
}

// NewSchema creates a new schema in the test database, dropped when tb
// ends, and returns its name.
func NewSchema(tb testing.TB) string {
	tb.Helper()
	ctx := context.Background()
	d := dsn(tb)
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	schema := "shopmind_test_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, d)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(ctx, d)
		if err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

// OpenSchema opens a store on schema of the test database, closed when tb
// ends; several may share one schema, as several nodes share a database.
func OpenSchema(tb testing.TB, schema string) *postgres.DB {
	tb.Helper()
	cfg, err := pgxpool.ParseConfig(dsn(tb))
	if err != nil {
		tb.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.MaxConns = 4
	db, err := postgres.OpenConfig(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) shopmind.Store { return MustOpen(tb) })
}
