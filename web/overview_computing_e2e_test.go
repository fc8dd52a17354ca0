package web_test

import (
	"context"
	"sync"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/overview"
)

// heldStore holds every read of orders until released, so that an
// overview's computation cannot finish before the test lets it.
type heldStore struct {
	shopmind.OverviewStore
	once    sync.Once
	release chan struct{}
}

func (s *heldStore) Orders(ctx context.Context, f shopmind.OrderFilter) ([]*shopmind.Order, string, error) {
	select {
	case <-s.release:
	case <-ctx.Done():
		return nil, "", ctx.Err()
	}
	return s.OverviewStore.Orders(ctx, f)
}

// TestOverviewPageWhileComputing opens the overview before its period is
// computed: instead of a spinner for as long as the computation takes (a
// minute on the demo shop at load 20), the page says that the overview is
// being computed with a progress bar, shows the shop's data meanwhile, and
// shows the figures once the server has them, without a reload.
func TestOverviewPageWhileComputing(t *testing.T) {
	ctx := context.Background()
	db := openStore(t)
	shop, err := demo.Generate(demo.Options{Items: 30, Users: 100, Days: 40})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	held := &heldStore{OverviewStore: db, release: make(chan struct{})}
	defer held.once.Do(func() { close(held.release) })
	svc := &overview.Service{Store: held, Context: ctx}
	c := serveConsole(t, db, shopmind.RoleRead, "e2e owner", func(srv *httpapi.Server) { srv.HandleOverview(svc) })
	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e owner")

	b.waitText("#overview-computing", "The overview of", "is being computed (0% done)", "as soon as they are ready")
	if n := b.count("#overview-computing progress"); n != 1 {
		t.Errorf("%d progress bars while the overview is computed, want 1", n)
	}
	b.waitText("#counts", "Items", "Orders")
	if n := b.count("#kpis"); n != 0 {
		t.Errorf("tiles shown before the overview is computed")
	}

	held.once.Do(func() { close(held.release) })
	b.waitText("#kpis", "Revenue", "Orders", "Visits that bought")
	if n := b.count("#overview-computing"); n != 0 {
		t.Errorf("the progress is still shown with the figures")
	}
}
