package sqlite_test

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
)

// An import journals personal data it overwrites; the journal holds it
// sealed, as user_personal does, not in plain text.
func TestImportJournalSealsPersonal(t *testing.T) {
	ctx := context.Background()
	db := MustOpen(t)
	k, _, err := seal.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UseKeys(ctx, seal.NewKeyring(k)); err != nil {
		t.Fatal(err)
	}
	id, err := db.BeginImport(ctx, "host:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.JournalImport(ctx, id, []shopmind.ImportUndo{{Kind: shopmind.UndoPersonal, Key: "u1",
		Before: []byte(`{"user_id":"u1","email":"ada@example.com"}`)}}); err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := db.SQL().QueryRowContext(ctx, "SELECT CAST(before AS TEXT) FROM import_undo").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, "ada@") || !strings.HasPrefix(raw, "sm1.") {
		t.Errorf("journaled personal data at rest = %q, want it sealed", raw)
	}
}
