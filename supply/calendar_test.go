package supply

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// promoDemand is a year of daily Poisson demand around 8 a day for item
// "a" (in Home/Bath) and "b" (in Toys), with a 7-day sale lifting a's
// demand 3.3 times ending 2 days before the end, and next year's sale
// planned in 10 days.
func promoDemand(seed uint64) (*Demand, []*shopmind.Promotion) {
	r := rand.New(rand.NewPCG(seed, 3))
	start := time.Date(2025, 12, 3, 0, 0, 0, 0, time.UTC)
	days := 365
	units := [][]float64{make([]float64, days), make([]float64, days)}
	for k := range days {
		for i := range units {
			lam := 8.0
			if i == 0 && k >= days-9 && k < days-2 {
				lam *= 3.3
			}
			units[i][k] = float64(poissonDraw(r, lam))
		}
	}
	items := []*shopmind.Item{
		{ID: "a", Title: "A", Category: []string{"Home", "Bath"}, Stock: 106, Active: true},
		{ID: "b", Title: "B", Category: []string{"Toys"}, Stock: 106, Active: true},
	}
	end := start.AddDate(0, 0, days)
	cal := []*shopmind.Promotion{
		{ID: "home-sale", Kind: shopmind.KindPromotion, Start: end.AddDate(0, 0, -9), End: end.AddDate(0, 0, -3), Categories: []string{"home"}},
		{ID: "home-sale-2", Kind: shopmind.KindPromotion, Start: end.AddDate(0, 0, 10), End: end.AddDate(0, 0, 12), Categories: []string{"Home/Bath"}},
	}
	return NewDemandDaily(start, days, items, units), cal
}

func poissonDraw(r *rand.Rand, lam float64) int {
	l, k, p := math.Exp(-lam), 0, 1.0
	for {
		p *= r.Float64()
		if p < l {
			return k
		}
		k++
	}
}

// TestAdvisePromotionCalendar: the sale week does not lift the advice
// for the item it covered, with the calendar or (by the spike rule)
// without; the planned sale lifts the forecast of its days only when the
// calendar knows it; the item outside the sale is not touched.
func TestAdvisePromotionCalendar(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		d, cal := promoDemand(seed)
		for _, withCal := range []bool{true, false} {
			d.Promotions = nil
			if withCal {
				d.Promotions = cal
			}
			a, err := Advise(d, 0, Options{}, false)
			if err != nil {
				t.Fatal(err)
			}
			if a.DailyDemand < 6.5 || a.DailyDemand > 9.5 {
				t.Errorf("seed %d calendar %v: daily demand %.2f, want 6.5-9.5 (normal 8)", seed, withCal, a.DailyDemand)
			}
			if a.ReorderPoint < 50 || a.ReorderPoint > 85 {
				t.Errorf("seed %d calendar %v: reorder point %.1f, want 50-85", seed, withCal, a.ReorderPoint)
			}
			if a.Reorder || a.OrderQuantity != 0 {
				t.Errorf("seed %d calendar %v: 106 in stock, yet reorder %v of %g", seed, withCal, a.Reorder, a.OrderQuantity)
			}
			b, err := Advise(d, 1, Options{}, false)
			if err != nil {
				t.Fatal(err)
			}
			if b.DailyDemand < 6.5 || b.DailyDemand > 9.5 {
				t.Errorf("seed %d calendar %v: item outside the sale %.2f a day", seed, withCal, b.DailyDemand)
			}
		}

		// The planned sale: days 10-12 ahead carry the sale's effect.
		d.Promotions = cal
		past := d.itemLabels(0, d.Start, d.Days)
		future := d.itemLabels(0, d.End(), 28)
		if future[9] != "" || future[10] != "promotion" || future[12] != "promotion" || future[13] != "" || past[d.Days-5] != "promotion" {
			t.Fatalf("labels: future %q, past end %q", future[8:14], past[d.Days-10:])
		}
		fc, err := PredictEvents(d.Daily(0), past, future, shopmind.BucketDay, 28, 0.95, false)
		if err != nil {
			t.Fatal(err)
		}
		if r := fc.Mean[11] / fc.Mean[8]; r < 2.3 || r > 4.5 {
			t.Errorf("seed %d: planned sale day %.1f against %.1f a normal day, want 2.3-4.5x", seed, fc.Mean[11], fc.Mean[8])
		}
	}
}
