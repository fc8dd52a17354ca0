package httpapi_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/store/sqlite"
)

// expAPI is an httptest server with the experiment routes over SQLite.
type expAPI struct {
	url, key string
}

func startExperimentAPI(t *testing.T) *expAPI {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	secret, key, err := shopmind.NewAPIKey(rand.Reader, "admin", shopmind.RoleAdmin, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	s := httpapi.NewServer(db, httpapi.Options{Registry: prometheus.NewRegistry(), Version: "test"})
	s.HandleExperiments(experiment.NewService(db))
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); db.Close() })
	return &expAPI{url: ts.URL, key: secret}
}

// call sends a JSON request and decodes the answer into out, failing unless
// the status is want; it returns the body.
func (a *expAPI) call(t *testing.T, method, path string, body any, want int, out any) []byte {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.url+path, r)
	req.Header.Set("Authorization", "Bearer "+a.key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
	return data
}

// wantError checks an error answer's code and field.
func (a *expAPI) wantError(t *testing.T, method, path string, body any, status int, code, field string) {
	t.Helper()
	var e httpapi.ErrorResponse
	a.call(t, method, path, body, status, &e)
	if e.Code != code || e.Field != field || e.Message == "" {
		t.Errorf("%s %s: error %+v, want code %q field %q and a message", method, path, e, code, field)
	}
}

func experimentBody(id, surface string) map[string]any {
	return map[string]any{"id": id, "name": "Recommender test", "surface": surface, "horizon": 3, "attribution_hours": 24,
		"variants": []map[string]any{
			{"name": "popular", "share": 0.5, "config": map[string]string{"model": "popularity"}},
			{"name": "ease", "share": 0.5, "config": map[string]string{"model": "ease"}},
		}}
}

func TestExperimentsOverHTTP(t *testing.T) {
	a := startExperimentAPI(t)
	a.call(t, "POST", "/v1/items", map[string]any{"items": []map[string]any{
		{"id": "shoe", "title": "Shoe", "price": 40, "active": true}, {"id": "hat", "title": "Hat", "price": 15, "active": true}}}, 200, nil)

	var e shopmind.Experiment
	a.call(t, "POST", "/v1/experiments", experimentBody("rec-test", "home"), 201, &e)
	if e.Status != shopmind.ExperimentDraft || e.Control != "popular" {
		t.Fatalf("created %+v", e)
	}
	var assigned httpapi.AssignmentResponse
	a.call(t, "GET", "/v1/assignment?surface=home&user_id=u1", nil, 200, &assigned)
	if assigned.Assigned {
		t.Fatalf("a draft assigns: %+v", assigned)
	}
	a.call(t, "POST", "/v1/experiments/rec-test/start", nil, 200, &e)
	if e.Status != shopmind.ExperimentRunning || e.StartedAt == nil {
		t.Fatalf("started %+v", e)
	}

	// Three users per variant see a result; one user of each buys through it.
	users := map[string][]string{}
	for i := 0; len(users["popular"]) < 3 || len(users["ease"]) < 3; i++ {
		u := fmt.Sprintf("shopper%d", i)
		var got httpapi.AssignmentResponse
		a.call(t, "GET", "/v1/assignment?surface=home&user_id="+u, nil, 200, &got)
		if !got.Assigned || got.Assignment.ExperimentID != "rec-test" {
			t.Fatalf("assignment %+v", got)
		}
		var again httpapi.AssignmentResponse
		a.call(t, "GET", "/v1/assignment?surface=home&user_id="+u, nil, 200, &again)
		if again.Assignment.Variant != got.Assignment.Variant {
			t.Fatalf("user %s moved from %s to %s", u, got.Assignment.Variant, again.Assignment.Variant)
		}
		if v := got.Assignment.Variant; len(users[v]) < 3 {
			users[v] = append(users[v], u)
		}
	}
	now := time.Now().UTC()
	var events []map[string]any
	for v, us := range users {
		for k, u := range us {
			var x shopmind.Exposure
			a.call(t, "POST", "/v1/experiments/rec-test/exposures", map[string]any{
				"variant": v, "user_id": u, "item_ids": []string{"shoe", "hat"}, "time": now.Add(-time.Hour)}, 201, &x)
			if x.RecommendationID == "" {
				t.Fatal("exposure without a recommendation id")
			}
			if k > 0 {
				continue
			}
			events = append(events, map[string]any{"user_id": u, "item_id": "shoe", "type": "click", "time": now.Add(-50 * time.Minute), "recommendation_id": x.RecommendationID})
			qty := 1
			if v == "ease" {
				qty = 2
			}
			events = append(events, map[string]any{"user_id": u, "item_id": "shoe", "type": "purchase", "value": qty,
				"time": now.Add(-40 * time.Minute), "recommendation_id": x.RecommendationID})
		}
	}
	a.call(t, "POST", "/v1/events", map[string]any{"events": events}, 200, nil)

	var list httpapi.ExposureList
	a.call(t, "GET", "/v1/experiments/rec-test/exposures?limit=4", nil, 200, &list)
	if len(list.Exposures) != 4 || list.Next == "" {
		t.Errorf("first page: %d exposures, next %q", len(list.Exposures), list.Next)
	}

	var res shopmind.ExperimentResults
	a.call(t, "GET", "/v1/experiments/rec-test/results", nil, 200, &res)
	want := map[string][3]float64{"popular": {3, 1, 40}, "ease": {3, 1, 80}} // users, converters, revenue
	for _, v := range res.Variants {
		got := [3]float64{float64(v.Users), float64(v.Converters), v.Revenue}
		if got != want[v.Variant] || v.Exposures != 3 || v.Clicks != 1 {
			t.Errorf("variant %s: users/converters/revenue %v, exposures %d, clicks %d; want %v, 3, 1", v.Variant, got, v.Exposures, v.Clicks, want[v.Variant])
		}
		if v.CTR.Low > v.CTR.Value || v.CTR.High < v.CTR.Value {
			t.Errorf("variant %s CTR interval %+v does not hold its value", v.Variant, v.CTR)
		}
	}
	if !res.Final || len(res.Comparisons) != 1 || math.Abs(res.Comparisons[0].RevenuePerUser.Difference.Value-40.0/3) > 1e-5 {
		t.Errorf("results: final %v comparisons %+v", res.Final, res.Comparisons)
	}

	a.call(t, "POST", "/v1/experiments/rec-test/stop", nil, 200, &e)
	if e.Status != shopmind.ExperimentStopped {
		t.Errorf("stopped: %+v", e)
	}
	var all httpapi.ExperimentList
	a.call(t, "GET", "/v1/experiments?status=stopped", nil, 200, &all)
	if len(all.Experiments) != 1 {
		t.Errorf("stopped experiments: %+v", all.Experiments)
	}
	a.call(t, "DELETE", "/v1/experiments/rec-test", nil, 204, nil)
	a.wantError(t, "GET", "/v1/experiments/rec-test", nil, 404, shopmind.ENOTFOUND, "")
}

