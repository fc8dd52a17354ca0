package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// TestImportConsents: "shopmind import consents.csv" stores users' consent
// flags (also for users not stored yet), a bad flag is a bad row naming its
// column, a second import replaces the flags, and the import is recorded in
// the audit log.
func TestImportConsents(t *testing.T) {
	env, stdout, _ := testEnv(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ctx := context.Background()
	users := write("users.csv", "id\nu1\nu2\n")
	consents := write("consents.csv", "user_id,no_personalisation,no_marketing\nu1,true,false\nu2,no,yes\nvisitor-9,1,1\n")
	if err := Run(ctx, env, []string{"import", "-quiet", users, consents}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "3 consents") {
		t.Errorf("import printed %q, want 3 consents", stdout.String())
	}
	store := openEnvStore(t, env)
	check := func(purpose shopmind.ConsentPurpose, want ...string) {
		t.Helper()
		got, err := store.OptedOut(ctx, purpose)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("opted out of %s: %v, want %v", purpose, got, want)
		}
	}
	check(shopmind.PurposePersonalisation, "u1", "visitor-9")
	check(shopmind.PurposeMarketing, "u2", "visitor-9")
	entries, _, err := store.AuditEntries(ctx, shopmind.AuditFilter{Action: shopmind.AuditImportConsent})
	if err != nil || len(entries) != 1 || entries[0].Actor != shopmind.ActorCLI || entries[0].Detail != "3 consents from 2 file(s)" {
		t.Errorf("audit: %+v %v, want one consent.import by cli for 3 consents", entries, err)
	}
	store.Close()

	bad := write("consents.csv", "user_id,no_marketing\nu1,maybe\n")
	err = Run(ctx, env, []string{"import", "-quiet", bad})
	if err == nil || !strings.Contains(err.Error(), "no_marketing") {
		t.Errorf("a bad flag: %v, want an error naming no_marketing", err)
	}
	again := write("consents.csv", "user_id,no_marketing\nu1,true\nvisitor-9,false\n")
	if err := Run(ctx, env, []string{"import", "-quiet", again}); err != nil {
		t.Fatal(err)
	}
	store = openEnvStore(t, env)
	check(shopmind.PurposePersonalisation)
	check(shopmind.PurposeMarketing, "u1", "u2")
	store.Close()

	// All or nothing: a bad row in a later file undoes the consents too.
	withdraw := write("consents.csv", "user_id,no_marketing\nu1,false\nu2,false\n")
	events := write("events.csv", "user_id,item_id,type,time\nu1,i1,teleport,2026-01-01T00:00:00Z\n")
	if err := Run(ctx, env, []string{"import", "-quiet", "-batch", "1", withdraw, events}); err == nil {
		t.Fatal("an import with a bad event row succeeded")
	}
	store = openEnvStore(t, env)
	defer store.Close()
	check(shopmind.PurposeMarketing, "u1", "u2")
}
