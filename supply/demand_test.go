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
