package main

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

// TestServeOverview serves a demo shop and checks that serve wires the
// owner's overview over the running capabilities: October's orders and
// visits are counted, and the stock-out, review and customer sections
// become ready (they wait for their first computation); the image check
// says why it is unavailable without a vision model.
func TestServeOverview(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	shop := storeDemoShop(t, env, demo.Options{Items: 60, Users: 300, Days: 240})
	if err := Run(context.Background(), env, []string{"train", "insights"}); err != nil {
		t.Fatalf("train insights: %v\n%s", err, stderr.String())
	}
	key := createKey(t, env, stdout, "owner", "read")
	base := startServe(t, env, stdout)

	want := 0
	from, to := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, o := range shop.Orders {
		if !o.CreatedAt.Before(from) && o.CreatedAt.Before(to) &&
			o.Status != shopmind.OrderCancelled && o.Status != shopmind.OrderReturned && o.Status != shopmind.OrderRefunded {
			want++
		}
	}
	var ov shopmind.Overview
	ready := func() bool {
		for _, s := range ov.Attention {
			if s.Kind != shopmind.AttentionImageMismatch && s.Status != "ok" {
				return false
			}
		}
		return len(ov.Attention) == 5
	}
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(time.Second) {
		if code := getOverviewJSON(t, base+"v1/reports/overview?from=2026-10-01&to=2026-10-31&attention=3", key, &ov); code != 200 {
			t.Fatalf("GET /v1/reports/overview: %d", code)
		}
		if ready() {
			break
		}
	}
	if !ready() {
		t.Fatalf("sections not ready after 90 s: %+v", ov.Attention)
	}
	if ov.Orders != want || want == 0 || ov.Visits == 0 || ov.Revenue <= 0 {
		t.Errorf("October: %d orders (want %d), %d visits, revenue %.2f", ov.Orders, want, ov.Visits, ov.Revenue)
	}
	if img := ov.Attention[4]; img.Kind != shopmind.AttentionImageMismatch || img.Status != "unavailable" || img.Message == "" {
		t.Errorf("image checks without a vision model: %+v, want unavailable with the reason", img)
	}
	if ov.Experiments == nil {
		t.Error("no experiments summary")
	}
}

// getOverviewJSON gets an overview as getJSON does, asking again while the
// server answers 503 (the period is being computed in the background), for
// three minutes at most.
func getOverviewJSON(t *testing.T, url, key string, ov *shopmind.Overview) int {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		var body json.RawMessage
		code := getJSON(t, url, key, &body)
		if code != http.StatusServiceUnavailable || time.Now().After(deadline) {
			if err := json.Unmarshal(body, ov); err != nil {
				t.Fatalf("GET %s: %d %v in %s", url, code, err, body)
			}
			return code
		}
	}
}
