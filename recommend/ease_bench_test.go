package recommend

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"testing"
)

// latestSmallShape returns a seeded stand-in with the shape of
// MovieLens-latest-small (610 users, 9,724 items, about 100,000 positive
// pairs, every user with at least 20, a long-tailed item popularity), which
// is not in the shared data folder. users > 610 gives a shape where the
// item-side Cholesky route is the cheaper one.
func latestSmallShape(users, items, pairs int, seed uint64) *Dataset {
	r := rand.New(rand.NewPCG(seed, 1))
	cum := make([]float64, items) // Zipf-like item popularity
	var s float64
	for i := range cum {
		s += 1 / math.Pow(float64(i)+5, 1.1)
		cum[i] = s
	}
	act := make([]float64, users) // Pareto user activity above 20
	var tot float64
	for u := range act {
		act[u] = 1 / math.Pow(1-r.Float64(), 1/1.3)
		tot += act[u]
	}
	var inter []Interaction
	seen := make([]map[int]bool, users)
	for u := range seen {
		seen[u] = map[int]bool{}
	}
	add := func(u, i int) {
		if !seen[u][i] {
			seen[u][i] = true
			inter = append(inter, Interaction{User: fmt.Sprint("u", u), Item: fmt.Sprint("i", i), Value: 1})
		}
	}
	for i := 0; i < items; i++ { // every item rated at least once, as in MovieLens
		add(r.IntN(users), i)
	}
	for u := range act {
		k := min(2700, 20+int(act[u]/tot*float64(pairs-20*users)))
		for len(seen[u]) < k {
			add(u, sort.SearchFloat64s(cum, r.Float64()*s))
		}
	}
	return NewDataset(inter, nil)
}

// BenchmarkEASEFit fits EASE on the MovieLens-latest-small shape: one fit
// (the user-side route: 610 users < 9,724 items), and the three lambdas of
// the tuning grid sharing one Gram matrix. With SHOPMIND_FULL=1 it also fits
// a shape with 12,000 users over the same 9,724 items, where the item-side
// Cholesky route runs (minutes on 2 cores).
func BenchmarkEASEFit(b *testing.B) {
	small := latestSmallShape(610, 9724, 100_836, 1)
	b.Logf("shape: %d users, %d items, %d pairs", small.NumUsers(), small.NumItems(), small.NNZ())
	b.Run("latest-small/one", func(b *testing.B) {
		for b.Loop() {
			if err := NewEASE().Fit(context.Background(), small, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("latest-small/grid", func(b *testing.B) {
		grid, _ := Grid("ease")
		for b.Loop() {
			cache := &gramCache{}
			for _, c := range grid {
				m := c.New()
				shareGram(m, cache)
				if err := m.Fit(context.Background(), small, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	if os.Getenv("SHOPMIND_FULL") != "1" {
		return
	}
	many := latestSmallShape(12_000, 9724, 600_000, 2)
	b.Logf("item-side shape: %d users, %d items, %d pairs", many.NumUsers(), many.NumItems(), many.NNZ())
	b.Run("many-users/one", func(b *testing.B) {
		for b.Loop() {
			if err := NewEASE().Fit(context.Background(), many, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
