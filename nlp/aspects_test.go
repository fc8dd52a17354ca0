package nlp

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

var shopReviews = []string{
	"The zipper broke after a week.", "Love the color but the zipper is stiff.", "The strap is comfortable and the zipper works.",
	"Its strap feels cheap.", "The strap snapped, shipping was fast though.", "Great bag, the best pockets ever.",
	"The pockets are deep.", "My pockets are full of stuff.", "The price is fair.", "I love it, the worst part is nothing.",
}

func TestLearnAspects(t *testing.T) {
	l := LearnAspects(SeedAspects(), &Tokenizer{}, shopReviews, DefaultLearnOptions())
	for _, want := range []string{"zipper", "strap", "pocket"} {
		if l.Terms[want] != want {
			t.Errorf("learned %q -> %q, want it as its own aspect", want, l.Terms[want])
		}
	}
	for _, not := range []string{"best", "worst", "part", "stuff"} {
		if a, ok := l.Terms[not]; ok {
			t.Errorf("%q learned as aspect %q", not, a)
		}
	}
	if l.Terms["price"] != "price" || l.Terms["shipping"] != "delivery" {
		t.Errorf("seed terms changed: price->%q shipping->%q", l.Terms["price"], l.Terms["shipping"])
	}
}

func TestAnalyzerAspectSentiment(t *testing.T) {
	a := NewAnalyzer(&Tokenizer{}, nil, SeedAspects())
	a.Now = func() time.Time { return time.Unix(0, 0) }
	got := a.Analyze(&shopmind.Review{ID: "r1", ItemID: "i1", Text: "The battery is great, but the screen is terrible. Shipping was not bad."})
	want := map[string]string{"battery": "positive", "screen": "negative", "delivery": "positive"}
	if len(got.Aspects) != len(want) {
		t.Fatalf("aspects %+v, want %v", got.Aspects, want)
	}
	for _, m := range got.Aspects {
		if want[m.Aspect] != m.Sentiment {
			t.Errorf("%s: %s (%.2f), want %s", m.Aspect, m.Sentiment, m.Positive, want[m.Aspect])
		}
		if m.Text == "" {
			t.Errorf("%s: no example sentence", m.Aspect)
		}
	}
	if got.Language != "en" {
		t.Errorf("language %q", got.Language)
	}
}

func TestKeywordsAndTextRank(t *testing.T) {
	tok := &Tokenizer{}
	df := NewDocFreq()
	corpus := []string{"the zipper broke", "nice zipper on the jacket", "warm jacket", "the jacket is warm", "lovely scarf", "scarf is soft and warm"}
	for _, c := range corpus {
		df.Add(tok.Words(c))
	}
	item := [][]string{tok.Words("the zipper broke"), tok.Words("nice zipper on the jacket")}
	kw := Keywords(item, df, 2, 2)
	if len(kw) != 1 || kw[0].Word != "zipper" {
		t.Errorf("keywords %+v, want [zipper] (in both reviews)", kw)
	}
	tr := TextRank([][]string{tok.Words("battery life great battery charger battery life long"), tok.Words("charger broke")}, 3, 3)
	var words []string
	for _, k := range tr {
		words = append(words, k.Word)
	}
	if len(words) == 0 || words[0] != "battery" {
		t.Errorf("TextRank %v, want battery first", words)
	}
	sort.Strings(words)
	if strings.Contains(strings.Join(words, " "), "great") {
		t.Errorf("TextRank kept an opinion word: %v", words)
	}
}

// fakeReviews is an in-memory shopmind.ReviewService.
type fakeReviews struct{ rs []*shopmind.Review }

func (f *fakeReviews) Review(ctx context.Context, id string) (*shopmind.Review, error) {
	for _, r := range f.rs {
		if r.ID == id {
			return r, nil
		}
	}
	return nil, shopmind.Errorf(shopmind.ENOTFOUND, "review %q not found", id)
}

func (f *fakeReviews) Reviews(ctx context.Context, fl shopmind.ReviewFilter) ([]*shopmind.Review, string, error) {
	var out []*shopmind.Review
	sorted := append([]*shopmind.Review(nil), f.rs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	for _, r := range sorted {
		if r.ID > fl.After && (fl.ItemID == "" || r.ItemID == fl.ItemID) {
			out = append(out, r)
		}
	}
	return out, "", nil
}

func (f *fakeReviews) UpsertReviews(ctx context.Context, rs []*shopmind.Review) error {
	f.rs = append(f.rs, rs...)
	return nil
}

func (f *fakeReviews) DeleteReview(ctx context.Context, id string) error { return nil }

func TestInsights(t *testing.T) {
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	store := &fakeReviews{}
	add := func(id, item string, age time.Duration, rating int, text string) {
		store.rs = append(store.rs, &shopmind.Review{ID: id, ItemID: item, Rating: rating, Text: text, CreatedAt: now.Add(-age)})
	}
	// Item a: good before, bad recently (battery complaints). Item b: steady.
	for i := 0; i < 4; i++ {
		add("a-old-"+string(rune('0'+i)), "a", 45*day, 5, "Great phone, the battery lasts long.")
		add("a-new-"+string(rune('0'+i)), "a", 5*day, 1, "Terrible, the battery died. Returned it.")
		add("b-old-"+string(rune('0'+i)), "b", 45*day, 5, "Love the screen, great value.")
		add("b-new-"+string(rune('0'+i)), "b", 5*day, 5, "Love the screen.")
	}
	ins := NewInsights(store, nil, NewAnalyzer(&Tokenizer{}, nil, SeedAspects()))
	ins.Now = func() time.Time { return now }
	ctx := context.Background()
	n, err := ins.Sync(ctx)
	if err != nil || n != 16 {
		t.Fatalf("Sync analysed %d, %v; want 16", n, err)
	}
	if n, _ := ins.Sync(ctx); n != 0 {
		t.Errorf("second Sync analysed %d unchanged reviews", n)
	}
	falling, err := ins.FallingSentiment(ctx, shopmind.SentimentChangeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(falling) != 1 || falling[0].ItemID != "a" || falling[0].Change > -0.9 || falling[0].Negative != "battery" {
		t.Fatalf("falling %+v, want item a down about 100%% on battery", falling)
	}

	// A review arriving after the last Sync shows in the summary at once.
	add("b-newest", "b", day, 2, "The screen cracked, poor quality.")
	s, err := ins.ReviewSummary(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	if s.Reviews != 9 || s.Negative < 0.1 || len(s.Negatives) == 0 || s.Rating < 4 {
		t.Errorf("summary %+v, want 9 reviews, one negative with an example", s)
	}
	var screen *shopmind.AspectSummary
	for i := range s.Aspects {
		if s.Aspects[i].Aspect == "screen" {
			screen = &s.Aspects[i]
		}
	}
	if screen == nil || screen.Reviews != 9 || screen.Positive < 0.8 || screen.Positive > 0.95 {
		t.Errorf("screen aspect %+v, want 9 mentions, 8 positive", screen)
	}
	if len(s.Trend) != 2 {
		t.Errorf("trend %+v, want two months", s.Trend)
	}
	if _, err := ins.ReviewSummary(ctx, "nope"); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Errorf("unknown item: %v, want not found", err)
	}
	if _, err := ins.FallingSentiment(ctx, shopmind.SentimentChangeFilter{Limit: -1}); shopmind.ErrorCode(err) != shopmind.EINVALID {
		t.Errorf("negative limit: %v", err)
	}
}
