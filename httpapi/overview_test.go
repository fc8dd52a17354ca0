package httpapi_test

import (
	"context"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/mock"
	"github.com/shopmind/shopmind/overview"
	"github.com/shopmind/shopmind/store/sqlite"
)

// seedOverviewShop stores a small shop whose overview of November 2026 is
// known by hand: see TestOverviewRoute.
func seedOverviewShop(t *testing.T, db shopmind.Store) {
	t.Helper()
	ctx := context.Background()
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, time.UTC) }
	items := []*shopmind.Item{
		{ID: "shoe", Title: "Trail shoe", Price: 80, Currency: "EUR", Active: true},
		{ID: "sock", Title: "Wool sock", Price: 10, Currency: "EUR", Active: true},
	}
	if err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	users := []*shopmind.User{{ID: "u1"}, {ID: "u2"}, {ID: "u3"}}
	if err := db.UpsertUsers(ctx, users); err != nil {
		t.Fatal(err)
	}
	order := func(id, user string, st shopmind.OrderStatus, cur string, total float64, at time.Time) *shopmind.Order {
		return &shopmind.Order{ID: id, UserID: user, Status: st, Currency: cur, Total: total, CreatedAt: at, UpdatedAt: at,
			Lines: []shopmind.OrderLine{{ItemID: "shoe", Quantity: 1, UnitPrice: total}}}
	}
	orders := []*shopmind.Order{
		order("o1", "u1", shopmind.OrderPaid, "EUR", 80, day(10, 9)),
		order("o2", "u2", shopmind.OrderDelivered, "EUR", 100, day(10, 15)),
		order("o3", "u3", shopmind.OrderShipped, "EUR", 20, day(20, 9)),
		order("o4", "u1", shopmind.OrderCancelled, "EUR", 500, day(20, 10)),             // not counted
		order("o5", "u2", shopmind.OrderPaid, "USD", 70, day(21, 10)),                   // another currency
		order("o6", "u3", shopmind.OrderPaid, "EUR", 40, day(25, 10).AddDate(0, -1, 0)), // October: the period before
		order("o7", "u3", shopmind.OrderPaid, "EUR", 999, day(1, 0).AddDate(0, 1, 0)),   // December: after
	}
	if err := db.UpsertOrders(ctx, orders); err != nil {
		t.Fatal(err)
	}
	ev := func(user, item string, typ shopmind.EventType, at time.Time, session, rec string) *shopmind.Event {
		e := &shopmind.Event{UserID: user, ItemID: item, Type: typ, Time: at, SessionID: session, RecommendationID: rec, Value: 1}
		if err := e.Validate(); err != nil {
			t.Fatal(err)
		}
		return e
	}
	events := []*shopmind.Event{
		// s1: viewed from a recommendation, bought 2 hours later: converted, attributed (80).
		ev("u1", "shoe", shopmind.EventClick, day(10, 7), "s1", "rec-1"),
		ev("u1", "shoe", shopmind.EventView, day(10, 7), "s1", ""),
		ev("u1", "shoe", shopmind.EventPurchase, day(10, 9), "s1", ""),
		// s2: viewed, bought socks carrying the recommendation id: attributed (10).
		ev("u2", "sock", shopmind.EventView, day(10, 14), "s2", ""),
		ev("u2", "sock", shopmind.EventPurchase, day(10, 15), "s2", "rec-2"),
		// s3: viewed only.
		ev("u3", "sock", shopmind.EventView, day(12, 9), "s3", ""),
		// no session: u3's visit of the 20th, viewed and bought a shoe, not attributed.
		ev("u3", "shoe", shopmind.EventView, day(20, 8), "", ""),
		ev("u3", "shoe", shopmind.EventPurchase, day(20, 9), "", ""),
		// u2 clicked a recommended shoe two days before buying it: too late to attribute.
		ev("u2", "shoe", shopmind.EventClick, day(22, 8), "s4", "rec-3"),
		ev("u2", "shoe", shopmind.EventView, day(22, 8), "s4", ""),
		ev("u2", "shoe", shopmind.EventPurchase, day(24, 9), "s5", ""),
		// October: one visit, not converted.
		ev("u1", "sock", shopmind.EventView, day(25, 9).AddDate(0, -1, 0), "s0", ""),
	}
	if _, err := db.AddEvents(ctx, events); err != nil {
		t.Fatal(err)
	}
	at := day(29, 12)
	conv := &shopmind.Conversation{ID: "c-waiting", UserID: "u2", Status: shopmind.ConversationHandoff, HandoffReason: "complaint", HandoffAt: &at}
	if err := db.SaveConversation(ctx, conv); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveConversation(ctx, &shopmind.Conversation{ID: "c-open", Status: shopmind.ConversationOpen}); err != nil {
		t.Fatal(err)
	}
}

