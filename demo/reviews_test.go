package demo_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/nlp"
	"github.com/shopmind/shopmind/nlp/nlptest"
	"github.com/shopmind/shopmind/store/sqlite"
)

// demoStore stores a demo shop (its reviews and catalog) in SQLite.
func demoStore(t *testing.T) (*sqlite.DB, *demo.Shop) {
	t.Helper()
	ctx := context.Background()
	// Half the default shop (1,000 items, 2,500 shoppers: about 3,000
	// reviews) keeps the test to seconds; SHOPMIND_FULL=1 checks the
	// default demo.
	opts := demo.Options{Items: 1000, Users: 2500}
	if os.Getenv("SHOPMIND_FULL") == "1" {
		opts = demo.Options{}
	}
	shop, err := demo.Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.UpsertItems(ctx, shop.Items); err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertReviews(ctx, shop.Reviews); err != nil {
		t.Fatal(err)
	}
	return db, shop
}

// TestDemoReviewSummaries is the owner's acceptance check of review
// analysis: it reads the demo shop's reviews through the API as an owner
// does and checks them against the sides the demo planted its sentences
// on: single sentences, whole reviews, example sentences, aspect shares and
// their quotes, tags, the fixed sentences of nlptest, and the served
// model's reported accuracy. Before issue 11 "The fit is perfect." read
// negative, 44 of 260 aspect quotes contradicted their shares, tags
// included not_like, and the Models page said accuracy 1.0.
func TestDemoReviewSummaries(t *testing.T) {
	db, shop := demoStore(t)
	api := nlptest.NewReviewAPI(t, db)
	good, bad := demo.ReviewSentences()
	side := map[string]string{}
	for _, s := range good {
		side[s] = shopmind.SentimentPositive
	}
	for _, s := range bad {
		side[s] = shopmind.SentimentNegative
	}
	if len(shop.Reviews) < 300 {
		t.Fatalf("the demo shop has %d reviews; the test needs a few hundred", len(shop.Reviews))
	}

	t.Run("PlantedSentences", func(t *testing.T) {
		// Every planted sentence alone, through the analyze route.
		wrong, neutral := 0, 0
		for s, want := range side {
			got := api.Analyze(t, s, 0)
			switch got.Sentiment {
			case want:
				continue
			case shopmind.SentimentNeutral:
				neutral++
			default:
				wrong++
			}
			t.Logf("%q: %s (%.2f), planted %s", s, got.Sentiment, got.Positive, want)
		}
		// Some sentences are hard for a model of 3,400 labelled sentences
		// and the shop's noisy star labels ("Held up well after months of
		// training."): they may read neutral (at most 15 of 57), but at
		// most 2 may land on the other side.
		t.Logf("planted sentences: %d of %d on the other side, %d neutral", wrong, len(side), neutral)
		if wrong > 2 || wrong+neutral > 15 {
			t.Errorf("%d of %d planted sentences on the other side and %d neutral, want at most 2 and 15 in all", wrong, len(side), neutral)
		}
		if got := api.Analyze(t, "The fit is perfect.", 0); got.Sentiment != shopmind.SentimentPositive {
			t.Errorf("The fit is perfect.: %s (%.2f)", got.Sentiment, got.Positive)
		}
	})

	items := map[string]bool{}
	for _, r := range shop.Reviews {
		items[r.ItemID] = true
	}
	var quotes, contradictions, silentNegatives, summaries int
	for id := range items {
		var sum shopmind.ReviewSummary
		api.Do(t, "GET", "/v1/items/"+id+"/review-summary", nil, &sum)
		summaries++
		for _, s := range sum.Positives {
			if side[s] == shopmind.SentimentNegative {
				t.Errorf("%s: liked example %q is a planted complaint", id, s)
			}
		}
		for _, s := range sum.Negatives {
			if side[s] == shopmind.SentimentPositive {
				t.Errorf("%s: disliked example %q is planted praise", id, s)
			}
		}
		complaintQuoted := false
		for _, a := range sum.Aspects {
			if a.Example == "" {
				continue
			}
			quotes++
			if side[a.Example] == shopmind.SentimentNegative {
				complaintQuoted = true
			}
			// The quote illustrates the larger of the shares shown next
			// to it (positive and negative; the rest are neutral).
			if a.Positive > a.Negative && side[a.Example] == shopmind.SentimentNegative ||
				a.Negative > a.Positive && side[a.Example] == shopmind.SentimentPositive ||
				a.Positive+a.Negative > 1+1e-9 {
				contradictions++
				t.Logf("%s: aspect %s %.0f%% positive, %.0f%% negative of %d, quoting %q", id, a.Aspect, 100*a.Positive, 100*a.Negative, a.Reviews, a.Example)
			}
		}
		if complaintQuoted && len(sum.Negatives) == 0 {
			silentNegatives++
			t.Logf("%s: quotes a complaint but has no negative example", id)
		}
		for _, tag := range sum.Tags {
			if strings.ContainsAny(tag, "_ ") || strings.HasPrefix(tag, "not") {
				t.Errorf("%s: internal token %q as a tag", id, tag)
			}
		}
	}
	t.Logf("%d summaries: %d aspect quotes, %d contradicting their shares, %d quoting a complaint with no negative example",
		summaries, quotes, contradictions, silentNegatives)
	if contradictions > 0 {
		t.Errorf("%d of %d aspect quotes contradict the share next to them", contradictions, quotes)
	}
	if silentNegatives > 0 {
		t.Errorf("%d of %d summaries quote a complaint but say there is no negative sentence", silentNegatives, summaries)
	}

	t.Run("PlantedReviews", func(t *testing.T) {
		// Reviews whose stars (4-5 or 1-2) and sentences were all planted
		// on one side land on it.
		var checked, right, wrong int
		for _, r := range shop.Reviews {
			want := ""
			for _, s := range nlp.Sentences(r.Text) {
				switch {
				case side[s] == "":
					want = "mixed"
				case want == "":
					want = side[s]
				case want != side[s]:
					want = "mixed"
				}
			}
			if want == "" || want == "mixed" || checked >= 400 || nlp.RatingLabel(r.Rating) != want {
				continue
			}
			checked++
			var a shopmind.ReviewAnalysis
			api.Do(t, "GET", "/v1/reviews/"+r.ID+"/analysis", nil, &a)
			switch a.Sentiment {
			case want:
				right++
			default:
				if a.Sentiment != shopmind.SentimentNeutral {
					wrong++
				}
				t.Logf("%s (%d stars) %q: %s (%.2f), planted %s", r.ID, r.Rating, r.Text, a.Sentiment, a.Positive, want)
			}
		}
		t.Logf("planted reviews: %d of %d on their side, %d on the other", right, checked, wrong)
		if checked < 200 || float64(right) < 0.95*float64(checked) || wrong > checked/100 {
			t.Errorf("%d of %d one-sided reviews on their side, %d on the other; want 95%% and at most 1%%", right, checked, wrong)
		}
	})

	t.Run("FixedSentences", func(t *testing.T) {
		nlptest.Check(t, func(text string) shopmind.ReviewAnalysis { return api.Analyze(t, text, 0) })
	})

	// Sentences whose opinion turns ("I wanted to love these but they
	// fell apart in a week." read positive at 0.79 on the demo, 还行吧
	// negative), as on a new shop (nlp's TestReviewTurns).
	t.Run("Turns", func(t *testing.T) {
		nlptest.CheckTurns(t, nlptest.ReadTurns(t, nlptest.TurnsFile), func(text string) shopmind.ReviewAnalysis { return api.Analyze(t, text, 0) })
	})

	t.Run("ModelAccuracy", func(t *testing.T) {
		var list httpapi.ModelList
		api.Do(t, "GET", "/v1/models?name="+nlp.SentimentModelName, nil, &list)
		if len(list.Models) == 0 {
			t.Fatal("no sentiment model stored")
		}
		m := list.Models[0].Metrics
		t.Logf("served model metrics %v", m)
		// Held-out accuracy of labelled sentences the model never saw: UCI
		// sentences about 0.80-0.85 in the literature and in docs/nlp.md;
		// 1.0 would mean it was measured on its own training data.
		if acc := m["accuracy"]; acc < 0.75 || acc > 0.95 {
			t.Errorf("reported accuracy %.3f, want the held-out number in [0.75, 0.95]; metrics %v", acc, m)
		}
	})
}
