package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
)

// seedRetentionStore stores 40 events dated 100 days ago, 40 dated 29 days
// ago and 40 dated an hour ago, and returns the time between the old and
// the kept ones.
func seedRetentionStore(t *testing.T, env *Env) {
	t.Helper()
	store := openEnvStore(t, env)
	defer store.Close()
	ctx := context.Background()
	now := time.Now().UTC()
	var items []*shopmind.Item
	for i := range 10 {
		items = append(items, &shopmind.Item{ID: fmt.Sprintf("i%d", i), Title: fmt.Sprintf("Item %d", i), Active: true, Stock: 5, Price: 10})
	}
	if err := store.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	var events []*shopmind.Event
	for _, age := range []time.Duration{100 * 24 * time.Hour, 29 * 24 * time.Hour, time.Hour} {
		for i := range 40 {
			events = append(events, &shopmind.Event{UserID: fmt.Sprintf("u%d", i%8), ItemID: fmt.Sprintf("i%d", i%10),
				Type: shopmind.EventView, Time: now.Add(-age).Add(time.Duration(i) * time.Second)})
		}
	}
	if _, err := store.AddEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
}

// eventAges counts the stored events older than 30 days and the others.
func eventAges(t *testing.T, env *Env) (old, kept int) {
	t.Helper()
	store := openEnvStore(t, env)
	defer store.Close()
	cut := time.Now().Add(-30 * 24 * time.Hour)
	f := shopmind.EventFilter{Limit: shopmind.MaxLimit}
	for {
		page, next, err := store.Events(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			if e.Time.Before(cut) {
				old++
			} else {
				kept++
			}
		}
		if next == "" {
			return old, kept
		}
		f.After = next
	}
}

// TestRetentionCommand: "shopmind retention" deletes the events older than
// privacy.event_retention_days and only those, and records it.
func TestRetentionCommand(t *testing.T) {
	env, stdout, _ := configEnv(t, "[privacy]\nevent_retention_days = 30\n")
	seedRetentionStore(t, env)
	if old, kept := eventAges(t, env); old != 40 || kept != 80 {
		t.Fatalf("seeded %d old and %d recent events", old, kept)
	}
	if err := Run(context.Background(), env, []string{"retention"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "Deleted 40 events") {
		t.Errorf("retention printed %q", stdout.String())
	}
	if old, kept := eventAges(t, env); old != 0 || kept != 80 {
		t.Errorf("after retention: %d old and %d recent events, want 0 and 80", old, kept)
	}
	store := openEnvStore(t, env)
	entries, _, err := store.AuditEntries(context.Background(), shopmind.AuditFilter{Action: shopmind.AuditRetentionDelete})
	store.Close()
	if err != nil || len(entries) != 1 || entries[0].Actor != shopmind.ActorCLI || !strings.HasPrefix(entries[0].Detail, "40 events before ") {
		t.Errorf("audit entries %+v (%v), want one by cli for 40 events", entries, err)
	}
	if err := Run(context.Background(), env, []string{"retention", "-days", "-5"}); err == nil {
		t.Error("-days -5 accepted")
	}
	bad, _, _ := configEnv(t, "[privacy]\nevent_retention_days = -1\n")
	if err := Run(context.Background(), bad, []string{"retention"}); shopmind.ErrorField(err) != "privacy.event_retention_days" {
		t.Errorf("event_retention_days = -1: %v, want an error naming the field", err)
	}
}

// TestServeRetention: serve applies the retention period on its schedule,
// deleting only older events, and records it as the system.
func TestServeRetention(t *testing.T) {
	env, stdout, _ := configEnv(t, "[privacy]\nevent_retention_days = 30\nretention_every = \"1m\"\n")
	seedRetentionStore(t, env)
	admin := createKey(t, env, stdout, "owner", "admin")
	base, stop := runServe(t, env, stdout)
	var log httpapi.AuditList
	for deadline := time.Now().Add(150 * time.Second); time.Now().Before(deadline) && len(log.Entries) == 0; time.Sleep(100 * time.Millisecond) {
		if code := getJSON(t, base+"/v1/audit?action=retention.delete", admin, &log); code != http.StatusOK {
			t.Fatalf("GET /v1/audit: %d", code)
		}
	}
	if len(log.Entries) != 1 || log.Entries[0].Actor != shopmind.ActorSystem || log.Entries[0].Outcome != shopmind.OutcomeOK ||
		!strings.HasPrefix(log.Entries[0].Detail, "40 events before ") {
		t.Fatalf("retention audit entries: %+v, want one by system for 40 events", log.Entries)
	}
	stop()
	if old, kept := eventAges(t, env); old != 0 || kept != 80 {
		t.Errorf("after serve's retention: %d old and %d recent events, want 0 and 80", old, kept)
	}
}
