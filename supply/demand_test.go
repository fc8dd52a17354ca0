package supply

import (
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

var day0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday

func at(d int, hour int) time.Time { return day0.AddDate(0, 0, d).Add(time.Duration(hour) * time.Hour) }

func line(item string, q int) shopmind.OrderLine {
	return shopmind.OrderLine{ItemID: item, Quantity: q, UnitPrice: 1}
}

func fixtureItems() []*shopmind.Item {
	return []*shopmind.Item{
		{ID: "a", Title: "A", Category: []string{"Shoes", "Running"}, Stock: 5},
		{ID: "b", Title: "B", Category: []string{"Shoes", "Trail"}, Stock: -2},
		{ID: "c", Title: "C", Category: []string{"Books"}, Stock: 0, CreatedAt: at(10, 0)},
	}
}

func TestNewDemand(t *testing.T) {
	orders := []*shopmind.Order{
		{ID: "1", Status: shopmind.OrderDelivered, CreatedAt: at(0, 9), Lines: []shopmind.OrderLine{line("a", 2), line("b", 1)}},
		{ID: "2", Status: shopmind.OrderPaid, CreatedAt: at(0, 23), Lines: []shopmind.OrderLine{line("a", 1)}},
		{ID: "3", Status: shopmind.OrderCancelled, CreatedAt: at(3, 1), Lines: []shopmind.OrderLine{line("a", 50)}},
		{ID: "4", Status: shopmind.OrderShipped, CreatedAt: at(13, 5), Lines: []shopmind.OrderLine{line("c", 4), line("zzz", 9)}},
	}
	d := NewDemand(fixtureItems(), orders, nil, time.Time{})
	if !d.Start.Equal(day0) || d.Days != 14 || d.Source != "orders" {
		t.Fatalf("start %v days %d source %s", d.Start, d.Days, d.Source)
	}
	tests := []struct {
		name   string
		item   string
		bucket shopmind.DemandBucket
		first  time.Time
		values []float64
	}{
		{"a daily", "a", shopmind.BucketDay, day0, []float64{3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"c starts when created", "c", shopmind.BucketDay, at(10, 0), []float64{0, 0, 0, 4}},
		{"a weekly", "a", shopmind.BucketWeek, day0, []float64{3, 0}},
		{"c weekly has no full week", "c", shopmind.BucketWeek, time.Time{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, _ := d.Item(tt.item)
			dates, vals := d.Series(i, tt.bucket)
			if len(vals) != len(tt.values) {
				t.Fatalf("values %v, want %v", vals, tt.values)
			}
			for k := range vals {
				if vals[k] != tt.values[k] {
					t.Fatalf("values %v, want %v", vals, tt.values)
				}
			}
			if len(dates) > 0 && !dates[0].Equal(tt.first) {
				t.Errorf("first date %v, want %v", dates[0], tt.first)
			}
		})
	}
	_, shoes, err := d.CategorySeries("shoes", shopmind.BucketDay)
	if err != nil || shoes[0] != 4 {
		t.Errorf("shoes day 0 = %v (%v), want 4", shoes, err)
	}
	if _, _, err := d.CategorySeries("Garden", shopmind.BucketDay); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
		t.Errorf("unknown category: %v", err)
	}
}

func TestNewDemandFromEvents(t *testing.T) {
	events := []*shopmind.Event{
		{UserID: "u", ItemID: "a", Type: shopmind.EventPurchase, Value: 2, Time: at(0, 1)},
		{UserID: "u", ItemID: "a", Type: shopmind.EventPurchase, Time: at(1, 1)},
		{UserID: "u", ItemID: "a", Type: shopmind.EventView, Time: at(2, 1)},
	}
	d := NewDemand(fixtureItems(), nil, events, time.Time{})
	i, _ := d.Item("a")
	_, y := d.Series(i, shopmind.BucketDay)
	if d.Source != "purchase events" || len(y) != 2 || y[0] != 2 || y[1] != 1 {
		t.Fatalf("source %s, series %v", d.Source, y)
	}
}

// TestDemandSparseMatchesDense checks the sparse demand against a dense
// count of the same sales: orders out of time order, several sales of an
// item on one day, a sale of an unknown item, and days without sales.
func TestDemandSparseMatchesDense(t *testing.T) {
	items := fixtureItems()
	var orders []*shopmind.Order
	dense := map[string][]float64{"a": make([]float64, 30), "b": make([]float64, 30), "c": make([]float64, 30)}
	for n := 0; n < 60; n++ {
		d := (n * 17) % 30 // out of order
		q := 1 + n%4
		item := []string{"a", "b", "c", "zzz"}[n%4]
		orders = append(orders, &shopmind.Order{ID: string(rune('A' + n)), Status: shopmind.OrderPaid, CreatedAt: at(d, n%24),
			Lines: []shopmind.OrderLine{line(item, q)}})
		if s, ok := dense[item]; ok {
			s[d] += float64(q)
		}
	}
	d := NewDemand(items, orders, nil, at(30, 0))
	if d.Days != 30 || !d.Start.Equal(day0) {
		t.Fatalf("days %d start %v", d.Days, d.Start)
	}
	sales := 0
	for id, want := range dense {
		i, ok := d.Item(id)
		if !ok {
			t.Fatalf("item %s missing", id)
		}
		got := d.Daily(i)
		for k := range want {
			if got[k] != want[k] {
				t.Fatalf("item %s day %d: %g, want %g", id, k, got[k], want[k])
			}
			if want[k] != 0 {
				sales++
			}
		}
	}
	if d.Sales() != sales {
		t.Errorf("%d sparse sales, want %d (one per item and day)", d.Sales(), sales)
	}
	// The same series through NewDemandDaily.
	units := [][]float64{dense["a"], dense["b"], dense["c"]}
	dd := NewDemandDaily(day0, 30, items, units)
	for i := range items {
		got, want := dd.Daily(i), d.Daily(i)
		for k := range want {
			if got[k] != want[k] {
				t.Fatalf("NewDemandDaily item %d day %d: %g, want %g", i, k, got[k], want[k])
			}
		}
	}
	// Items are trimmed copies: no description, shared category paths.
	if d.Items[0].Description != "" || d.Items[0].Title != "A" || d.Items[1].Stock != -2 {
		t.Errorf("trimmed item: %+v", d.Items[0])
	}
}
