package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/shopmind/shopmind"
)

// promotion is a discount on one department for a few days.
type promotion struct {
	dept       int
	start, end time.Time
	discount   float64 // fraction off, e.g. 0.2
}

// world is the simulation's state.
type world struct {
	rng      *rand.Rand
	items    []*shopmind.Item
	infos    []itemInfo
	byDept   [][]int     // item indexes per department (active items only)
	cumByDep [][]float64 // cumulative appeal per department, for sampling
	promos   []promotion
	shelf    *shelf // the product pages' carousels
	start    time.Time
	end      time.Time

	events  []*shopmind.Event
	orders  []*shopmind.Order
	reviews []*shopmind.Review
}

func newWorld(rng *rand.Rand, seed uint64, items []*shopmind.Item, infos []itemInfo, start, end time.Time) *world {
	w := &world{rng: rng, items: items, infos: infos, start: start, end: end}
	w.shelf = newShelf(seed, w)
	nd := len(departments())
	w.byDept = make([][]int, nd)
	w.cumByDep = make([][]float64, nd)
	for i, it := range items {
		if !it.Active {
			continue
		}
		d := infos[i].dept
		var prev float64
		if n := len(w.cumByDep[d]); n > 0 {
			prev = w.cumByDep[d][n-1]
		}
		w.byDept[d] = append(w.byDept[d], i)
		w.cumByDep[d] = append(w.cumByDep[d], prev+infos[i].appeal)
	}
	// A five-day promotion on one department roughly every six weeks, and a
	// shop-wide Black Friday week.
	for t := start.Add(10 * 24 * time.Hour); t.Before(end); t = t.Add(time.Duration(35+rng.IntN(15)) * 24 * time.Hour) {
		w.promos = append(w.promos, promotion{dept: rng.IntN(nd), start: t, end: t.Add(5 * 24 * time.Hour), discount: 0.15 + 0.05*float64(rng.IntN(3))})
	}
	return w
}

// seasonality multiplies the session rate on day t: a weekly cycle with busy
// weekends, a yearly cycle peaking before Christmas, and Black Friday week.
func seasonality(t time.Time) float64 {
	weekly := [7]float64{1.2, 0.9, 0.85, 0.9, 0.95, 1.05, 1.25} // Sunday first
	yd := float64(t.YearDay())
	yearly := 1 + 0.25*math.Cos(2*math.Pi*(yd-350)/365)
	f := weekly[t.Weekday()] * yearly
	if t.Month() == time.November && t.Day() >= 24 && t.Day() <= 30 {
		f *= 1.8
	}
	return f
}

func blackFriday(t time.Time) bool {
	return t.Month() == time.November && t.Day() >= 24 && t.Day() <= 30
}

// discount returns the fraction off item i on day t.
func (w *world) discount(i int, t time.Time) float64 {
	if blackFriday(t) {
		return 0.2
	}
	for _, p := range w.promos {
		if p.dept == w.infos[i].dept && !t.Before(p.start) && t.Before(p.end) {
			return p.discount
		}
	}
	return 0
}

