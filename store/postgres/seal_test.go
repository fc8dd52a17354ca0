package postgres_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"os/exec"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/privacy/seal"
	"github.com/shopmind/shopmind/store/postgres"
)

// secrets are personal values written by writePersonal; none may appear in
// a dump of the database once they are sealed.
var secrets = []string{"ada.lovelace@example.com", "Ada Lovelace", "+44 20 7946 0958", "12 St James's Square, London SW1Y 4JH",
	"please call me on 07946 0958 77"}

func writePersonal(t *testing.T, db *postgres.DB) {
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

// dump returns the store's schema as pg_dump writes it (when pg_dump is
// installed), every row of every table of the schema as text, and the raw
// bytes of the dialogue states (bytea, which both show in hex).
func dump(t *testing.T, db *postgres.DB) []byte {
	t.Helper()
	ctx := context.Background()
	var schema string
	if err := db.Pool().QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	var out []byte
	if path, err := exec.LookPath("pg_dump"); err == nil {
		b, err := exec.Command(path, "--dbname", dsn(t), "--schema", schema).Output()
		if err != nil {
			t.Fatalf("pg_dump: %v", err)
		}
		out = b
	} else {
		t.Logf("pg_dump not found; selecting every table as text")
	}
	rows, err := db.Pool().Query(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	for _, tbl := range tables {
		rows, err := db.Pool().Query(ctx, "SELECT t::text FROM "+pgx.Identifier{tbl}.Sanitize()+" t")
		if err != nil {
			t.Fatal(err)
		}
		texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			out = append(out, s...)
			out = append(out, '\n')
		}
	}
	var states [][]byte
	rows, err = db.Pool().Query(ctx, "SELECT state FROM conversations")
	if err != nil {
		t.Fatal(err)
	}
	states, err = pgx.CollectRows(rows, pgx.RowTo[[]byte])
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		out = append(out, s...)
	}
	return out
}

func found(dump []byte) []string {
	var out []string
	for _, s := range secrets {
		if bytes.Contains(dump, []byte(s)) {
			out = append(out, s)
		}
	}
	return out
}

// Sealed personal data and transcripts appear nowhere in a dump of the
// database; without a key they do (the check can fail).
func TestSealedDump(t *testing.T) {
	t.Run("Plaintext", func(t *testing.T) {
		db := MustOpen(t)
		writePersonal(t, db)
		if got := found(dump(t, db)); len(got) != len(secrets) {
			t.Fatalf("without a key the dump holds %d of %d secrets; the check cannot see plaintext", len(got), len(secrets))
		}
	})
	t.Run("Sealed", func(t *testing.T) {
		db := MustOpen(t)
		k, _, err := seal.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.UseKeys(context.Background(), seal.NewKeyring(k)); err != nil {
			t.Fatal(err)
		}
		writePersonal(t, db)
		if got := found(dump(t, db)); len(got) > 0 {
			t.Fatalf("the dump holds %q", got)
		}
		p, err := db.UserPersonal(context.Background(), "ada")
		if err != nil || p.Email != secrets[0] {
			t.Fatalf("personal data: %+v, %v", p, err)
		}
	})
}
