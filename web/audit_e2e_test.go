package web_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
)

// TestAuditPage: an admin opens the audit log in the console and sees who
// read personal data (a refused read too) and created a key, filters by
// actor and action, pages back; a read key is told the page is for admins.
func TestAuditPage(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.UpsertUsers(ctx, []*shopmind.User{{ID: "u-ada"}}))
	must(db.SetUserPersonal(ctx, &shopmind.UserPersonal{UserID: "u-ada", Email: "ada@example.com"}))
	readSecret, readKey, err := shopmind.NewAPIKey(rand.Reader, "e2e analyst", shopmind.RoleRead, time.Now())
	must(err)
	must(db.CreateKey(ctx, readKey))
	// Older entries, enough to need a second page.
	for i := range 60 {
		must(db.AppendAudit(ctx, &shopmind.AuditEntry{Time: time.Now().Add(-48*time.Hour + time.Duration(i)*time.Minute),
			Actor: shopmind.ActorSystem, Action: shopmind.AuditRetentionDelete, Target: "events", Outcome: shopmind.OutcomeOK,
			Detail: fmt.Sprintf("%d events before 2026-01-01T00:00:00Z (30 days)", i+1)}))
	}
	c := serveConsole(t, db, shopmind.RoleAdmin, "e2e dpo", nil)

	// Through the API: the admin reads Ada's personal data, the analyst is
	// refused, the admin creates a key.
	call := func(method, path, secret, body string) {
		t.Helper()
		req, _ := http.NewRequest(method, c.url+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		res, err := http.DefaultClient.Do(req)
		must(err)
		res.Body.Close()
	}
	call("GET", "/v1/users/u-ada/personal", c.secret, "")
	call("GET", "/v1/users/u-ada/personal", readSecret, "")
	call("POST", "/v1/keys", c.secret, `{"name":"tracker","role":"write"}`)
	call("PUT", "/v1/users/u-ada/consent", c.secret, `{"no_marketing":true}`)

	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e dpo")
	b.waitText("nav", "PRIVACY", "Audit log")
	b.do("open the audit log", chromedp.Click(chromedp.CSS(`nav a[data-route="audit"]`)))
	got := b.waitText("#audit-results", "consent.set", "no_marketing=true", "key.create", "personal.read", "user/u-ada", "forbidden", readKey.ID, c.keyID, "role write",
		"newest first")
	if strings.Index(got, "key.create") > strings.Index(got, "forbidden") {
		t.Errorf("entries not newest first:\n%s", got)
	}
	if n := b.count("#audit-results tbody tr"); n != 50 {
		t.Errorf("first page shows %d entries, want 50", n)
	}
	shot(b, "audit")

	t.Log("filter by the analyst's key")
	b.do("filter actor", chromedp.SendKeys(chromedp.CSS("#audit-actor"), readKey.ID), chromedp.Click(chromedp.CSS(`#audit-filters button[type="submit"]`)))
	b.waitText("#audit-results", "Showing 1 entry")
	if got := b.text("#audit-results tbody"); !strings.Contains(got, "forbidden") || strings.Contains(got, "key.create") {
		t.Errorf("filtered by %s:\n%s", readKey.ID, got)
	}

	t.Log("filter by action and page")
	b.open("#/audit?action=retention.delete")
	b.waitText("#audit-results", "Showing 50 entries", "60 events before")
	b.do("next page", chromedp.Click(chromedp.CSS("#audit-next")))
	b.waitText("#audit-results", "Showing 10 entries", "page 2", "1 events before")
	if got := b.text("#audit-results tbody"); strings.Contains(got, "personal.read") {
		t.Errorf("action filter shows other actions:\n%s", got)
	}

	t.Log("the user page shows the consent set through the API")
	b.open("#/users/u-ada")
	b.waitText("#user-consent", "Personalised lists", "allowed", "Marketing", "refused")

	t.Log("a read key is told the log is for admins")
	r := newBrowser(t, c.url)
	defer r.checkNoErrors()
	r.signIn(readSecret, "e2e analyst")
	r.open("#/audit")
	r.waitText("#audit-admin-only", "for admin keys", "read role")
}
