package supply

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// demandBuilder accumulates sales into pointer-free arrays (12 bytes a
// sale) so that orders and events can be read page by page and dropped.
type demandBuilder struct {
	items []*shopmind.Item
	idx   map[string]int
	cats  map[string][]string // interned category paths

	item []int32
	at   []int64 // Unix seconds
	qty  []float32
	// latest (Unix seconds) leaves out sales dated after it, whose clock or
	// year is wrong; 0 keeps all.
	latest int64
}

func newDemandBuilder() *demandBuilder {
	return &demandBuilder{idx: map[string]int{}, cats: map[string][]string{}}
}

// addItems appends trimmed copies of items: only the fields demand and
// stock advice read, with category paths shared between items.
func (b *demandBuilder) addItems(items []*shopmind.Item) {
	for _, it := range items {
		key := strings.Join(it.Category, "/")
		cat, ok := b.cats[key]
		if !ok {
			cat = slices.Clip(slices.Clone(it.Category))
			b.cats[key] = cat
		}
		b.idx[it.ID] = len(b.items)
		b.items = append(b.items, &shopmind.Item{ID: it.ID, Title: it.Title, Category: cat, Price: it.Price,
			Currency: it.Currency, Stock: it.Stock, Active: it.Active, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt})
	}
}

func (b *demandBuilder) add(item int, at time.Time, q float64) {
	if b.latest != 0 && at.Unix() > b.latest {
		return
	}
	b.item = append(b.item, int32(item))
	b.at = append(b.at, at.Unix())
	b.qty = append(b.qty, float32(q))
}

// addOrders adds the lines of counted orders; lines of unknown items are
// ignored.
func (b *demandBuilder) addOrders(orders []*shopmind.Order) {
	for _, o := range orders {
		if !counted(o.Status) {
			continue
		}
		for _, l := range o.Lines {
			if i, ok := b.idx[l.ItemID]; ok {
				b.add(i, o.CreatedAt, float64(l.Quantity))
			}
		}
	}
}

// addEvents adds purchase events (Value units, at least 1).
func (b *demandBuilder) addEvents(events []*shopmind.Event) {
	for _, e := range events {
		if e.Type != shopmind.EventPurchase {
			continue
		}
		if i, ok := b.idx[e.ItemID]; ok {
			q := e.Value
			if q <= 0 {
				q = 1
			}
			b.add(i, e.Time, q)
		}
	}
}

// build sorts the sales into one sparse daily series per item, up to end
// (exclusive; zero means the day after the last sale).
func (b *demandBuilder) build(end time.Time, source string) *Demand {
	d := &Demand{Items: b.items, idx: b.idx, Source: source, off: make([]int32, len(b.items)+1)}
	if len(b.at) == 0 {
		if !end.IsZero() {
			d.Start = end.UTC().Truncate(day)
		}
		return d
	}
	first, last := slices.Min(b.at), slices.Max(b.at)
	d.Start = time.Unix(first, 0).UTC().Truncate(day)
	if end.IsZero() {
		end = time.Unix(last, 0).UTC().Truncate(day).Add(day)
	}
	d.Days = max(0, int(end.Sub(d.Start)/day))
	start := d.Start.Unix()
	// Counting sort by item, then days ascending within each item.
	for j, i := range b.item {
		if k := (b.at[j] - start) / 86400; k >= 0 && k < int64(d.Days) {
			d.off[i+1]++
		}
	}
	for i := range b.items {
		d.off[i+1] += d.off[i]
	}
	n := d.off[len(b.items)]
	days, units := make([]int32, n), make([]float32, n)
	pos := slices.Clone(d.off[:len(b.items)])
	for j, i := range b.item {
		k := (b.at[j] - start) / 86400
		if k < 0 || k >= int64(d.Days) {
			continue
		}
		days[pos[i]], units[pos[i]] = int32(k), b.qty[j]
		pos[i]++
	}
	// Merge each item's sales of one day.
	w := int32(0)
	for i := range b.items {
		from, to := d.off[i], d.off[i+1]
		d.off[i] = w
		seg := sortedSales{days[from:to], units[from:to]}
		seg.sort()
		for j := from; j < to; j++ {
			if w > d.off[i] && days[w-1] == days[j] {
				units[w-1] += units[j]
				continue
			}
			days[w], units[w] = days[j], units[j]
			w++
		}
	}
	d.off[len(b.items)] = w
	d.day, d.units = slices.Clip(days[:w]), slices.Clip(units[:w])
	b.item, b.at, b.qty = nil, nil, nil
	return d
}

// sortedSales sorts one item's (day, units) pairs by day.
type sortedSales struct {
	day   []int32
	units []float32
}

func (s sortedSales) Len() int           { return len(s.day) }
func (s sortedSales) Less(a, b int) bool { return s.day[a] < s.day[b] }
func (s sortedSales) Swap(a, b int) {
	s.day[a], s.day[b] = s.day[b], s.day[a]
	s.units[a], s.units[b] = s.units[b], s.units[a]
}

func (s sortedSales) sort() { sort.Sort(s) }
