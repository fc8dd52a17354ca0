package httpapi

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
)

// TestFairnessRoutes checks the fairness routes with a mock service: both
// are in the OpenAPI document, the report and a card come back as JSON to a
// read key, an unknown model is 404 and a missing key 401.
func TestFairnessRoutes(t *testing.T) {
	svc := &mock.Fairness{
		FairnessReportFn: func(context.Context) (*shopmind.FairnessReport, error) {
			return &shopmind.FairnessReport{Exposure: shopmind.ExposureSummary{Lists: 3, Gini: 0.5}}, nil
		},
		ModelCardFn: func(_ context.Context, id string) (*shopmind.ModelCard, error) {
			if id != "recommend.ease" {
				return nil, shopmind.Errorf(shopmind.ENOTFOUND, "model %q not found", id)
			}
			return &shopmind.ModelCard{ID: id, Name: "recommend/ease", Inputs: []string{"events"}}, nil
		},
	}
	s := newTestServer(t, newMockStore())
	s.HandleFairness(svc)
	doc, _ := fetchOpenAPI(t, s)
	for _, p := range []string{"/v1/reports/fairness", "/v1/models/{id}/card"} {
		if _, ok := doc.Paths[p]["get"]; !ok {
			t.Errorf("GET %s is not in the OpenAPI document", p)
		}
	}
	rec := request{method: "GET", path: "/v1/reports/fairness", key: readKey}.do(t, s.Handler())
	var rep shopmind.FairnessReport
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &rep) != nil || rep.Exposure.Lists != 3 || rep.Exposure.Gini != 0.5 {
		t.Fatalf("report: %d %s", rec.Code, rec.Body)
	}
	rec = request{method: "GET", path: "/v1/models/recommend.ease/card", key: readKey}.do(t, s.Handler())
	var c shopmind.ModelCard
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &c) != nil || c.Name != "recommend/ease" {
		t.Fatalf("card: %d %s", rec.Code, rec.Body)
	}
	if rec := (request{method: "GET", path: "/v1/models/nope/card", key: readKey}).do(t, s.Handler()); rec.Code != 404 {
		t.Fatalf("unknown model: %d %s", rec.Code, rec.Body)
	}
	if rec := (request{method: "GET", path: "/v1/reports/fairness"}).do(t, s.Handler()); rec.Code != 401 {
		t.Fatalf("no key: %d", rec.Code)
	}
}
