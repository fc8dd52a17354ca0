package privacy_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/privacy"
	"github.com/shopmind/shopmind/recommend/serve"
	"github.com/shopmind/shopmind/store/sqlite"
)

// BenchmarkEraseUser erases one shopper per iteration from a SQLite file
// holding a demo shop (2,000 items, 5,000 shoppers, 120 days) with a served
// hybrid model: the store transaction, the model's forgetting (served copy,
// stored version replaced) and the compaction (checkpoint, VACUUM).
func BenchmarkEraseUser(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "shop.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	shop, err := demo.Generate(demo.Options{Items: 2000, Users: 5000, Days: 120})
	if err != nil {
		b.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		b.Fatal(err)
	}
	rec := serve.NewService(db, serve.ServiceConfig{Model: "hybrid", Holdout: -1})
	m, err := rec.Train(ctx, "hybrid", nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := rec.Swap(ctx, m); err != nil {
		b.Fatal(err)
	}
	n, _ := db.Counts(ctx)
	b.Logf("shop: %+v, model %d bytes", n, len(m.Data))
	p := &privacy.Service{Store: db, Forgetters: []shopmind.Forgetter{rec}}
	next := 0 // b.Run runs its function more than once: each erases new shoppers
	b.Run("all", func(b *testing.B) {
		for range b.N {
			next++
			if _, err := p.EraseUser(ctx, shop.Users[next].ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The parts, on other shoppers.
	var store, forget, compact time.Duration
	b.Run("parts", func(b *testing.B) {
		store, forget, compact = 0, 0, 0
		for range b.N {
			next++
			id := shop.Users[next].ID
			t0 := time.Now()
			if _, err := db.EraseUser(ctx, id, shopmind.EraseOptions{Pseudonym: "anon-b" + id}); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if _, err := rec.Forget(ctx, id); err != nil {
				b.Fatal(err)
			}
			t2 := time.Now()
			if err := db.Compact(ctx); err != nil {
				b.Fatal(err)
			}
			store, forget, compact = store+t1.Sub(t0), forget+t2.Sub(t1), compact+time.Since(t2)
		}
		b.ReportMetric(float64(store.Milliseconds())/float64(b.N), "store-ms/op")
		b.ReportMetric(float64(forget.Milliseconds())/float64(b.N), "forget-ms/op")
		b.ReportMetric(float64(compact.Milliseconds())/float64(b.N), "compact-ms/op")
	})
}
