package insights

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// synthShop builds a history of users customers and items items over a
// year: each customer has a lognormal order rate and may lapse at a random
// day; orders hold 1 to 3 lines. About 5 orders per customer.
func synthShop(users, items int) *History {
	rng := rand.New(rand.NewPCG(42, 42))
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	start := end.AddDate(-1, 0, 0)
	cats := []string{"Clothing", "Shoes", "Electronics", "Home", "Sports", "Books", "Toys", "Garden"}
	its := make([]*shopmind.Item, items)
	for i := range its {
		its[i] = &shopmind.Item{ID: fmt.Sprintf("P%06d", i), Price: math.Round(5+rng.ExpFloat64()*40) - 0.01,
			Category: []string{cats[i%len(cats)], fmt.Sprintf("Sub%d", i%37)}}
	}
	var orders []*shopmind.Order
	for u := 0; u < users; u++ {
		rate := math.Exp(rng.NormFloat64()*0.8) * 5 / 365 // orders per day
		lapse := 365.0
		if rng.Float64() < 0.4 {
			lapse = rng.Float64() * 365
		}
		fav := rng.IntN(len(cats))
		for t := rng.ExpFloat64() / rate; t < lapse; t += rng.ExpFloat64() / rate {
			o := &shopmind.Order{ID: fmt.Sprintf("O%d-%d", u, len(orders)), UserID: fmt.Sprintf("U%06d", u), Status: shopmind.OrderDelivered,
				CreatedAt: start.Add(time.Duration(t * 24 * float64(time.Hour)))}
			for l := 0; l < 1+rng.IntN(3); l++ {
				i := rng.IntN(items)
				if rng.Float64() < 0.6 {
					i = (i/len(cats))*len(cats) + fav
					i = min(i, items-1)
				}
				o.Lines = append(o.Lines, shopmind.OrderLine{ItemID: its[i].ID, Quantity: 1, UnitPrice: its[i].Price})
				o.Total += its[i].Price
			}
			orders = append(orders, o)
		}
	}
	return NewHistory(its, orders, nil, end)
}

// BenchmarkSegmentation100k times RFM scores, segments and k-means
// clusters of 100,000 customers over 10,000 items.
func BenchmarkSegmentation100k(b *testing.B) {
	h := synthShop(100_000, 10_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cs, idx := ComputeRFM(h, h.End)
		if _, err := Cluster(context.Background(), h, h.End, cs, idx, ClusterOptions{}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(cs)), "customers")
	}
	b.ReportMetric(float64(len(h.Orders)), "orders")
}

// BenchmarkChurn100k times training the churn and propensity models (two
// fits each, with AUC on the time split) and scoring 100,000 customers.
func BenchmarkChurn100k(b *testing.B) {
	h := synthShop(100_000, 10_000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, metrics, err := TrainChurn(context.Background(), h, ChurnOptions{})
		if err != nil {
			b.Fatal(err)
		}
		cs, idx := ComputeRFM(h, h.End)
		m.Score(h, h.End, cs, idx)
		b.ReportMetric(metrics["churn_auc"], "churn_auc")
		b.ReportMetric(metrics["propensity_auc"], "propensity_auc")
	}
}

// BenchmarkTargets100k times ranking 100,000 customers for one category.
func BenchmarkTargets100k(b *testing.B) {
	h := synthShop(100_000, 10_000)
	cs, idx := ComputeRFM(h, h.End)
	w := func(i int32) float64 {
		if h.Items[i].Category[0] == "Shoes" {
			return 1
		}
		return 0
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		RankTargets(h, cs, idx, TargetOptions{AsOf: h.End, Limit: 1000, Weight: w})
	}
}