// utility is how much shopper s likes item i at price p: general appeal,
// brand loyalty and fit to the shopper's budget.
func utility(s *taste, info itemInfo, price float64) float64 {
	u := math.Log(info.appeal)
	if s.brands[info.brand] {
		u += 2 * s.loyalty
	}
	u -= 1.2 * math.Abs(math.Log(price/s.budget))
	return u
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// simulate plays every shopper's sessions from the later of the start and the
// day they joined until the end.
func (w *world) simulate(users []*shopmind.User, tastes []taste) {
	days := int(w.end.Sub(w.start).Hours() / 24)
	for ui := range users {
		s := &tastes[ui]
		nsess := 0
		for d := 0; d < days; d++ {
			day := w.start.Add(time.Duration(d) * 24 * time.Hour)
			if day.Before(s.joined) {
				continue
			}
			if w.rng.Float64() < math.Min(0.9, s.rate/7*seasonality(day)) {
				nsess++
				w.session(users[ui].ID, s, day, nsess)
			}
		}
	}
}

func (w *world) session(userID string, s *taste, day time.Time, n int) {
	rng := w.rng
	// Evening-heavy hour of day.
	hour := int(clamp(rng.NormFloat64()*4+19, 6, 23.9))
	t := day.Add(time.Duration(hour)*time.Hour + time.Duration(rng.IntN(3600))*time.Second)
	sid := fmt.Sprintf("%s-S%d", userID, n)

	weights := append([]float64(nil), s.dept...)
	for _, p := range w.promos {
		if !day.Before(p.start) && day.Before(p.end) {
			weights[p.dept] *= 2.5 // promotions pull shoppers to their department
		}
	}
	d := sample(rng, weights)
	if len(w.byDept[d]) == 0 {
		return
	}
	var bought []int
	prev := -1                // the product page the shopper is on
	recOf := map[int]string{} // item -> the recommendation id the tracker remembers for it in this session
	views := 1 + poisson(rng, 3)
	for v := 0; v < views; v++ {
		// A tournament of three: the shopper looks at the one it likes best.
		best, bestU := -1, math.Inf(-1)
		for k := 0; k < 3; k++ {
			i := w.byDept[d][searchCum(w.cumByDep[d], rng.Float64()*w.cumByDep[d][len(w.cumByDep[d])-1])]
			price := w.infos[i].price * (1 - w.discount(i, t))
			if u := utility(s, w.infos[i], price) + rng.NormFloat64()*0.5; u > bestU {
				best, bestU = i, u
			}
		}
		t = t.Add(time.Duration(20+rng.IntN(160)) * time.Second)
		if rec, ok := w.shelf.follow(prev, best); ok {
			w.event(userID, best, shopmind.EventClick, 0, t.Add(-2*time.Second), sid, rec)
			recOf[best] = rec
		}
		prev = best
		w.event(userID, best, shopmind.EventView, 0, t, sid, recOf[best])
		if bestU > 1 && rng.Float64() < 0.08 {
			w.event(userID, best, shopmind.EventLike, 0, t.Add(5*time.Second), sid, recOf[best])
		}
		disc := w.discount(best, t)
		if rng.Float64() < sigmoid(bestU-2+3*disc) {
			t = t.Add(time.Duration(10+rng.IntN(60)) * time.Second)
			w.event(userID, best, shopmind.EventCart, 1, t, sid, recOf[best])
			if rng.Float64() < 0.5+disc && !slices.Contains(bought, best) {
				bought = append(bought, best)
			}
		}
	}
	if len(bought) > 0 {
		w.checkout(userID, s, bought, t.Add(time.Duration(60+rng.IntN(300))*time.Second), sid, recOf)
	}
}

// checkout places the order of the bought items; their purchase events
// carry the recommendation id recOf remembers for them, as the tracker's do.
func (w *world) checkout(userID string, s *taste, bought []int, t time.Time, sid string, recOf map[int]string) {
	if t.After(w.end) {
		return
	}
	rng := w.rng
	o := &shopmind.Order{ID: fmt.Sprintf("O%06d", len(w.orders)+1), UserID: userID, Currency: "USD", CreatedAt: t}
	for _, i := range bought {
		price := math.Round(w.infos[i].price*(1-w.discount(i, t))*100) / 100
		q := 1
		if rng.Float64() < 0.1 {
			q = 2
		}
		o.Lines = append(o.Lines, shopmind.OrderLine{ItemID: w.items[i].ID, Quantity: q, UnitPrice: price})
		o.Total += price * float64(q)
		w.event(userID, i, shopmind.EventPurchase, float64(q), t, sid, recOf[i])
	}
	o.Total = math.Round(o.Total*100) / 100
	step := func(st shopmind.OrderStatus, at time.Time) bool {
		if at.After(w.end) {
			return false
		}
		o.Status = st
		o.History = append(o.History, shopmind.StatusChange{Status: st, At: at})
		o.UpdatedAt = at
		return true
	}
	step(shopmind.OrderPaid, t)
	if rng.Float64() < 0.03 {
		step(shopmind.OrderCancelled, t.Add(3*time.Hour))
		w.orders = append(w.orders, o)
		return
	}
	shipped := t.Add(time.Duration(12+rng.IntN(36)) * time.Hour)
	delivered := shipped.Add(time.Duration(24+rng.IntN(96)) * time.Hour)
	if step(shopmind.OrderShipped, shipped) && step(shopmind.OrderDelivered, delivered) {
		returned := false
		for _, i := range bought {
			info := w.infos[i]
			misfit := math.Abs(math.Log(info.price / s.budget))
			if rng.Float64() < 0.25*(1-info.quality)+0.05*misfit {
				returned = true
				w.event(userID, i, shopmind.EventReturn, 1, delivered.Add(time.Duration(2+rng.IntN(10))*24*time.Hour), "", "")
			} else if rng.Float64() < s.reviewer {
				w.review(userID, s, i, delivered.Add(time.Duration(1+rng.IntN(14))*24*time.Hour))
			}
		}
		if returned {
			rt := delivered.Add(12 * 24 * time.Hour)
			if step(shopmind.OrderReturned, rt) {
				step(shopmind.OrderRefunded, rt.Add(48*time.Hour))
			}
		}
	}
	w.orders = append(w.orders, o)
}

// event records an event; rec is the recommendation id it carries, if any.
func (w *world) event(userID string, i int, typ shopmind.EventType, value float64, t time.Time, sid, rec string) {
	if t.After(w.end) {
		return
	}
	w.events = append(w.events, &shopmind.Event{UserID: userID, ItemID: w.items[i].ID, Type: typ, Value: value, Time: t.UTC(),
		SessionID: sid, RecommendationID: rec})
}

func poisson(rng *rand.Rand, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= rng.Float64()
		if p < l {
			return k
		}
		k++
	}
}

// searchCum returns the first index whose cumulative weight exceeds x.
func searchCum(cum []float64, x float64) int {
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
