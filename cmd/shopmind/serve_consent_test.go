package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
)

// runServe runs "shopmind serve" until stop is called (or the test ends)
// and returns its base URL ("http://host:port", no trailing slash). Unlike
// startServe it may run several times in one test, one after the other.
func runServe(t *testing.T, env *Env, stdout *syncBuffer) (base string, stop func()) {
	t.Helper()
	mark := len(stdout.String())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, env, []string{"serve", "-addr", "127.0.0.1:0"}) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}
	t.Cleanup(stop)
	re := regexp.MustCompile(`on (http://\S+)`)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(stdout.String()[mark:]); m != nil {
			return strings.TrimSuffix(m[1], "/"), stop
		}
	}
	t.Fatalf("serve printed no address: %q", stdout.String()[mark:])
	return "", stop
}

// waitList GETs a recommendation list until serve has a model (200).
func waitList(t *testing.T, url, key string) shopmind.RecommendationList {
	t.Helper()
	var list shopmind.RecommendationList
	code := 0
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		list = shopmind.RecommendationList{}
		if code = getJSON(t, url, key, &list); code == http.StatusOK {
			return list
		}
	}
	t.Fatalf("GET %s: %d", url, code)
	return list
}

func listItems(l shopmind.RecommendationList) []string {
	ids := make([]string, len(l.Items))
	for i, r := range l.Items {
		ids[i] = r.ItemID
	}
	return ids
}

