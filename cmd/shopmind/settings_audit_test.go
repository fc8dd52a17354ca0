package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// TestServeRecordsSettingsChanges: serve records its settings in the audit
// log at the first start and whenever a later start runs with changed
// sections, naming them; a restart with the same settings adds nothing.
func TestServeRecordsSettingsChanges(t *testing.T) {
	env, stdout, _ := configEnv(t, "[privacy]\nevent_retention_days = 0\n")
	for range 2 {
		_, stop := runServe(t, env, stdout)
		stop()
	}
	path := env.Getenv("SHOPMIND_CONFIG")
	if err := os.WriteFile(path, []byte("[privacy]\nevent_retention_days = 400\n[log]\nformat = \"json\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stop := runServe(t, env, stdout)
	stop()
	store := openEnvStore(t, env)
	defer store.Close()
	entries, _, err := store.AuditEntries(context.Background(), shopmind.AuditFilter{Action: shopmind.AuditSettingsChange, Oldest: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d settings.change entries, want 2 (first start, the change): %+v", len(entries), entries)
	}
	if !strings.HasPrefix(entries[0].Detail, "changed: first start;") || entries[0].Actor != shopmind.ActorSystem {
		t.Errorf("first entry %+v", entries[0])
	}
	if !strings.HasPrefix(entries[1].Detail, "changed: log, privacy;") {
		t.Errorf("second entry detail %q, want it to name log and privacy", entries[1].Detail)
	}
	if strings.Contains(entries[1].Detail, "retention") || strings.Contains(entries[1].Detail, "json") {
		t.Errorf("detail %q holds a setting's value", entries[1].Detail)
	}
}
