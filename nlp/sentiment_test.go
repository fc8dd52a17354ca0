package nlp

import (
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopmind/shopmind"
)

// trainedSentiment is the served model of a shop without reviews.
func trainedSentiment(t *testing.T) (*Classifier, map[string]float64) {
	t.Helper()
	c, m, err := TrainSentiment(context.Background(), nil, DefaultSentimentOptions())
	if err != nil {
		t.Fatal(err)
	}
	return c, m
}

// The served model's held-out numbers: bands around this machine's runs
// (docs/nlp.md), two-sided.
func TestSentimentHeldOut(t *testing.T) {
	_, m := trainedSentiment(t)
	t.Logf("metrics %v", m)
	for _, b := range []struct {
		metric   string
		min, max float64
	}{
		{"accuracy", 0.77, 0.86}, {"accuracy_en", 0.77, 0.86}, {"accuracy_zh", 0.70, 0.92},
		{"test_en", 550, 650}, {"test_zh", 110, 160}, {"ece", 0, 0.1},
	} {
		if v := m[b.metric]; v < b.min || v > b.max {
			t.Errorf("%s = %.3f, want in [%g, %g]", b.metric, v, b.min, b.max)
		}
	}
	// No held-out sentence is trained on.
	bundled, err := BundledSentiment()
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, b := range bundled {
		if HeldOut(b.Text) {
			held++
		}
	}
	if float64(held) != m["test_sentences"] || m["train_sentences"]+m["test_sentences"] > float64(len(bundled)) {
		t.Errorf("%d held out of %d, metrics %v", held, len(bundled), m)
	}
}

// External check of the Chinese side on online_shopping_10_cats (62,773
// real reviews, not bundled: no licence), read from SHOPMIND_DATA: every
// 10th review, all of them with SHOPMIND_FULL=1.
func TestSentimentOnlineShopping(t *testing.T) {
	dir := dataDir(t, "online-shopping-10-cats")
	f, err := os.Open(filepath.Join(dir, "online_shopping_10_cats.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	texts, labels, _, err := ReadTable(gz, TableFormat{Comma: ','}, "review", "label")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := trainedSentiment(t)
	a := NewAnalyzer(&Tokenizer{}, c, SeedAspects())
	step := 10
	if os.Getenv("SHOPMIND_FULL") == "1" {
		step = 1
	}
	var hits, neutral, n int
	for i := 0; i < len(texts); i += step {
		text := texts[i]
		n++
		p := a.Positive(text)
		want := LabelNegative
		if labels[i] == "1" {
			want = LabelPositive
		}
		if (p >= 0.5) == (want == LabelPositive) {
			hits++
		}
		if a.Label(p) == shopmind.SentimentNeutral {
			neutral++
		}
	}
	acc := float64(hits) / float64(n)
	t.Logf("online_shopping_10_cats: accuracy %.4f on %d reviews, %.1f%% read neutral", acc, n, 100*float64(neutral)/float64(n))
	if acc < 0.70 || acc > 0.93 {
		t.Errorf("accuracy %.4f, want in [0.70, 0.93]", acc)
	}
}

// Prediction cost of one review sentence with and without character
// n-grams (docs/nlp.md).
func BenchmarkSentimentPredict(b *testing.B) {
	for _, maxn := range []int{4, 0} {
		b.Run(fmt.Sprintf("maxn%d", maxn), func(b *testing.B) {
			opt := DefaultSentimentOptions()
			opt.Params.MaxN = maxn
			c, _, err := TrainSentiment(context.Background(), nil, opt)
			if err != nil {
				b.Fatal(err)
			}
			f := SentimentFeatures("The battery lasts for days and the screen is bright and sharp.")
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c.Predict(f)
			}
		})
	}
}