// TestServeNoPersonalisation is issue 12 item 6 through the API of serve:
// a shopper who refuses personalisation (PUT /v1/users/{id}/consent) gets
// exactly the list of an anonymous visitor, and the events of such shoppers
// leave a retrained model as it was, while the same events from consenting
// shoppers change it.
func TestServeNoPersonalisation(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	shop := storeDemoShop(t, env, demo.Options{Items: 120, Users: 80, Days: 30})
	if err := Run(ctx, env, []string{"train", "recommend", "--models", "hybrid"}); err != nil {
		t.Fatalf("train: %v\n%s", err, stderr.String())
	}
	write := createKey(t, env, stdout, "storefront", "write")
	admin := createKey(t, env, stdout, "owner", "admin")
	base, stop := runServe(t, env, stdout)

	// A shopper with a history gets a personal list until they refuse it.
	var shopper string
	var personal shopmind.RecommendationList
	anon := waitList(t, base+"/v1/users/anonymous-visitor/recommendations?n=10", write)
	if !anon.ColdStart {
		t.Fatalf("anonymous visitor: %+v, want a cold-start list", anon)
	}
	for _, u := range shop.Users {
		personal = waitList(t, base+"/v1/users/"+u.ID+"/recommendations?n=10", write)
		if !personal.ColdStart && !slices.Equal(listItems(personal), listItems(anon)) {
			shopper = u.ID
			break
		}
	}
	if shopper == "" {
		t.Fatal("no demo shopper has a personal list different from the anonymous one")
	}
	var consent shopmind.Consent
	if code := sendJSON(t, "PUT", base+"/v1/users/"+shopper+"/consent", write, map[string]bool{"no_personalisation": true}, &consent); code != http.StatusOK ||
		!consent.NoPersonalisation || consent.NoMarketing || consent.UpdatedAt.IsZero() {
		t.Fatalf("PUT consent: %d %+v", code, consent)
	}
	refused := waitList(t, base+"/v1/users/"+shopper+"/recommendations?n=10", write)
	if !slices.Equal(listItems(refused), listItems(anon)) || !refused.NoPersonalisation || !refused.ColdStart {
		t.Fatalf("after refusing personalisation %s gets %v (no_personalisation %t), want the anonymous list %v",
			shopper, listItems(refused), refused.NoPersonalisation, listItems(anon))
	}
	item := shop.Items[0].ID
	similarAnon := waitList(t, base+"/v1/items/"+item+"/similar?n=10", write)
	similarShopper := waitList(t, base+"/v1/items/"+item+"/similar?n=10&user_id="+shopper, write)
	if !slices.Equal(listItems(similarShopper), listItems(similarAnon)) || !similarShopper.NoPersonalisation {
		t.Errorf("similar items shown to %s: %v, want the anonymous %v", shopper, listItems(similarShopper), listItems(similarAnon))
	}
	// A partial update keeps the other flag; bad input names the field.
	if code := sendJSON(t, "PUT", base+"/v1/users/"+shopper+"/consent", write, map[string]bool{"no_marketing": true}, &consent); code != http.StatusOK ||
		!consent.NoPersonalisation || !consent.NoMarketing {
		t.Fatalf("PUT no_marketing: %d %+v, want both flags set", code, consent)
	}
	var bad httpapi.ErrorResponse
	if code := sendJSON(t, "PUT", base+"/v1/users/"+shopper+"/consent", write, map[string]any{"no_marketing": "yes"}, &bad); code != http.StatusBadRequest || bad.Field != "no_marketing" {
		t.Errorf("PUT no_marketing=\"yes\": %d %+v, want 400 naming no_marketing", code, bad)
	}
	if code := sendJSON(t, "PUT", base+"/v1/users/"+shopper+"/consent", write, map[string]any{"user_id": "someone-else"}, &bad); code != http.StatusBadRequest || bad.Field != "user_id" {
		t.Errorf("PUT another user_id: %d %+v, want 400 naming user_id", code, bad)
	}

	// Thirty shoppers who refuse personalisation all buy one rarely bought
	// item, thirty consenting shoppers another.
	rare := rareItems(t, base, write, shop, 2)
	now := time.Now().UTC()
	var events []map[string]any
	for i := range 30 {
		refuser := fmt.Sprintf("refuser-%02d", i)
		if code := sendJSON(t, "PUT", base+"/v1/users/"+refuser+"/consent", write, map[string]bool{"no_personalisation": true}, nil); code != http.StatusOK {
			t.Fatalf("PUT consent of %s: %d", refuser, code)
		}
		for _, ev := range []struct{ user, item string }{{refuser, rare[0]}, {fmt.Sprintf("fan-%02d", i), rare[1]}} {
			events = append(events, map[string]any{"user_id": ev.user, "item_id": ev.item, "type": "purchase", "value": 1,
				"time": now.Add(-time.Duration(i) * time.Minute).Format(time.RFC3339)})
		}
	}
	if code := sendJSON(t, "POST", base+"/v1/events", write, map[string]any{"events": events}, nil); code != http.StatusOK {
		t.Fatalf("POST events: %d", code)
	}
	var log httpapi.AuditList
	getJSON(t, base+"/v1/audit?action=consent.set&limit=1000", admin, &log)
	invalid := 0
	for _, e := range log.Entries {
		if e.Outcome == shopmind.EINVALID {
			invalid++
		}
	}
	// 2 changes of the shopper, 2 refused bad bodies, 30 refusers.
	if len(log.Entries) != 34 || invalid != 2 {
		t.Errorf("consent.set audit entries: %d (%d invalid), want 34 (2 invalid)", len(log.Entries), invalid)
	}
	stop()

	if err := Run(ctx, env, []string{"train", "recommend", "--models", "hybrid"}); err != nil {
		t.Fatalf("retrain: %v\n%s", err, stderr.String())
	}
	base, _ = runServe(t, env, stdout)
	popular := waitList(t, base+"/v1/popular?n=10", write)
	if popular.Version != 2 {
		t.Fatalf("popular served by version %d, want the retrained 2", popular.Version)
	}
	got := listItems(popular)
	if !slices.Contains(got, rare[1]) {
		t.Errorf("popular after retraining %v lacks %s, bought by 30 consenting shoppers: the test cannot tell", got, rare[1])
	}
	if slices.Contains(got, rare[0]) {
		t.Errorf("popular after retraining %v holds %s, bought only by shoppers who refuse personalisation", got, rare[0])
	}
	var also shopmind.RecommendationList
	if code := getJSON(t, base+"/v1/items/"+rare[0]+"/also-bought?n=10", write, &also); code == http.StatusOK && len(also.Items) > 0 {
		t.Errorf("also-bought of %s: %v, want nothing learnt from the refusing buyers", rare[0], listItems(also))
	}
}

