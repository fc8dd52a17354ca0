package main

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

// TestServeOrdersByDate: the owner lists a period's orders through
// GET /v1/orders?from=&to= on serve (days inclusive, UTC, or RFC 3339
// times), paged, combined with the status; bad dates are a 400 naming the
// parameter.
func TestServeOrdersByDate(t *testing.T) {
	env, stdout, _ := testEnv(t)
	shop := storeDemoShop(t, env, demo.Options{Items: 40, Users: 150, Days: 60})
	key := createKey(t, env, stdout, "owner", "read")
	base := startServe(t, env, stdout)

	list := func(query string) []string {
		t.Helper()
		var ids []string
		after := ""
		for {
			var page struct {
				Orders []*shopmind.Order
				Next   string
			}
			if code := getJSON(t, base+"v1/orders?limit=7&"+query+"&after="+url.QueryEscape(after), key, &page); code != 200 {
				t.Fatalf("GET /v1/orders?%s: %d", query, code)
			}
			for _, o := range page.Orders {
				ids = append(ids, o.ID)
			}
			if page.Next == "" {
				return ids
			}
			after = page.Next
		}
	}
	want := func(from, to time.Time, status shopmind.OrderStatus) []string {
		var ids []string
		for _, o := range shop.Orders {
			if !o.CreatedAt.Before(from) && o.CreatedAt.Before(to) && (status == "" || o.Status == status) {
				ids = append(ids, o.ID)
			}
		}
		slices.Sort(ids)
		return ids
	}
	oct1, oct15 := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"from=2026-10-01&to=2026-10-14", want(oct1, oct15, "")},
		{"from=2026-10-15", want(oct15, time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), "")},
		{"to=2026-09-30", want(time.Time{}, oct1, "")},
		{"from=2026-10-01T12:00:00Z&to=2026-10-02T00:00:00Z", want(oct1.Add(12*time.Hour), oct1.AddDate(0, 0, 1), "")},
		{"from=2026-10-01&to=2026-10-14&status=delivered", want(oct1, oct15, shopmind.OrderDelivered)},
	} {
		got := list(tt.query)
		if len(tt.want) == 0 || strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("?%s: %d orders %v, want %d %v", tt.query, len(got), got, len(tt.want), tt.want)
		}
	}
	for _, tt := range []struct{ query, field string }{
		{"from=yesterday", "from"},
		{"to=2026-13-01", "to"},
		{"from=2026-10-15&to=2026-10-01", "from"},
	} {
		var e struct{ Field string }
		code := getJSON(t, base+"v1/orders?"+tt.query, key, &e)
		if code != 400 || e.Field != tt.field {
			b, _ := json.Marshal(e)
			t.Errorf("?%s: %d %s, want 400 naming %s", tt.query, code, b, tt.field)
		}
	}
}
