package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a command writing while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The README's demo command: builds the shop, prints the console address and
// an admin key that works on the API, and stops cleanly.
func TestDemoServes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	env := &Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	db := filepath.Join(t.TempDir(), "demo.db")
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, env, []string{"demo", "-db", db, "-addr", "127.0.0.1:0", "-shop-addr", "127.0.0.1:0", "-items", "60", "-users", "50", "-days", "30"})
	}()
	re := regexp.MustCompile(`Console:\s+(http://\S+)\s+Admin key:\s+(sm_\S+)`)
	var m []string
	for deadline := time.Now().Add(60 * time.Second); m == nil; time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("demo stopped early: %v\nstderr: %s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no console address after 60s; stdout: %q stderr: %q", stdout.String(), stderr.String())
		}
		m = re.FindStringSubmatch(stdout.String())
	}
	base, key := m[1], m[2]

	req, _ := http.NewRequest("GET", base+"v1/stats?days=7", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var stats struct {
		Counts struct{ Items, Users, Events int64 } `json:"counts"`
		Days   []struct{ Count int64 }              `json:"events_per_day"`
	}
	if err := json.NewDecoder(res.Body).Decode(&stats); err != nil || res.StatusCode != 200 {
		t.Fatalf("stats: status %d, %v", res.StatusCode, err)
	}
	if stats.Counts.Items != 60 || stats.Counts.Users != 50 || stats.Counts.Events == 0 {
		t.Fatalf("counts = %+v", stats.Counts)
	}
	var recent int64
	for _, d := range stats.Days {
		recent += d.Count
	}
	if recent == 0 {
		t.Fatal("the demo's history does not reach the last week: the console chart would be empty")
	}
	res2, err := http.Get(base)
	if err != nil || res2.StatusCode != 200 {
		t.Fatalf("console: %v %v", res2, err)
	}
	res2.Body.Close()

	// The sample storefront: its own origin, a publishable key in the page
	// that the API accepts from that origin only.
	sm := regexp.MustCompile(`Storefront:\s+(http://\S+)`).FindStringSubmatch(stdout.String())
	if sm == nil {
		t.Fatalf("demo printed no storefront address: %q", stdout.String())
	}
	res3, err := http.Get(sm[1])
	if err != nil || res3.StatusCode != 200 {
		t.Fatalf("storefront: %v %v", res3, err)
	}
	page, _ := io.ReadAll(res3.Body)
	res3.Body.Close()
	pk := regexp.MustCompile(`data-key="(pk_[^"]+)"`).FindSubmatch(page)
	if pk == nil || !strings.Contains(string(page), base+"storefront/shopmind.js") || !strings.Contains(string(page), "<shopmind-recommendations") {
		t.Fatalf("storefront page lacks the tracker tag with a publishable key or the carousel:\n%s", page)
	}
	for origin, want := range map[string]int{strings.TrimSuffix(sm[1], "/"): 200, "http://evil.example": 403} {
		req, _ := http.NewRequest("GET", base+"v1/popular?n=3", nil)
		req.Header.Set("Authorization", "Bearer "+string(pk[1]))
		req.Header.Set("Origin", origin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("popular with the storefront key from %s: %d, want %d", origin, res.StatusCode, want)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("demo returned %v after cancel", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("demo did not stop after cancel")
	}
}