// rareItems returns n active items outside the current popular top 100.
func rareItems(t *testing.T, base, key string, shop *demo.Shop, n int) []string {
	t.Helper()
	top := listItems(waitList(t, base+"/v1/popular?n=100", key))
	var out []string
	for i := len(shop.Items) - 1; i >= 0 && len(out) < n; i-- {
		it := shop.Items[i]
		if it.Active && it.Stock > 0 && !slices.Contains(top, it.ID) {
			out = append(out, it.ID)
		}
	}
	if len(out) < n {
		t.Fatalf("fewer than %d items outside the popular top 100", n)
	}
	return out
}

// TestServeNoMarketingTargets: a customer who refuses marketing is left out
// of campaign targets, in JSON and in the CSV export, at once.
func TestServeNoMarketingTargets(t *testing.T) {
	env, stdout, _ := testEnv(t)
	shop := storeDemoShop(t, env, demo.Options{Items: 80, Users: 300, Days: 120})
	write := createKey(t, env, stdout, "crm", "write")
	base, _ := runServe(t, env, stdout)
	query := base + "/v1/insights/targets?category=" + shop.Items[0].Category[0] + "&limit=20"
	var before shopmind.TargetList
	code := 0
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if code = getJSON(t, query, write, &before); code == http.StatusOK {
			break
		}
	}
	if code != http.StatusOK || len(before.Targets) != 20 || before.NoMarketing != 0 {
		t.Fatalf("targets: %d %+v", code, before)
	}
	refusing := []string{before.Targets[0].UserID, before.Targets[3].UserID, before.Targets[7].UserID}
	for _, u := range refusing {
		if code := sendJSON(t, "PUT", base+"/v1/users/"+u+"/consent", write, map[string]bool{"no_marketing": true}, nil); code != http.StatusOK {
			t.Fatalf("PUT consent: %d", code)
		}
	}
	var after shopmind.TargetList
	if code := getJSON(t, query, write, &after); code != http.StatusOK || len(after.Targets) != 20 || after.NoMarketing != 3 {
		t.Fatalf("targets after 3 refusals: %d, %d targets, no_marketing %d; want 20 and 3", code, len(after.Targets), after.NoMarketing)
	}
	var kept []string
	for _, tg := range before.Targets {
		if !slices.Contains(refusing, tg.UserID) {
			kept = append(kept, tg.UserID)
		}
	}
	for i, tg := range after.Targets {
		if slices.Contains(refusing, tg.UserID) {
			t.Errorf("target %d is %s, who refuses marketing", i, tg.UserID)
		}
		if i < len(kept) && tg.UserID != kept[i] {
			t.Errorf("target %d = %s, want %s (the same ranking without the refusing customers)", i, tg.UserID, kept[i])
		}
	}
	req, _ := http.NewRequest("GET", query+"&format=csv", nil)
	req.Header.Set("Authorization", "Bearer "+write)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	if err != nil || res.StatusCode != http.StatusOK || len(rows) != 21 {
		t.Fatalf("CSV export: %d, %d rows, %v", res.StatusCode, len(rows), err)
	}
	for _, row := range rows[1:] {
		if slices.Contains(refusing, row[0]) {
			t.Errorf("CSV export holds %s, who refuses marketing", row[0])
		}
	}

	// Segment lists flag them, and leave them out for a campaign.
	var all, marketable httpapi.CustomerInsightList
	if code := getJSON(t, base+"/v1/insights/customers?limit=1000", write, &all); code != http.StatusOK {
		t.Fatalf("customers: %d", code)
	}
	flagged := 0
	for _, c := range all.Customers {
		if c.NoMarketing != slices.Contains(refusing, c.UserID) {
			t.Errorf("customer %s: no_marketing %t", c.UserID, c.NoMarketing)
		}
		if c.NoMarketing {
			flagged++
		}
	}
	if code := getJSON(t, base+"/v1/insights/customers?limit=1000&marketable=true", write, &marketable); code != http.StatusOK ||
		marketable.Total != all.Total-3 || flagged != 3 {
		t.Fatalf("marketable customers: %d, total %d of %d, %d flagged; want 3 fewer, 3 flagged", code, marketable.Total, all.Total, flagged)
	}
	for _, c := range marketable.Customers {
		if slices.Contains(refusing, c.UserID) {
			t.Errorf("marketable list holds %s, who refuses marketing", c.UserID)
		}
	}
}
