package serve

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind/recommend"
)

// TestVariants checks the models experiment variants name: the served
// family is the served service; another family is started once, waits for
// startup, is trained exclusively (outside the process, where the service
// can) when nothing is stored, then served.
func TestVariants(t *testing.T) {
	db, _ := mustShopStore(t)
	cfg := ServiceConfig{Model: "popularity", RetrainEvery: time.Hour, PollEvery: time.Hour, Holdout: -1}
	def := NewService(db, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var mu sync.Mutex
	defer func() { cancel(); wg.Wait() }()
	outside := map[string]int{} // trainings outside the process, by model
	v := NewVariants(ctx, db, def, func(name string) *Service {
		c := cfg
		c.Model = name
		svc := NewService(db, c)
		svc.TrainOutside = func(ctx context.Context, model string) error {
			mu.Lock()
			outside[model]++
			mu.Unlock()
			_, err := NewService(db, c).Train(ctx, model, nil) // as the child process would
			return err
		}
		return svc
	})
	started := make(chan struct{})
	v.AfterStartup = func(ctx context.Context) error {
		select {
		case <-started:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	v.Go = func(f func()) { wg.Add(1); go func() { defer wg.Done(); f() }() }
	var keys []string
	v.Exclusive = func(ctx context.Context, key string, fn func(context.Context) error) error {
		mu.Lock()
		keys = append(keys, key)
		mu.Unlock()
		return fn(ctx)
	}

	if len(v.Others()) != len(recommend.Names())-1 || len(v.Recommenders()) != len(recommend.Names()) {
		t.Fatalf("%d other services, %d recommenders for %d families", len(v.Others()), len(v.Recommenders()), len(recommend.Names()))
	}
	if ok, why := v.Prepare("magic"); ok || why != "no such model" {
		t.Errorf("unknown model: %t %q", ok, why)
	}
	if ok, why := v.Prepare("popularity"); ok || !strings.Contains(why, "served model") {
		t.Errorf("served model not loaded: %t %q", ok, why)
	}
	if ok, why := v.Prepare("itemknn"); ok || why != "waiting for serve's startup" {
		t.Errorf("itemknn before startup: %t %q", ok, why)
	}
	if _, why := v.Prepare("itemknn"); why != "waiting for serve's startup" {
		t.Errorf("itemknn asked again: %q", why)
	}
	close(started)
	waitFor(t, "itemknn trained and served", func() bool { ok, _ := v.Prepare("itemknn"); return ok })
	stored, err := db.Models(ctx, ModelPrefix+"itemknn")
	if err != nil || len(stored) != 1 {
		t.Fatalf("stored itemknn versions %d, %v; want 1", len(stored), err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(keys) != 1 || keys[0] != "model/"+ModelPrefix+"itemknn" {
		t.Errorf("exclusive keys %q", keys)
	}
	if len(outside) != 1 || outside["itemknn"] != 1 {
		t.Errorf("trainings outside the process %v, want itemknn once (serve trains variants in a child)", outside)
	}
}
