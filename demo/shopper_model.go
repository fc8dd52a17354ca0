package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/shopmind/shopmind"
)

// ShopperModelName names the shopper model simulations run against, so
// their reports say what produced the numbers.
const ShopperModelName = "shopmind demo shopper model v1 (docs/demo.md, docs/experiments.md)"

// ShopperModel is the demo shop together with its hidden shopper tastes,
// for simulations: it tells when a shopper visits and how they react to a
// slate of recommended items, following the same tastes that generated the
// shop's history (see docs/demo.md and docs/experiments.md).
type ShopperModel struct {
	// Shop is the generated shop, identical to Generate with the same
	// Options: what recommenders are trained on.
	Shop *Shop

	world  *world
	tastes []taste
	index  map[string]int // user id -> index into tastes
	items  map[string]int // item id -> index into world.items
	active []string       // ids of active items
	nDept  int
}

// NewShopperModel generates the shop opts describes and keeps the shoppers'
// hidden tastes.
func NewShopperModel(opts Options) (*ShopperModel, error) {
	opts.setDefaults()
	if opts.Items < 10 || opts.Users < 1 || opts.Days < 1 {
		return nil, shopmind.Errorf(shopmind.EINVALID, "demo: need at least 10 items, 1 user and 1 day")
	}
	// The same steps, in the same order, as Generate: the random stream and
	// so the shop are identical.
	rng := newRNG(opts.Seed)
	end := opts.End.UTC().Truncate(24 * time.Hour)
	start := end.Add(-time.Duration(opts.Days) * 24 * time.Hour)
	items, infos := buildCatalog(rng, opts.Items)
	created := start.Add(-30 * 24 * time.Hour)
	for _, it := range items {
		it.CreatedAt, it.UpdatedAt = created, created
	}
	images, issues, err := addImages(opts.Seed, items, infos, created)
	if err != nil {
		return nil, err
	}
	users, pers, tastes := buildShoppers(rng, opts.Users, start, end)
	w := newWorld(rng, opts.Seed, items, infos, start, end)
	w.simulate(users, tastes)
	for _, u := range users {
		u.UpdatedAt = u.CreatedAt
	}
	m := &ShopperModel{
		Shop: &Shop{Items: items, Users: users, Personal: pers, Events: w.events, Orders: w.orders, Reviews: w.reviews,
			Images: images, ImageIssues: issues, Promotions: w.calendar()},
		world:  w,
		tastes: tastes,
		index:  make(map[string]int, len(users)),
		items:  make(map[string]int, len(items)),
		nDept:  len(departments()),
	}
	for i, u := range users {
		m.index[u.ID] = i
	}
	for i, it := range items {
		m.items[it.ID] = i
		if it.Active {
			m.active = append(m.active, it.ID)
		}
	}
	return m, nil
}

// ActiveItems returns the ids of the items on sale.
func (m *ShopperModel) ActiveItems() []string { return m.active }

// Visits reports whether the shopper starts a session on day (a UTC day):
// with probability rate / 7 × seasonality, as in the shop's history. Unknown
// users never visit.
func (m *ShopperModel) Visits(rng *rand.Rand, userID string, day time.Time) bool {
	i, ok := m.index[userID]
	if !ok {
		return false
	}
	return rng.Float64() < math.Min(0.9, m.tastes[i].rate/7*seasonality(day))
}

// Purchase is an item a simulated shopper bought.
type Purchase struct {
	ItemID    string
	Quantity  int
	UnitPrice float64
}

// Reaction is what a simulated shopper did with a slate of recommendations.
type Reaction struct {
	Clicked []string   // items clicked, in slate order
	Bought  []Purchase // items bought after clicking
}

// ClickThreshold is the relevance at which a shopper who looks at a
// recommended item clicks it with probability 1/2.
const ClickThreshold = 3.5

// NeedNow is the chance that a shopper who likes a recommended item enough
// to cart it needs it now: recommendations interrupt shoppers who came for
// something else, unlike the organic sessions of the history.
const NeedNow = 0.35

// Examination is the probability that a shopper looks at slate position k
// (0-based): Examination^k, a cascade of attention down the list.
const Examination = 0.85

// React returns what shopper userID does, at time t, with the slate of item
// ids, best first. The shopper looks at position k with probability
// Examination^k; for an item looked at, its relevance is the history's
// utility (appeal, brand loyalty, price fit to budget, at the day's
// discount) plus log(department preference × number of departments) plus
// Normal(0, 0.5) noise. The shopper clicks with probability
// sigmoid(relevance − ClickThreshold); after a click, carts with
// probability sigmoid(relevance − 2 + 3 × discount) as in an organic
// session and buys a carted item with probability (0.5 + discount) ×
// NeedNow (two units one time in ten). Unknown users and items do nothing.
func (m *ShopperModel) React(rng *rand.Rand, userID string, slate []string, t time.Time) Reaction {
	var r Reaction
	ui, ok := m.index[userID]
	if !ok {
		return r
	}
	s := &m.tastes[ui]
	attention := 1.0
	for _, id := range slate {
		look := rng.Float64() < attention
		attention *= Examination
		i, ok := m.items[id]
		if !look || !ok || !m.world.items[i].Active {
			continue
		}
		info := m.world.infos[i]
		disc := m.world.discount(i, t)
		price := info.price * (1 - disc)
		rel := utility(s, info, price) + math.Log(math.Max(s.dept[info.dept]*float64(m.nDept), 1e-3)) + rng.NormFloat64()*0.5
		if rng.Float64() >= sigmoid(rel-ClickThreshold) {
			continue
		}
		r.Clicked = append(r.Clicked, id)
		if rng.Float64() < sigmoid(rel-2+3*disc) && rng.Float64() < (0.5+disc)*NeedNow {
			q := 1
			if rng.Float64() < 0.1 {
				q = 2
			}
			r.Bought = append(r.Bought, Purchase{ItemID: id, Quantity: q, UnitPrice: math.Round(price*100) / 100})
		}
	}
	return r
}
