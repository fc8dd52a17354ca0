package nlp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/nlp"
	"github.com/shopmind/shopmind/nlp/nlptest"
	"github.com/shopmind/shopmind/store/sqlite"
)

// reviewAPI is the review routes of the real API server over a store, as
// serve mounts them (an nlp.Service built and synced), with a read key.
type reviewAPI struct {
	h   http.Handler
	key string
}

func newReviewAPI(t *testing.T, db shopmind.Store) *reviewAPI {
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
	return &reviewAPI{h: srv.Handler(), key: secret}
}

// analyze posts one review text to the analyze route.
func (a *reviewAPI) analyze(t *testing.T, text string) shopmind.ReviewAnalysis {
	t.Helper()
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(map[string]any{"text": text})
	req := httptest.NewRequest("POST", "/v1/review-insights/analyze", &buf)
	req.Header.Set("Authorization", "Bearer "+a.key)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	var out shopmind.ReviewAnalysis
	if rec.Code != http.StatusOK {
		t.Fatalf("analyze %q: %d %s", text, rec.Code, rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReviewSentences checks the fixed sentences (nlptest.Sentences) on a
// new shop without reviews, through the API: the served model then knows
// only the bundled sentences. (The demo shop's acceptance suite in package
// demo checks them on the demo.)
func TestReviewSentences(t *testing.T) {
	bundled, err := nlp.BundledSentiment()
	if err != nil {
		t.Fatal(err)
	}
	train := map[string]bool{}
	for _, b := range bundled {
		train[b.Text] = true
	}
	for _, s := range nlptest.Sentences {
		if train[s.Text] {
			t.Fatalf("%q is a bundled training sentence; the test must use unseen ones", s.Text)
		}
	}
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	api := newReviewAPI(t, db)
	nlptest.Check(t, func(text string) shopmind.ReviewAnalysis { return api.analyze(t, text) })
}
