package recommend

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/shopmind/shopmind/demo"
)

// TestTrainTimesLarge fits every model on a generated shop of 100,000 items
// and about 1,000,000 events (demo.Generate, 10,000 shoppers over a year)
// and logs each fit's wall-clock time; a fit is stopped after
// SHOPMIND_FIT_TIMEOUT (default 10m). SHOPMIND_FULL=1 runs it.
func TestTrainTimesLarge(t *testing.T) {
	if os.Getenv("SHOPMIND_FULL") == "" {
		t.Skip("generates 1M events and trains every model: set SHOPMIND_FULL=1")
	}
	timeout := 10 * time.Minute
	if v, err := time.ParseDuration(os.Getenv("SHOPMIND_FIT_TIMEOUT")); err == nil {
		timeout = v
	}
	start := time.Now()
	shop, err := demo.Generate(demo.Options{Items: 100_000, Users: 10_000, Days: 365})
	if err != nil {
		t.Fatal(err)
	}
	d := NewDataset(FromEvents(shop.Events, DefaultWeights()), shop.Items)
	t.Logf("generated %d events, %d items, %d users, %d positive pairs in %s",
		len(shop.Events), d.NumItems(), d.NumUsers(), d.NNZ(), time.Since(start).Round(time.Millisecond))
	names := Names()
	if v := os.Getenv("SHOPMIND_MODELS"); v != "" {
		names = splitComma(v)
	}
	for _, name := range names {
		m, err := New(name)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		s := time.Now()
		err = m.Fit(ctx, d, nil)
		cancel()
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			t.Logf("%-10s stopped after %s", name, timeout)
		case err != nil:
			t.Logf("%-10s refused: %v", name, err)
		default:
			t.Logf("%-10s fit %s", name, time.Since(s).Round(time.Millisecond))
		}
	}
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}

// BenchmarkRankLarge compares the sparse ranking the service uses with the
// dense Score + TopN on the generated 100,000-item shop, for ItemKNN
// (SHOPMIND_FULL=1; the fit takes about 10 s).
func BenchmarkRankLarge(b *testing.B) {
	if os.Getenv("SHOPMIND_FULL") == "" {
		b.Skip("set SHOPMIND_FULL=1")
	}
	shop, err := demo.Generate(demo.Options{Items: 100_000, Users: 10_000, Days: 365})
	if err != nil {
		b.Fatal(err)
	}
	d := NewDataset(FromEvents(shop.Events, DefaultWeights()), shop.Items)
	m := NewItemKNN()
	if err := m.Fit(context.Background(), d, nil); err != nil {
		b.Fatal(err)
	}
	sm := newSparseModel(m)
	ok := func(int) bool { return true }
	b.Run("sparse", func(b *testing.B) {
		for n := 0; b.Loop(); n++ {
			sm.rank(d.History(n%d.NumUsers()), 10, ok)
		}
	})
	b.Run("dense", func(b *testing.B) {
		scores := make([]float32, d.NumItems())
		for n := 0; b.Loop(); n++ {
			u := n % d.NumUsers()
			m.Score(-1, d.History(u), scores)
			TopN(scores, 10, nil, ok)
		}
	})
}
