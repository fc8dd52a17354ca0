package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/mock"
	"github.com/shopmind/shopmind/overview"
	"github.com/shopmind/shopmind/store/sqlite"
)

// readCounter wraps the overview's store and counts the pages of orders
// and events read, apart for reads made on a request's context (an API key
// is in it: the route computing while the owner waits) and reads made in
// the background. While hold is set, background reads wait for it to be
// cleared, so that a computation cannot finish.
type readCounter struct {
	shopmind.OverviewStore
	onRequest, inBackground atomic.Int64

	mu   sync.Mutex
	hold chan struct{} // closed to let background reads go on; nil: no hold
}

func (c *readCounter) read(ctx context.Context) error {
	if httpapi.KeyFromContext(ctx) != nil {
		c.onRequest.Add(1)
		return nil
	}
	c.inBackground.Add(1)
	c.mu.Lock()
	hold := c.hold
	c.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (c *readCounter) setHold(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if on && c.hold == nil {
		c.hold = make(chan struct{})
	}
	if !on && c.hold != nil {
		close(c.hold)
		c.hold = nil
	}
}

func (c *readCounter) Orders(ctx context.Context, f shopmind.OrderFilter) ([]*shopmind.Order, string, error) {
	if err := c.read(ctx); err != nil {
		return nil, "", err
	}
	return c.OverviewStore.Orders(ctx, f)
}

func (c *readCounter) Events(ctx context.Context, f shopmind.EventFilter) ([]*shopmind.Event, string, error) {
	if err := c.read(ctx); err != nil {
		return nil, "", err
	}
	return c.OverviewStore.Events(ctx, f)
}

// getOverview asks for the overview and returns the status with the
// decoded overview (200) or error (other statuses).
func getOverview(t *testing.T, ls *liveServer, query string) (int, *shopmind.Overview, httpapi.ErrorResponse, http.Header) {
	t.Helper()
	req, err := http.NewRequest("GET", ls.url+"/v1/reports/overview"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+ls.adminKey)
	resp, err := ls.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var ov shopmind.Overview
	var e httpapi.ErrorResponse
	if resp.StatusCode == http.StatusOK {
		err = json.Unmarshal(data, &ov)
	} else {
		err = json.Unmarshal(data, &e)
	}
	if err != nil {
		t.Fatalf("GET overview%s: %d %v in %s", query, resp.StatusCode, err, data)
	}
	return resp.StatusCode, &ov, e, resp.Header
}

// TestOverviewRouteServesComputed checks that GET /v1/reports/overview
// never computes while the owner waits (on the demo shop that took 14 s at
// load 20, and a minute for the first view): the route reads no order and
// no event on the request, on both stores. Before the period is computed
// it answers 503 "being computed" with how far the computation has come
// and Retry-After, and starts it in the background; once computed, it
// answers the computed figures, also when they are past MaxAge or had a
// section still computing: those are computed again in the background,
// and the next answers have them.
func TestOverviewRouteServesComputed(t *testing.T) {
	run := func(t *testing.T, db shopmind.Store, closeDB func()) {
		seedOverviewShop(t, db)
		var clock sync.Mutex
		now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
		tell := func() time.Time { clock.Lock(); defer clock.Unlock(); return now }
		var supplyReady atomic.Bool
		supply := &mock.Supply{StockAdviceFn: func(context.Context, shopmind.StockFilter) (*shopmind.StockReport, error) {
			if !supplyReady.Load() {
				return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "demand is being computed; try again shortly")
			}
			return &shopmind.StockReport{Total: 1, Advice: []*shopmind.StockAdvice{{ItemID: "shoe", Title: "Trail shoe", Stock: 2, DaysOfCover: 1.5, StockoutRisk: 0.9}}}, nil
		}}
		store := &readCounter{OverviewStore: db}
		svc := &overview.Service{Store: store, Supply: supply, Now: tell}
		ls := serveLiveWith(t, db, closeDB, func(s *httpapi.Server) { s.HandleOverview(svc) })
		const november = "?from=2026-11-01&to=2026-11-30"

		t.Log("not computed yet: 503 with the progress, computed in the background")
		store.setHold(true)
		code, _, e, h := getOverview(t, ls, november)
		if code != http.StatusServiceUnavailable || e.Code != shopmind.EUNAVAILABLE || !strings.Contains(e.Message, "being computed") ||
			!strings.Contains(e.Message, "% done") || h.Get("Retry-After") == "" {
			t.Fatalf("before the overview is computed: %d %+v (Retry-After %q), want 503 unavailable 'being computed (N%% done)' with Retry-After",
				code, e, h.Get("Retry-After"))
		}
		store.setHold(false)
		var ov *shopmind.Overview
		for i := 0; i < 2000; i++ {
			if code, ov, e, _ = getOverview(t, ls, november); code == http.StatusOK {
				break
			}
			if code != http.StatusServiceUnavailable {
				t.Fatalf("while computing: %d %+v", code, e)
			}
			time.Sleep(5 * time.Millisecond)
		}
		if code != http.StatusOK || ov.Orders != 4 || ov.Visits != 5 || ov.Revenue != 200 {
			t.Fatalf("once computed: %d, %d orders, %d visits, revenue %v; want 200, 4, 5, 200", code, ov.Orders, ov.Visits, ov.Revenue)
		}
		computedAt := ov.ComputedAt
		if s := ov.Attention[0]; s.Kind != shopmind.AttentionStockOut || s.Status != "unavailable" {
			t.Fatalf("stock-outs while demand is computed: %+v", s)
		}

		t.Log("computed: answered from what was computed, past MaxAge and with a section that was not ready")
		supplyReady.Store(true)
		clock.Lock()
		now = now.Add(time.Hour)
		clock.Unlock()
		store.setHold(true) // the computation again in the background cannot finish
		for i := 0; i < 5; i++ {
			code, ov, e, _ = getOverview(t, ls, november)
			if code != http.StatusOK || !ov.ComputedAt.Equal(computedAt) || ov.Orders != 4 {
				t.Fatalf("request %d after the overview was computed: %d %+v, computed at %s, %d orders; want the computed one (%s, 4 orders)",
					i, code, e, ov.ComputedAt, ov.Orders, computedAt)
			}
		}
		// A smaller attention list is cut from the computed one.
		if code, ov, e, _ = getOverview(t, ls, november+"&attention=1"); code != http.StatusOK || !ov.ComputedAt.Equal(computedAt) {
			t.Fatalf("attention=1: %d %+v, computed at %s", code, e, ov.ComputedAt)
		}
		store.setHold(false)
		for i := 0; i < 2000 && ov.ComputedAt.Equal(computedAt); i++ {
			time.Sleep(5 * time.Millisecond)
			if code, ov, e, _ = getOverview(t, ls, november); code != http.StatusOK {
				t.Fatalf("while computing again: %d %+v", code, e)
			}
		}
		if !ov.ComputedAt.After(computedAt) || ov.Attention[0].Status != "ok" || ov.Attention[0].Total != 1 {
			t.Errorf("computed again in the background: computed at %s (before %s), stock-outs %+v", ov.ComputedAt, computedAt, ov.Attention[0])
		}
		if n := store.onRequest.Load(); n != 0 {
			t.Errorf("the route read %d pages of orders and events on requests, want 0 (%d in the background)", n, store.inBackground.Load())
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
