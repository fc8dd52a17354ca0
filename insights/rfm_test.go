package insights

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

var day0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func at(days int) time.Time { return day0.AddDate(0, 0, days) }

// fixture is a tiny shop: three items in two categories and hand-made
// orders.
func fixture(orders []*shopmind.Order, events []*shopmind.Event, end time.Time) *History {
	items := []*shopmind.Item{
		{ID: "a", Price: 10, Category: []string{"Shoes", "Running"}},
		{ID: "b", Price: 30, Category: []string{"Shoes", "Running"}},
		{ID: "c", Price: 5, Category: []string{"Books"}},
	}
	return NewHistory(items, orders, events, end)
}

func order(id, user string, day int, total float64, status shopmind.OrderStatus, items ...string) *shopmind.Order {
	o := &shopmind.Order{ID: id, UserID: user, Status: status, Total: total, CreatedAt: at(day)}
	for _, it := range items {
		o.Lines = append(o.Lines, shopmind.OrderLine{ItemID: it, Quantity: 1, UnitPrice: total / float64(len(items))})
	}
	return o
}

func TestComputeRFM(t *testing.T) {
	var orders []*shopmind.Order
	// u0..u9: user k ordered k+1 times, last on day 10*k, spending 10 each.
	for k := 0; k < 10; k++ {
		for j := 0; j <= k; j++ {
			orders = append(orders, order("o"+string(rune('a'+k))+string(rune('a'+j)), "u"+string(rune('0'+k)), 10*k-j, 10, shopmind.OrderDelivered, "a"))
		}
	}
	orders = append(orders, order("x", "u0", 95, 500, shopmind.OrderCancelled, "b")) // not counted
	h := fixture(orders, nil, at(100))
	cs, idx := ComputeRFM(h, at(100))
	if len(cs) != 10 {
		t.Fatalf("got %d customers, want 10", len(cs))
	}
	by := map[string]*shopmind.CustomerInsight{}
	for _, c := range cs {
		by[c.UserID] = c
	}
	tests := []struct {
		user          string
		rec, mon      float64
		freq, r, f, m int
		segment       string
	}{
		{"u9", 10, 100, 10, 5, 5, 5, SegmentChampions},
		{"u0", 100, 10, 1, 1, 1, 1, SegmentLost},
		{"u5", 50, 60, 6, 3, 3, 3, SegmentNeedAttention},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			c := by[tt.user]
			if c.Recency != tt.rec || c.Monetary != tt.mon || c.Frequency != tt.freq {
				t.Errorf("RFM = %v/%d/%v, want %v/%d/%v", c.Recency, c.Frequency, c.Monetary, tt.rec, tt.freq, tt.mon)
			}
			if c.R != tt.r || c.F != tt.f || c.M != tt.m || c.Segment != tt.segment {
				t.Errorf("scores %d%d%d %s, want %d%d%d %s", c.R, c.F, c.M, c.Segment, tt.r, tt.f, tt.m, tt.segment)
			}
		})
	}
	if u, _ := h.UserIndex("u3"); cs[idx[u]].UserID != "u3" {
		t.Errorf("idx does not map u3 to its insight")
	}
	sum := Summarize(cs)
	if len(sum) != len(Segments) {
		t.Fatalf("%d summaries, want %d", len(sum), len(Segments))
	}
	var n int
	var share float64
	for _, s := range sum {
		n += s.Customers
		share += s.Share
	}
	if n != 10 || math.Abs(share-1) > 1e-9 {
		t.Errorf("summaries cover %d customers with share %g, want 10 and 1", n, share)
	}
}

func TestSegmentOf(t *testing.T) {
	tests := []struct {
		r, f, m, orders int
		want            string
	}{
		{5, 5, 5, 12, SegmentChampions},
		{1, 5, 5, 12, SegmentCantLose},
		{2, 3, 2, 4, SegmentAtRisk},
		{3, 4, 2, 6, SegmentLoyal},
		{5, 1, 1, 1, SegmentNew},
		{4, 2, 3, 2, SegmentPotentialLoyalists},
		{3, 2, 2, 2, SegmentNeedAttention},
		{2, 1, 5, 1, SegmentHibernating},
		{1, 2, 1, 2, SegmentLost},
	}
	for _, tt := range tests {
		if got := SegmentOf(tt.r, tt.f, tt.m, tt.orders); got != tt.want {
			t.Errorf("SegmentOf(%d,%d,%d,%d) = %s, want %s", tt.r, tt.f, tt.m, tt.orders, got, tt.want)
		}
	}
}

func TestClusterDemo(t *testing.T) {
	h := demoHistory(t)
	cs, idx := ComputeRFM(h, h.End)
	sum, err := Cluster(context.Background(), h, h.End, cs, idx, ClusterOptions{K: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum) != 4 {
		t.Fatalf("%d clusters, want 4", len(sum))
	}
	var n int
	for i, s := range sum {
		n += s.Customers
		if i > 0 && s.Spend > sum[i-1].Spend {
			t.Errorf("clusters not ordered by spend: %v", sum)
		}
		if s.Label == "" || s.PriceLevel <= 0 {
			t.Errorf("cluster %d: empty label or price level: %+v", i, s)
		}
	}
	if n != len(cs) {
		t.Errorf("clusters hold %d customers, want %d", n, len(cs))
	}
	if sum[0].Spend < 2*sum[len(sum)-1].Spend {
		t.Errorf("top cluster spend %.0f not well above the bottom's %.0f", sum[0].Spend, sum[len(sum)-1].Spend)
	}
}
