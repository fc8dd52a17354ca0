package insights

import (
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind/demo"
)

var (
	demoOnce sync.Once
	demoShop *demo.Shop
	demoErr  error
)

// demoHistory returns the history of a small deterministic demo shop,
// generated once per test binary.
func demoHistory(tb testing.TB) *History {
	tb.Helper()
	demoOnce.Do(func() {
		demoShop, demoErr = demo.Generate(demo.Options{Seed: 7, Items: 300, Users: 1500, Days: 365,
			End: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	})
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	return NewHistory(demoShop.Items, demoShop.Orders, demoShop.Events, time.Time{})
}

func timeMinutes(m int) time.Duration { return time.Duration(m) * time.Minute }
