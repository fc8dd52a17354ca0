package ingest_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/shopmind/shopmind/store/postgres"
)

// openPostgres opens a PostgreSQL store in a fresh schema of the database
// SHOPMIND_TEST_POSTGRES names (dropped afterwards), or skips.
func openPostgres(t testing.TB) *postgres.DB {
	t.Helper()
	dsn := os.Getenv("SHOPMIND_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("SHOPMIND_TEST_POSTGRES is not set; skipping the PostgreSQL import test")
	}
	ctx := context.Background()
	var b [6]byte
	rand.Read(b[:])
	schema := pgx.Identifier{"shopmind_ingest_" + hex.EncodeToString(b[:])}
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema.Sanitize()); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			t.Errorf("drop schema: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema[0]
	cfg.MaxConns = 4
	db, err := postgres.OpenConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestPostgresShopRoundTrip runs the shop round trip on PostgreSQL.
func TestPostgresShopRoundTrip(t *testing.T) { testShopRoundTrip(t, openPostgres(t)) }

// TestPostgresMovieLens100K imports MovieLens 100K into PostgreSQL twice.
func TestPostgresMovieLens100K(t *testing.T) { testMovieLens100K(t, openPostgres) }
