package demo

import (
	"reflect"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func smallShop(t *testing.T, seed uint64) *Shop {
	t.Helper()
	shop, err := Generate(Options{Seed: seed, Items: 200, Users: 300, Days: 120})
	if err != nil {
		t.Fatal(err)
	}
	return shop
}

func TestGenerateDeterministic(t *testing.T) {
	a, b := smallShop(t, 7), smallShop(t, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave two different shops")
	}
	c := smallShop(t, 8)
	if reflect.DeepEqual(a.Events, c.Events) {
		t.Fatal("different seeds gave the same events")
	}
}

func TestGenerateValid(t *testing.T) {
	shop := smallShop(t, 1)
	if len(shop.Items) != 200 || len(shop.Users) != 300 {
		t.Fatalf("got %d items, %d users", len(shop.Items), len(shop.Users))
	}
	ids := map[string]bool{}
	for _, it := range shop.Items {
		if err := it.Validate(); err != nil {
			t.Fatalf("item %s: %v", it.ID, err)
		}
		ids[it.ID] = true
	}
	counts := map[shopmind.EventType]int{}
	seen := map[string]bool{}
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, e := range shop.Events {
		if err := e.Validate(); err != nil {
			t.Fatalf("event %+v: %v", e, err)
		}
		if !ids[e.ItemID] || e.Time.After(end) {
			t.Fatalf("event %+v refers to an unknown item or the future", e)
		}
		if seen[e.ID] {
			t.Fatalf("event %+v is generated twice", e)
		}
		seen[e.ID] = true
		counts[e.Type]++
	}
	for _, o := range shop.Orders {
		if err := o.Validate(); err != nil {
			t.Fatalf("order %s: %v", o.ID, err)
		}
	}
	for _, r := range shop.Reviews {
		if err := r.Validate(); err != nil {
			t.Fatalf("review %s: %v", r.ID, err)
		}
	}
	// The funnel narrows: views > carts > purchases > returns, all present.
	if !(counts[shopmind.EventView] > counts[shopmind.EventCart] && counts[shopmind.EventCart] > counts[shopmind.EventPurchase] &&
		counts[shopmind.EventPurchase] > counts[shopmind.EventReturn] && counts[shopmind.EventReturn] > 0) {
		t.Fatalf("implausible funnel: %v", counts)
	}
	if len(shop.Reviews) == 0 || len(shop.Orders) == 0 {
		t.Fatalf("%d reviews, %d orders", len(shop.Reviews), len(shop.Orders))
	}
}

// Reviews agree with the shopper's experience: the hidden quality of items
// rated 5 is higher on average than that of items rated 1 or 2.
func TestReviewsFollowQuality(t *testing.T) {
	shop, err := Generate(Options{Seed: 3, Items: 300, Users: 1500, Days: 200})
	if err != nil {
		t.Fatal(err)
	}
	// Regenerate the hidden qualities with the same seed.
	w := map[string]float64{}
	_, infos := buildCatalog(newRNG(3), 300)
	for i, it := range shop.Items {
		w[it.ID] = infos[i].quality
	}
	var hi, lo, nhi, nlo float64
	for _, r := range shop.Reviews {
		switch {
		case r.Rating == 5:
			hi += w[r.ItemID]
			nhi++
		case r.Rating <= 2:
			lo += w[r.ItemID]
			nlo++
		}
	}
	if nhi < 20 || nlo < 5 {
		t.Fatalf("too few reviews: %v five-star, %v low", nhi, nlo)
	}
	if hi/nhi <= lo/nlo+0.05 {
		t.Fatalf("mean quality of 5-star items %.3f not above low-rated %.3f", hi/nhi, lo/nlo)
	}
}
