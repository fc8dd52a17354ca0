package main

import (
	"context"
	"github.com/shopmind/shopmind"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// runDemo starts `shopmind demo` on db with a tiny shop and returns the
// printed admin key and a function that stops it.
func runDemo(t *testing.T, db string) (key string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	env := &Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, env, []string{"demo", "-db", db, "-addr", "127.0.0.1:0", "-shop-addr", "127.0.0.1:0", "-items", "60", "-users", "50", "-days", "30"})
	}()
	re := regexp.MustCompile(`Admin key:\s+(sm_\S+)`)
	var m []string
	for deadline := time.Now().Add(90 * time.Second); m == nil; time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("demo stopped early: %v\nstderr: %s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no admin key after 90s; stdout: %q stderr: %q", stdout.String(), stderr.String())
		}
		m = re.FindStringSubmatch(stdout.String())
	}
	return m[1], func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("demo returned %v after cancel", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("demo did not stop after cancel")
		}
	}
}

// A newcomer restarts `shopmind demo` and signs in again with the key the
// first start printed: the demo reuses its admin key instead of piling up a
// new admin key at every start.
func TestDemoReusesAdminKey(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	first, stop := runDemo(t, db)
	stop()
	second, stop := runDemo(t, db)
	stop()
	if second != first {
		t.Errorf("second start printed key %s..., first %s...: the key a person copied stops being the one shown", second[:12], first[:12])
	}
	store := openTestSQLite(t, db)
	keys, err := store.Keys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var admins int
	for _, k := range keys {
		if k.Name == demoKeyName {
			admins++
		}
	}
	if admins != 1 {
		t.Errorf("%d demo admin keys stored after two starts, want 1", admins)
	}
}

func openTestSQLite(t *testing.T, path string) interface {
	Keys(context.Context) ([]*shopmind.APIKey, error)
} {
	t.Helper()
	s, err := openStoreConfig(context.Background(), StoreConfig{Driver: "sqlite", Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
