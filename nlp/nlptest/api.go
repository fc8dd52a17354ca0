package nlptest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/nlp"
)

// ReviewAPI is the review routes of the real API server over a store, as
// serve mounts them (an nlp.Service built and synced), with a read key.
type ReviewAPI struct {
	h   http.Handler
	key string
}

// NewReviewAPI builds the served review analyzer over db (training the
// sentiment model as serve does) and mounts the review routes.
func NewReviewAPI(t testing.TB, db shopmind.Store) *ReviewAPI {
	t.Helper()
	ctx := context.Background()
	svc, err := nlp.NewService(db, nlp.DefaultServiceConfig())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	a, err := svc.Build(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("analyzer built (sentiment model trained) in %s", time.Since(start).Round(time.Millisecond))
	svc.SetAnalyzer(a)
	if _, err := svc.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	secret, key, err := shopmind.NewAPIKey(rand.Reader, "reviews", shopmind.RoleRead, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	srv := httpapi.NewServer(db, httpapi.Options{Version: "test"})
	srv.HandleReviewInsights(svc)
	return &ReviewAPI{h: srv.Handler(), key: secret}
}

// Do sends one request with a JSON body (nil for none), fails the test
// unless it is answered 200, and decodes the answer into out.
func (a *ReviewAPI) Do(t testing.TB, method, path string, body, out any) {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, &buf)
	req.Header.Set("Authorization", "Bearer "+a.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
}

// Analyze posts one review text (with its stars when rating > 0) to the
// analyze route.
func (a *ReviewAPI) Analyze(t testing.TB, text string, rating int) shopmind.ReviewAnalysis {
	t.Helper()
	var out shopmind.ReviewAnalysis
	body := map[string]any{"text": text}
	if rating > 0 {
		body["rating"] = rating
	}
	a.Do(t, "POST", "/v1/review-insights/analyze", body, &out)
	return out
}
