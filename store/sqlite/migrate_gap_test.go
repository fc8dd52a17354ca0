package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/shopmind/shopmind/store/sqlite"
)

// TestMigrateFillsGap: migrations land out of order when engineers work in
// parallel (0005 may ship before 0004). A database that applied a later
// version gets an earlier, missing one on the next open, and keeps the rest.
func TestMigrateFillsGap(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Pretend 0003 was never applied while 0005 was.
	for _, q := range []string{"DROP TABLE messages", "DROP TABLE conversations", "DELETE FROM schema_migrations WHERE version = 3",
		"INSERT INTO promotions VALUES ('bf', 'Black Friday', 'holiday', 0, 0, '[]', '[]', 0, 0)"} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	n, err := sqlite.Migrate(ctx, db.SQL())
	if err != nil || n != 1 {
		t.Fatalf("Migrate = %d, %v; want 1 (the missing 0003), nil", n, err)
	}
	var conv, promos int
	if err := db.SQL().QueryRowContext(ctx, "SELECT (SELECT count(*) FROM conversations), (SELECT count(*) FROM promotions)").Scan(&conv, &promos); err != nil {
		t.Fatal(err)
	}
	if promos != 1 {
		t.Errorf("promotions has %d rows after filling the gap, want 1", promos)
	}
}
