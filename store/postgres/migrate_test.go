package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/postgres"
)

func TestMigrateIdempotent(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	var versions int
	if err := db.Pool().QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if versions == 0 {
		t.Fatal("no migration recorded")
	}
	for range 2 {
		n, err := postgres.Migrate(ctx, db.Pool())
		if err != nil || n != 0 {
			t.Fatalf("Migrate on a migrated schema = %d, %v; want 0, nil", n, err)
		}
	}
	var again int
	if err := db.Pool().QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&again); err != nil {
		t.Fatal(err)
	}
	if again != versions {
		t.Errorf("schema_migrations has %d rows, want %d", again, versions)
	}
}

func TestOpenBadDSN(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://%zz")
	if shopmind.ErrorCode(err) != shopmind.EINVALID || shopmind.ErrorField(err) != "dsn" {
		t.Errorf("error %v, want EINVALID for field dsn", err)
	}
}

// TestInjectedNow checks that writes are stamped with DB.Now, once per
// transaction.
func TestInjectedNow(t *testing.T) {
	db := MustOpen(t)
	ctx := context.Background()
	now := time.Date(2030, 5, 6, 7, 8, 9, 123456789, time.FixedZone("X", 7200))
	calls := 0
	db.Now = func() time.Time { calls++; return now.Add(time.Duration(calls) * time.Hour) }
	if err := db.Tx(ctx, func(tx shopmind.Store) error {
		if err := tx.UpsertUsers(ctx, []*shopmind.User{{ID: "a"}}); err != nil {
			return err
		}
		return tx.UpsertUsers(ctx, []*shopmind.User{{ID: "b"}})
	}); err != nil {
		t.Fatal(err)
	}
	want := now.Add(time.Hour).UTC().Truncate(time.Microsecond)
	for _, id := range []string{"a", "b"} {
		u, err := db.User(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !u.CreatedAt.Equal(want) || u.CreatedAt.Location() != time.UTC {
			t.Errorf("user %s CreatedAt %v, want %v in UTC", id, u.CreatedAt, want)
		}
	}
	if calls != 1 {
		t.Errorf("Now called %d times in one Tx, want 1", calls)
	}
}
