package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
)

// statusOf calls GET path with key and returns the status.
func statusOf(t *testing.T, base, key, path string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestKeysPage creates a read key in the console, checks that its secret
// (shown once) works on the API, revokes it after confirming, and checks
// that the API then refuses it with 401; a cancelled revocation keeps the
// key. A read key sees that the page needs an admin key.
func TestKeysPage(t *testing.T) {
	db := openStore(t)
	c := serveConsole(t, db, shopmind.RoleAdmin, "e2e admin", nil)
	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e admin")

	b.do("open keys", chromedp.Click(chromedp.CSS(`nav a[data-route="keys"]`)))
	b.waitText("#key-list", "e2e admin", c.keyID, "admin")

	t.Log("create a read key: the secret is shown once and works")
	b.do("create", chromedp.SendKeys(chromedp.CSS("#key-name"), "reporting"), chromedp.SetValue(chromedp.CSS("#key-role"), "read"),
		chromedp.Click(chromedp.CSS("#key-create")))
	secret := strings.TrimSpace(b.waitText("#new-key-secret", "sm_"))
	b.waitText("#key-created", "New read key: reporting", "shown only this once")
	b.waitText("#key-list", "reporting")
	if got := statusOf(t, c.url, secret, "/v1/me"); got != 200 {
		t.Fatalf("the new key's secret gets %d on GET /v1/me, want 200", got)
	}
	if got := statusOf(t, c.url, secret, "/v1/keys"); got != 403 {
		t.Errorf("the new read key gets %d on GET /v1/keys, want 403", got)
	}
	keys, err := db.Keys(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, k := range keys {
		if k.Name == "reporting" && k.Role == shopmind.RoleRead {
			id = k.ID
		}
	}
	if id == "" || !strings.HasPrefix(secret, "sm_"+id+"_") {
		t.Fatalf("stored keys %v hold no read key named reporting matching the secret shown", keys)
	}
	row := fmt.Sprintf(`#key-list .key-actions[data-key=%q]`, id)

	t.Log("a cancelled revocation keeps the key")
	b.do("ask to revoke", chromedp.Click(chromedp.CSS(row+" .key-revoke")))
	b.waitText(row, "Revoke reporting?", "stop working at once")
	b.do("cancel", chromedp.Click(chromedp.CSS(row+" .key-revoke-cancel")))
	b.waitText(row, "Revoke")
	if got := statusOf(t, c.url, secret, "/v1/me"); got != 200 {
		t.Fatalf("after a cancelled revocation the key gets %d, want 200", got)
	}

	t.Log("revoke it: the API refuses it")
	b.do("ask to revoke", chromedp.Click(chromedp.CSS(row+" .key-revoke")))
	b.do("confirm", chromedp.Click(chromedp.CSS(row+" .key-revoke-confirm")))
	waitJS(b, "the key's row to go", fmt.Sprintf(`document.querySelector(%q) ? "" : "gone"`, row))
	if txt := b.text("#key-list"); strings.Contains(txt, "reporting") || !strings.Contains(txt, "e2e admin") {
		t.Errorf("after revoking, the list shows:\n%s", txt)
	}
	if got := statusOf(t, c.url, secret, "/v1/me"); got != 401 {
		t.Errorf("the revoked key gets %d on GET /v1/me, want 401", got)
	}
	shot(b, "keys")

	t.Log("a publishable key for the shop's pages: origins as the browser writes them")
	b.do("pick publishable", chromedp.SetValue(chromedp.CSS("#key-role"), "publishable"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#key-role").dispatchEvent(new Event("change"))`))
	b.waitText("#key-role-help", "Publishable", "origins")
	b.do("create it with a bad origin", chromedp.SendKeys(chromedp.CSS("#key-name"), "storefront"),
		chromedp.SendKeys(chromedp.CSS("#key-origins"), "shop dot example"), chromedp.Click(chromedp.CSS("#key-create")))
	b.waitText("#key-error", "The key was not created.", "origins")
	b.do("fix the origin", chromedp.Evaluate[chromedp.Void](`document.querySelector("#key-origins").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#key-origins"), "https://Shop.Example/\nhttp://localhost:8081/checkout"), chromedp.Click(chromedp.CSS("#key-create")))
	b.waitText("#key-created", "New publishable key: storefront", "https://shop.example, http://localhost:8081")
	pk := strings.TrimSpace(b.text("#new-key-secret"))
	b.waitText("#key-list", "storefront", "https://shop.example, http://localhost:8081")
	keys, err = db.Keys(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, k := range keys {
		if k.Name == "storefront" {
			found = k.Role == shopmind.RolePublishable && strings.Join(k.Origins, " ") == "https://shop.example http://localhost:8081" &&
				strings.HasPrefix(pk, shopmind.PublishableKeyPrefix)
		}
	}
	if !found {
		t.Errorf("stored keys %+v: want a publishable key storefront for https://shop.example and http://localhost:8081 with the pk_ secret shown", keys)
	}

	t.Log("a read key cannot manage keys")
	rc := serveConsole(t, db, shopmind.RoleRead, "e2e reader", nil)
	rb := newBrowser(t, rc.url)
	defer rb.checkNoErrors()
	rb.signIn(rc.secret, "e2e reader")
	rb.open("#/keys")
	rb.waitText("#keys-role", "needs an admin key")
}