// TestOverviewRoute checks GET /v1/reports/overview on both stores against
// a shop whose numbers are worked out by hand: revenue counts paid and
// shipped orders of the main currency only, conversion counts visits
// (sessions, or a user's day) with a view and a purchase, recommended
// revenue the purchases that carry a recommendation id or follow a
// recommended click within a day. Bad periods are 400 naming the field.
func TestOverviewRoute(t *testing.T) {
	run := func(t *testing.T, db shopmind.Store, closeDB func()) {
		seedOverviewShop(t, db)
		supply := &mock.Supply{StockAdviceFn: func(_ context.Context, f shopmind.StockFilter) (*shopmind.StockReport, error) {
			if f.AtRisk == nil || !*f.AtRisk {
				t.Errorf("stock advice asked without at_risk")
			}
			return &shopmind.StockReport{Total: 7, Advice: []*shopmind.StockAdvice{{ItemID: "shoe", Title: "Trail shoe", Stock: 2, DaysOfCover: 1.5, StockoutRisk: 0.9, OrderQuantity: 30}}}, nil
		}}
		svc := &overview.Service{Store: db, Supply: supply, Now: func() time.Time { return time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC) }}
		ls := serveLiveWith(t, db, closeDB, func(s *httpapi.Server) { s.HandleOverview(svc) })

		var ov shopmind.Overview
		ls.call(t, "GET", "/v1/reports/overview?from=2026-11-01&to=2026-11-30", ls.adminKey, nil, http.StatusOK, &ov)
		if !ov.From.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) || !ov.To.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("period %s to %s, want November", ov.From, ov.To)
		}
		near := func(what string, got, want float64) {
			if math.Abs(got-want) > 1e-9 {
				t.Errorf("%s = %v, want %v", what, got, want)
			}
		}
		if ov.Currency != "EUR" || ov.Orders != 4 || ov.OtherCurrencyOrders != 1 {
			t.Errorf("currency %q, orders %d (other currency %d), want EUR, 4 (1)", ov.Currency, ov.Orders, ov.OtherCurrencyOrders)
		}
		near("revenue", ov.Revenue, 200)
		near("average order", ov.AverageOrder, 200.0/3)
		// Visits with a view: s1, s2, s3, u3's 20th, s4 = 5; converted: s1, s2, u3's 20th.
		if ov.Visits != 5 || ov.Converted != 3 {
			t.Errorf("visits %d, converted %d, want 5, 3", ov.Visits, ov.Converted)
		}
		near("conversion", ov.Conversion, 0.6)
		// Purchases: shoe 80 (attributed), sock 10 (attributed), shoe 80, shoe 80.
		if ov.RecommendedPurchases != 2 {
			t.Errorf("recommended purchases %d, want 2", ov.RecommendedPurchases)
		}
		near("recommended revenue", ov.RecommendedRevenue, 90)
		near("recommended share", ov.RecommendedShare, 90.0/250)
		if ov.Previous.Orders != 1 || ov.Previous.Visits != 1 || ov.Previous.Converted != 0 {
			t.Errorf("previous period: %+v, want 1 order, 1 visit, none converted", ov.Previous)
		}
		near("previous revenue", ov.Previous.Revenue, 40)
		if len(ov.Days) != 30 || ov.Days[9].Day != "2026-11-10" || ov.Days[9].Orders != 2 || ov.Days[9].Revenue != 180 || ov.Days[19].Revenue != 20 {
			t.Errorf("days: %d, 10th %+v, 20th %+v", len(ov.Days), ov.Days[min(9, len(ov.Days)-1)], ov.Days[min(19, len(ov.Days)-1)])
		}
		kinds := map[string]shopmind.AttentionSection{}
		for _, s := range ov.Attention {
			kinds[s.Kind] = s
		}
		if s := kinds[shopmind.AttentionWaiting]; s.Status != "ok" || s.Total != 1 || len(s.Items) != 1 || s.Items[0].ConversationID != "c-waiting" || s.Items[0].UserID != "u2" {
			t.Errorf("waiting conversations: %+v", s)
		}
		if s := kinds[shopmind.AttentionStockOut]; s.Status != "ok" || s.Total != 7 || len(s.Items) != 1 || s.Items[0].Title != "Trail shoe" {
			t.Errorf("stock-outs: %+v", s)
		}
		for _, k := range []string{shopmind.AttentionFallingSentiment, shopmind.AttentionCustomersAtRisk, shopmind.AttentionImageMismatch} {
			if s := kinds[k]; s.Status != "unavailable" || s.Message == "" {
				t.Errorf("%s without its service: %+v, want unavailable with a reason", k, s)
			}
		}

		// The default period: the 30 days to the end of today.
		ls.call(t, "GET", "/v1/reports/overview", ls.adminKey, nil, http.StatusOK, &ov)
		if !ov.To.Equal(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)) || ov.To.Sub(ov.From) != 30*24*time.Hour {
			t.Errorf("default period %s to %s", ov.From, ov.To)
		}
		for _, bad := range []struct{ query, field string }{
			{"from=2026-11-30&to=2026-11-01", "from"},
			{"from=yesterday", "from"},
			{"to=2026-13-01", "to"},
			{"from=2024-01-01&to=2026-11-01", "from"},
			{"attention=0", "attention"},
		} {
			var e httpapi.ErrorResponse
			ls.call(t, "GET", "/v1/reports/overview?"+bad.query, ls.adminKey, nil, http.StatusBadRequest, &e)
			if e.Field != bad.field {
				t.Errorf("%s: field %q, want %q (%s)", bad.query, e.Field, bad.field, e.Message)
			}
		}
		ls.call(t, "GET", "/v1/reports/overview", "", nil, http.StatusUnauthorized, nil)
		var doc struct {
			Paths map[string]map[string]struct {
				Parameters []struct{ Name string } `json:"parameters"`
			} `json:"paths"`
		}
		ls.call(t, "GET", "/openapi.json", ls.adminKey, nil, http.StatusOK, &doc)
		op, ok := doc.Paths["/v1/reports/overview"]["get"]
		if !ok || len(op.Parameters) != 3 {
			t.Errorf("GET /v1/reports/overview in the OpenAPI document: %v, parameters %+v", ok, op.Parameters)
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		db, err := sqlite.Open(context.Background(), ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		run(t, db, func() { db.Close() })
	})
	t.Run("postgres", func(t *testing.T) {
		db, closeDB := openPostgres(t)
		run(t, db, closeDB)
	})
}
