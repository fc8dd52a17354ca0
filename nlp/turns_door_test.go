package nlp_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/nlp"
	"github.com/shopmind/shopmind/nlp/nlptest"
	"github.com/shopmind/shopmind/store/sqlite"
)

// turnsShop is a small shop of English and Chinese rated reviews, as a
// shop owner's store holds them (the served model learns from their
// stars as it does on a real shop).
func turnsShop(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Now().UTC()
	items := []*shopmind.Item{
		{ID: "boots", Title: "Leather boots", Price: 120, Active: true, CreatedAt: now, UpdatedAt: now},
		{ID: "jacket", Title: "羽绒服", Price: 399, Active: true, CreatedAt: now, UpdatedAt: now},
	}
	if err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	texts := []struct {
		item   string
		rating int
		text   string
	}{
		{"boots", 5, "Warm, waterproof and comfortable from the first day."},
		{"boots", 5, "Great boots, the leather is soft and the soles grip well."},
		{"boots", 4, "Good quality for the price, a little stiff at first."},
		{"boots", 2, "The heel wore down in two months."},
		{"boots", 1, "Leaked on the first wet day, sent them back."},
		{"boots", 5, "Fit true to size and look even better in person."},
		{"jacket", 5, "羽绒服很暖和，面料摸着很舒服。"},
		{"jacket", 4, "尺码合适，颜色和图片一样。"},
		{"jacket", 1, "质量太差，穿了一周就开线了。"},
		{"jacket", 2, "尺码偏小，客服也不理人。"},
		{"jacket", 5, "做工很好，没有线头，很满意。"},
	}
	var reviews []*shopmind.Review
	for i, x := range texts {
		reviews = append(reviews, &shopmind.Review{ID: fmt.Sprintf("r%02d", i), ItemID: x.item, Rating: x.rating, Text: x.text,
			CreatedAt: now.Add(-time.Duration(i) * time.Hour)})
	}
	if err := db.UpsertReviews(ctx, reviews); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestReviewTurns posts the hand-written sentences of
// testdata/nlp/review_turns.tsv to the analyze route of a small shop: an
// unfulfilled expectation followed by a failure ("I wanted to love these
// but they fell apart in a week." read positive at 0.79 on the demo shop),
// "but" contrasts both ways, and lukewarm Chinese verdicts (还行吧 read
// negative). Each must get one of the labels a reader accepts. Before the
// rules of nlp/turns.go and nlp/counterfactual.go, 27 of the 60 missed.
func TestReviewTurns(t *testing.T) {
	turns := nlptest.ReadTurns(t, nlptest.TurnsFile)
	bundled, err := nlp.BundledSentiment()
	if err != nil {
		t.Fatal(err)
	}
	train := map[string]bool{}
	for _, b := range bundled {
		train[b.Text] = true
	}
	for _, x := range turns {
		if train[x.Text] {
			t.Fatalf("%q is a bundled training sentence; the test must use unseen ones", x.Text)
		}
	}
	api := nlptest.NewReviewAPI(t, turnsShop(t))
	nlptest.CheckTurns(t, turns, func(text string) shopmind.ReviewAnalysis { return api.Analyze(t, text, 0) })
}

// TestLukewarmEnglishThroughAPI posts English lukewarm verdicts to the
// analyze route: "So-so." read positive 0.96 and "Not bad, not great."
// negative 0.00 on the demo shop; a sentence that only gives such a verdict
// is neutral (or the mild yes of "does the job"), while one that says more
// is read as before.
func TestLukewarmEnglishThroughAPI(t *testing.T) {
	api := nlptest.NewReviewAPI(t, turnsShop(t))
	for text, want := range map[string]string{
		"So-so.":                       "neutral",
		"Meh.":                         "neutral",
		"Not bad, not great.":          "neutral",
		"It's okay.":                   "neutral",
		"It's fine, I guess.":          "neutral",
		"Quality is average.":          "neutral",
		"Nothing special.":             "neutral",
		"Does the job.":                "positive",
		"It's okay but the zip broke.": "negative",
		"Not bad at all, I love it!":   "positive",
	} {
		if got := api.Analyze(t, text, 0); got.Sentiment != want {
			t.Errorf("%q: %s (%.2f), want %s", text, got.Sentiment, got.Positive, want)
		}
	}
}