func TestExperimentsRefused(t *testing.T) {
	a := startExperimentAPI(t)
	running := experimentBody("first", "home")
	running["status"] = "running"
	a.call(t, "POST", "/v1/experiments", running, 201, nil)

	tests := []struct {
		name   string
		edit   func(map[string]any)
		status int
		code   string
		field  string
	}{
		{"SharesNotOne", func(b map[string]any) {
			b["variants"].([]map[string]any)[1]["share"] = 0.3
		}, 400, shopmind.EINVALID, "variants"},
		{"UnknownControl", func(b map[string]any) { b["control"] = "nope" }, 400, shopmind.EINVALID, "control"},
		{"Overlap", func(b map[string]any) { b["status"] = "running" }, 409, shopmind.ECONFLICT, "surface"},
		{"NoHorizon", func(b map[string]any) { b["status"] = "running"; b["horizon"] = 0; b["surface"] = "cart" }, 400, shopmind.EINVALID, "horizon"},
		{"UnknownField", func(b map[string]any) { b["traffic"] = 1 }, 400, shopmind.EINVALID, "traffic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := experimentBody("second", "home")
			tt.edit(b)
			a.wantError(t, "POST", "/v1/experiments", b, tt.status, tt.code, tt.field)
		})
	}
	a.wantError(t, "POST", "/v1/experiments/first/exposures", map[string]any{"variant": "nope", "user_id": "u1"}, 400, shopmind.EINVALID, "variant")
	a.wantError(t, "POST", "/v1/experiments/first/exposures", map[string]any{"experiment_id": "other", "variant": "ease", "user_id": "u1"}, 400, shopmind.EINVALID, "experiment_id")
	a.wantError(t, "POST", "/v1/experiments/missing/exposures", map[string]any{"variant": "ease", "user_id": "u1"}, 404, shopmind.ENOTFOUND, "")
	a.wantError(t, "GET", "/v1/experiments/missing/results", nil, 404, shopmind.ENOTFOUND, "")
	a.wantError(t, "POST", "/v1/experiments/first/start", nil, 409, shopmind.ECONFLICT, "status")
	a.wantError(t, "GET", "/v1/assignment?surface=home", nil, 400, shopmind.EINVALID, "user_id")
	a.wantError(t, "GET", "/v1/experiments?status=paused", nil, 400, shopmind.EINVALID, "status")

	doc := a.call(t, "GET", "/openapi.json", nil, 200, nil)
	for _, p := range []string{`"/v1/experiments/{id}/results"`, `"/v1/assignment"`, `"/v1/experiments/{id}/exposures"`} {
		if !strings.Contains(string(doc), p) {
			t.Errorf("openapi.json lacks %s", p)
		}
	}
}
