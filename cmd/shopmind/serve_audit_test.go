package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
)

// TestServeAuditTrail is issue 12 item 5 through the API of serve: serve
// records its settings at start; reading a transcript whole (admin),
// personal data and order owners, a denied read, and creating and revoking
// keys (over the API and the CLI) each leave an entry naming the key, the
// target and the outcome; only admin keys read the log, filters select,
// no route changes it, and "shopmind audit verify" finds the chain whole.
func TestServeAuditTrail(t *testing.T) {
	env, stdout, _ := testEnv(t)
	seedPrivacyStore(t, env)
	admin := createKey(t, env, stdout, "owner", "admin")
	read := createKey(t, env, stdout, "analyst", "read")
	write := createKey(t, env, stdout, "shop", "write")
	base := strings.TrimSuffix(startServe(t, env, stdout), "/")
	var adminMe, readMe, writeMe httpapi.Me
	getJSON(t, base+"/v1/me", admin, &adminMe)
	getJSON(t, base+"/v1/me", read, &readMe)
	getJSON(t, base+"/v1/me", write, &writeMe)

	if code := getJSON(t, base+"/v1/users/u1/personal", admin, nil); code != http.StatusOK {
		t.Fatalf("admin GET personal: %d", code)
	}
	if code := getJSON(t, base+"/v1/users/u2/personal", read, nil); code != http.StatusForbidden {
		t.Fatalf("read GET personal: %d, want 403", code)
	}
	if code := getJSON(t, base+"/v1/orders/O000013", read, nil); code != http.StatusOK {
		t.Fatalf("read GET order: %d", code)
	}
	// A transcript read whole by an admin is audited; read redacted, not.
	var conv shopmind.Conversation
	if code := sendJSON(t, "POST", base+"/v1/conversations", write, map[string]string{}, &conv); code != http.StatusCreated {
		t.Fatalf("start conversation: %d", code)
	}
	if code := sendJSON(t, "POST", base+"/v1/conversations/"+conv.ID+"/messages", write, map[string]string{"text": "my email is ana@example.com"}, nil); code != http.StatusOK {
		t.Fatalf("send: %d", code)
	}
	getJSON(t, base+"/v1/conversations/"+conv.ID, read, nil)
	getJSON(t, base+"/v1/conversations/"+conv.ID, admin, nil)
	var created httpapi.NewKey
	if code := sendJSON(t, "POST", base+"/v1/keys", admin, map[string]string{"name": "tracker", "role": "write"}, &created); code != http.StatusCreated {
		t.Fatalf("POST /v1/keys: %d", code)
	}
	if code := sendJSON(t, "DELETE", base+"/v1/keys/"+created.ID, admin, nil, nil); code != http.StatusNoContent {
		t.Fatalf("DELETE key: %d", code)
	}
	if code := sendJSON(t, "DELETE", base+"/v1/keys/nosuchkey", admin, nil, nil); code != http.StatusNotFound {
		t.Fatalf("DELETE unknown key: %d", code)
	}

	// Only admins read the log.
	if code := getJSON(t, base+"/v1/audit", read, nil); code != http.StatusForbidden {
		t.Fatalf("read key GET /v1/audit: %d, want 403", code)
	}
	if code := getJSON(t, base+"/v1/audit", "", nil); code != http.StatusUnauthorized {
		t.Fatalf("no key GET /v1/audit: %d, want 401", code)
	}
	var log httpapi.AuditList
	if code := getJSON(t, base+"/v1/audit?oldest=true", admin, &log); code != http.StatusOK {
		t.Fatalf("admin GET /v1/audit: %d", code)
	}
	got := make([]string, 0, len(log.Entries))
	for _, e := range log.Entries {
		detail, _, _ := strings.Cut(e.Detail, ";") // settings.change: the section hashes follow
		got = append(got, fmt.Sprintf("%s %s %s %s %s", e.Actor, e.Action, e.Target, e.Outcome, detail))
	}
	want := []string{
		"cli key.create key/" + adminMe.ID + " ok role admin",
		"cli key.create key/" + readMe.ID + " ok role read",
		"cli key.create key/" + writeMe.ID + " ok role write",
		"system settings.change config ok changed: first start",
		adminMe.ID + " personal.read user/u1 ok ",
		readMe.ID + " personal.read user/u2 forbidden ",
		readMe.ID + " order.read order/O000013 ok ",
		adminMe.ID + " transcript.read conversation/" + conv.ID + " ok ",
		adminMe.ID + " key.create key/" + created.ID + " ok role write",
		adminMe.ID + " key.revoke key/" + created.ID + " ok ",
		adminMe.ID + " key.revoke key/nosuchkey not_found ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit log, oldest first:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, e := range log.Entries {
		if e.Seq != int64(i+1) || e.Hash == "" || e.Time.IsZero() || time.Since(e.Time) > time.Hour {
			t.Errorf("entry %d: seq %d, hash %q, time %v", i, e.Seq, e.Hash, e.Time)
		}
	}

	// Filters, newest first by default, paging.
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"actor=" + readMe.ID, []int64{7, 6}},
		{"action=key.create", []int64{9, 3, 2, 1}},
		{"target=user%2Fu1", []int64{5}},
		{"since=" + url.QueryEscape(time.Now().Add(time.Hour).UTC().Format(time.RFC3339)), nil},
		{"until=" + url.QueryEscape(time.Now().Add(time.Hour).UTC().Format(time.RFC3339)) + "&limit=3", []int64{11, 10, 9}},
	} {
		var page httpapi.AuditList
		if code := getJSON(t, base+"/v1/audit?"+tc.query, admin, &page); code != http.StatusOK {
			t.Fatalf("GET /v1/audit?%s: %d", tc.query, code)
		}
		var seqs []int64
		for _, e := range page.Entries {
			seqs = append(seqs, e.Seq)
		}
		if fmt.Sprint(seqs) != fmt.Sprint(tc.want) {
			t.Errorf("GET /v1/audit?%s: seqs %v, want %v", tc.query, seqs, tc.want)
		}
	}
	var bad httpapi.ErrorResponse
	if code := getJSON(t, base+"/v1/audit?since=yesterday", admin, &bad); code != http.StatusBadRequest || bad.Field != "since" {
		t.Errorf("GET /v1/audit?since=yesterday: %d %+v, want 400 naming since", code, bad)
	}

	// No route changes the log.
	for _, m := range []struct{ method, path string }{
		{"POST", "/v1/audit"}, {"PUT", "/v1/audit"}, {"DELETE", "/v1/audit"}, {"PATCH", "/v1/audit"},
		{"DELETE", "/v1/audit/1"}, {"PUT", "/v1/audit/1"},
	} {
		code := sendJSON(t, m.method, base+m.path, admin, map[string]any{"actor": "someone", "action": "key.create", "outcome": "ok"}, nil)
		if code != http.StatusMethodNotAllowed && code != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 405 or 404", m.method, m.path, code)
		}
	}
	var after httpapi.AuditList
	getJSON(t, base+"/v1/audit?oldest=true", admin, &after)
	if len(after.Entries) != len(want) {
		t.Errorf("after change attempts: %d entries, want %d", len(after.Entries), len(want))
	}

	// The CLI lists and verifies while serve runs.
	mark := len(stdout.String())
	if err := Run(context.Background(), env, []string{"audit", "-actor", readMe.ID}); err != nil {
		t.Fatal(err)
	}
	if out := stdout.String()[mark:]; !strings.Contains(out, "order.read") || !strings.Contains(out, "forbidden") || strings.Contains(out, "key.create") {
		t.Errorf("shopmind audit -actor %s printed:\n%s", readMe.ID, out)
	}
	mark = len(stdout.String())
	if err := Run(context.Background(), env, []string{"audit", "verify"}); err != nil {
		t.Fatal(err)
	}
	if out := stdout.String()[mark:]; !strings.Contains(out, "intact: 11 entries") || !strings.Contains(out, after.Entries[len(after.Entries)-1].Hash) {
		t.Errorf("shopmind audit verify printed %q", out)
	}
}
