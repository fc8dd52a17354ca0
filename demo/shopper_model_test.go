package demo

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

func TestShopperModelSameShop(t *testing.T) {
	opts := Options{Seed: 7, Items: 200, Users: 150, Days: 30}
	shop, err := Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewShopperModel(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(m.Shop, shop) {
		t.Fatalf("NewShopperModel's shop differs from Generate's: %d/%d events, %d/%d orders",
			len(m.Shop.Events), len(shop.Events), len(m.Shop.Orders), len(shop.Orders))
	}
}

func TestShopperModelReacts(t *testing.T) {
	m, err := NewShopperModel(Options{Seed: 3, Items: 300, Users: 400, Days: 60})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	day := time.Date(2026, 11, 2, 18, 0, 0, 0, time.UTC)

	// A slate the shopper bought from in the history (their own tastes)
	// must draw more clicks than a slate of random items.
	bought := map[string][]string{}
	for _, e := range m.Shop.Events {
		if e.Type == "purchase" {
			bought[e.UserID] = append(bought[e.UserID], e.ItemID)
		}
	}
	var own, random, buys int
	for u, items := range bought {
		if len(items) > 10 {
			items = items[:10]
		}
		for range 5 {
			r := m.React(rng, u, items, day)
			own += len(r.Clicked)
			buys += len(r.Bought)
			slate := make([]string, len(items))
			for k := range slate {
				slate[k] = m.active[rng.IntN(len(m.active))]
			}
			random += len(m.React(rng, u, slate, day).Clicked)
		}
	}
	if own <= random*3/2 || buys == 0 {
		t.Errorf("clicks on tasteful slates %d, on random ones %d (want 1.5× more); purchases %d", own, random, buys)
	}
	if r := m.React(rng, "nobody", m.active[:5], day); len(r.Clicked) != 0 {
		t.Errorf("an unknown user clicked %v", r.Clicked)
	}
	visits := 0
	for _, u := range m.Shop.Users {
		if m.Visits(rng, u.ID, day) {
			visits++
		}
	}
	if visits == 0 || visits == len(m.Shop.Users) {
		t.Errorf("%d of %d shoppers visit on one day", visits, len(m.Shop.Users))
	}
}
