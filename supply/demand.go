package supply

import (
	"time"

	"github.com/shopmind/shopmind"
)

const day = 24 * time.Hour

// Demand is daily unit demand per item over [Start, Start+Days).
//
// It is kept compact because serve holds it between refreshes: Items are
// trimmed copies (ID, Title, Category, Price, Stock, Active, CreatedAt; no
// description, attributes or images) and the sales are stored sparsely, one
// (day, units) pair per item and day with a sale, in pointer-free arrays.
// Daily materialises one item's dense series on demand.
type Demand struct {
	Start time.Time // UTC midnight of the first day
	Days  int
	Items []*shopmind.Item
	// Source is "orders" or "purchase events".
	Source string
	// Promotions is the shop's calendar: their days are events to the
	// forecasts (see Predict).
	Promotions []*shopmind.Promotion

	// Item i's sales are day[off[i]:off[i+1]] (ascending days, 0-based from
	// Start) and units[off[i]:off[i+1]].
	off   []int32
	day   []int32
	units []float32
	idx   map[string]int
}

// counted reports whether an order in status s is demand.
func counted(s shopmind.OrderStatus) bool {
	return s != shopmind.OrderCancelled && s != shopmind.OrderRefunded && s != shopmind.OrderReturned
}

// NewDemand builds daily demand from orders, or from purchase events when
// there are no orders, up to end (exclusive; zero means the day after the
// last sale). Lines of unknown items are ignored.
func NewDemand(items []*shopmind.Item, orders []*shopmind.Order, events []*shopmind.Event, end time.Time) *Demand {
	b := newDemandBuilder()
	b.addItems(items)
	b.addOrders(orders)
	source := "orders"
	if len(orders) == 0 {
		source = "purchase events"
		b.addEvents(events)
	}
	return b.build(end, source)
}

// NewDemandDaily builds a Demand from dense daily series: units[i][k] is
// what items[i] sold on day k after start (a UTC midnight). Every series
// must be days long.
func NewDemandDaily(start time.Time, days int, items []*shopmind.Item, units [][]float64) *Demand {
	if len(units) != len(items) {
		panic("supply: NewDemandDaily: units and items differ in length")
	}
	d := &Demand{Start: start, Days: days, Items: items, Source: "orders", off: make([]int32, len(items)+1), idx: make(map[string]int, len(items))}
	for i, it := range items {
		d.idx[it.ID] = i
		if len(units[i]) != days {
			panic("supply: NewDemandDaily: a series is not days long")
		}
		for k, v := range units[i] {
			if v != 0 {
				d.day = append(d.day, int32(k))
				d.units = append(d.units, float32(v))
			}
		}
		d.off[i+1] = int32(len(d.day))
	}
	return d
}

// End returns the first day after the data.
func (d *Demand) End() time.Time { return d.Start.Add(time.Duration(d.Days) * day) }

// Item returns the index of an item id.
func (d *Demand) Item(id string) (int, bool) { i, ok := d.idx[id]; return i, ok }

// Daily returns what item i sold on each day of the data (a new slice of
// Days values).
func (d *Demand) Daily(i int) []float64 {
	out := make([]float64, d.Days)
	d.addDaily(i, out)
	return out
}

// addDaily adds item i's daily units into out (Days long).
func (d *Demand) addDaily(i int, out []float64) {
	if len(d.off) == 0 {
		return
	}
	for j := d.off[i]; j < d.off[i+1]; j++ {
		out[d.day[j]] += float64(d.units[j])
	}
}

// Sales returns the number of (item, day) pairs with a sale: the size of
// the sparse demand.
func (d *Demand) Sales() int { return len(d.day) }

// firstDay is the first day of item i's series: its creation day, or the
// first day of data, whichever is later.
func (d *Demand) firstDay(i int) int {
	c := d.Items[i].CreatedAt
	if c.IsZero() || !c.After(d.Start) {
		return 0
	}
	return min(d.Days, int(c.UTC().Truncate(day).Sub(d.Start)/day))
}

// Series returns item i's demand in buckets: the first day of each bucket
// and the units sold. Weekly buckets start on Monday; partial weeks at
// either end are dropped.
func (d *Demand) Series(i int, b shopmind.DemandBucket) ([]time.Time, []float64) {
	from := d.firstDay(i)
	return d.bucket(d.Daily(i)[from:], d.Start.Add(time.Duration(from)*day), b)
}

// CategorySeries sums the demand of the items whose category path starts
// with the "/"-separated prefix. It returns ENOTFOUND when no item does.
func (d *Demand) CategorySeries(prefix string, b shopmind.DemandBucket) ([]time.Time, []float64, error) {
	sum := make([]float64, d.Days)
	n := 0
	for i, it := range d.Items {
		if !inCategory(it, prefix) {
			continue
		}
		n++
		d.addDaily(i, sum)
	}
	if n == 0 {
		return nil, nil, shopmind.Errorf(shopmind.ENOTFOUND, "no items in category %q", prefix)
	}
	dates, vals := d.bucket(sum, d.Start, b)
	return dates, vals, nil
}

func (d *Demand) bucket(daily []float64, start time.Time, b shopmind.DemandBucket) ([]time.Time, []float64) {
	if b != shopmind.BucketWeek {
		dates := make([]time.Time, len(daily))
		for k := range dates {
			dates[k] = start.Add(time.Duration(k) * day)
		}
		return dates, daily
	}
	skip := (8 - int(start.Weekday())) % 7 // days to the first Monday
	var dates []time.Time
	var vals []float64
	for k := skip; k+7 <= len(daily); k += 7 {
		var s float64
		for _, v := range daily[k : k+7] {
			s += v
		}
		dates = append(dates, start.Add(time.Duration(k)*day))
		vals = append(vals, s)
	}
	return dates, vals
}

// inCategory reports whether an item's category path starts with the typed
// prefix ("Shoes/Sneakers" or "shoes › sneakers"; see shopmind.InCategory).
func inCategory(it *shopmind.Item, prefix string) bool {
	return shopmind.InCategory(it.Category, prefix)
}
