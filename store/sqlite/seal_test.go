package sqlite_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
	"github.com/shopmind/shopmind/store/sqlite"
)

// secrets are personal values written by writePersonal; none may appear in
// the database's bytes once they are sealed.
var secrets = []string{"ada.lovelace@example.com", "Ada Lovelace", "+44 20 7946 0958", "12 St James's Square, London SW1Y 4JH",
	"please call me on 07946 0958 77"}

func writePersonal(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	if err := db.UpsertUsers(ctx, []*shopmind.User{{ID: "ada"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetUserPersonal(ctx, &shopmind.UserPersonal{UserID: "ada", Email: secrets[0], Name: secrets[1], Phone: secrets[2], Address: secrets[3]}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveConversation(ctx, &shopmind.Conversation{ID: "c1", State: []byte(`{"slots":{"email":"` + secrets[0] + `"}}`)}); err != nil {
		t.Fatal(err)
	}
	if err := db.AddMessages(ctx, "c1", []*shopmind.Message{{Role: shopmind.RoleShopper, Text: secrets[4],
		Slots: map[string]string{"email": secrets[0]}}}); err != nil {
		t.Fatal(err)
	}
}

// found returns the secrets present in the database file and its WAL.
func found(t *testing.T, path string) []string {
	t.Helper()
	var all []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	var out []string
	for _, s := range secrets {
		if bytes.Contains(all, []byte(s)) {
			out = append(out, s)
		}
	}
	return out
}

func openFile(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func testKeyring(t *testing.T) *seal.Keyring {
	t.Helper()
	k, _, err := seal.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return seal.NewKeyring(k)
}

// Sealed personal data and transcripts leave no plaintext in the file or
// its WAL; without a key they do (the check can fail).
func TestSealedBytes(t *testing.T) {
	t.Run("Plaintext", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "shop.db")
		writePersonal(t, openFile(t, path))
		if got := found(t, path); len(got) != len(secrets) {
			t.Fatalf("without a key the file holds %d of %d secrets; the check cannot see plaintext", len(got), len(secrets))
		}
	})
	t.Run("Sealed", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "shop.db")
		db := openFile(t, path)
		if err := db.UseKeys(context.Background(), testKeyring(t)); err != nil {
			t.Fatal(err)
		}
		writePersonal(t, db)
		if got := found(t, path); len(got) > 0 {
			t.Fatalf("the file or WAL holds %q", got)
		}
		p, err := db.UserPersonal(context.Background(), "ada")
		if err != nil || p.Email != secrets[0] {
			t.Fatalf("personal data: %+v, %v", p, err)
		}
	})
	t.Run("SealedAfterTheFact", func(t *testing.T) {
		// Plaintext written before a key was configured is sealed by the
		// first UseKeys, and the old bytes leave the file and the WAL.
		path := filepath.Join(t.TempDir(), "shop.db")
		db := openFile(t, path)
		writePersonal(t, db)
		if err := db.UseKeys(context.Background(), testKeyring(t)); err != nil {
			t.Fatal(err)
		}
		if got := found(t, path); len(got) > 0 {
			t.Fatalf("after sealing, the file or WAL still holds %q", got)
		}
	})
}

// A store reopened without its key, or with another, refuses to start
// using it, naming the key it needs.
func TestReopenWithoutKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shop.db")
	r := testKeyring(t)
	db := openFile(t, path)
	if err := db.UseKeys(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	writePersonal(t, db)
	db.Close()

	again := openFile(t, path)
	err := again.UseKeys(context.Background(), nil)
	if shopmind.ErrorCode(err) != shopmind.EDATAKEY || !bytes.Contains([]byte(err.Error()), []byte(r.KeyID())) {
		t.Fatalf("UseKeys(nil) = %v, want EDATAKEY naming %s", err, r.KeyID())
	}
	// Without UseKeys, a read of sealed data fails the same way.
	if _, err := again.UserPersonal(context.Background(), "ada"); shopmind.ErrorCode(err) != shopmind.EDATAKEY {
		t.Fatalf("UserPersonal without a key: %v, want EDATAKEY", err)
	}
	if _, err := again.Messages(context.Background(), "c1", 0, 0); shopmind.ErrorCode(err) != shopmind.EDATAKEY {
		t.Fatalf("Messages without a key: %v, want EDATAKEY", err)
	}
	if err := again.UseKeys(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if p, err := again.UserPersonal(context.Background(), "ada"); err != nil || p.Name != secrets[1] {
		t.Fatalf("with the key: %+v, %v", p, err)
	}
}

// BenchmarkPersonal reads and writes one user's personal data in a file
// database, plain and sealed.
func BenchmarkPersonal(b *testing.B) {
	for _, sealed := range []bool{false, true} {
		name := "Plain"
		if sealed {
			name = "Sealed"
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "shop.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if sealed {
				k, _, _ := seal.GenerateKey(rand.Reader)
				if err := db.UseKeys(ctx, seal.NewKeyring(k)); err != nil {
					b.Fatal(err)
				}
			}
			if err := db.UpsertUsers(ctx, []*shopmind.User{{ID: "ada"}}); err != nil {
				b.Fatal(err)
			}
			p := &shopmind.UserPersonal{UserID: "ada", Email: secrets[0], Name: secrets[1], Phone: secrets[2], Address: secrets[3]}
			b.Run("Set", func(b *testing.B) {
				for b.Loop() {
					if err := db.SetUserPersonal(ctx, p); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("Get", func(b *testing.B) {
				for b.Loop() {
					if _, err := db.UserPersonal(ctx, "ada"); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
