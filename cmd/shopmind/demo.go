package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"path/filepath"
	"time"

	"github.com/shopmind/shopmind/demo"
)

// DemoCommand builds the demo shop into its own SQLite file (once), trains
// the vision and recommendation models when missing, reuses or creates an admin key
// and serves the console on it: "shopmind demo".
type DemoCommand struct {
	env *Env
	now func() time.Time
}

// Run builds the demo shop when its store is empty, then serves it.
func (c *DemoCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	path := fs.String("db", filepath.Join(DefaultDataDir, "demo.db"), "SQLite file of the demo shop")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	seed := fs.Uint64("seed", 1, "random seed: the same seed builds the same shop")
	items := fs.Int("items", 2000, "products in the demo shop")
	users := fs.Int("users", 5000, "shoppers in the demo shop")
	days := fs.Int("days", 365, "days of history")
	endDay := fs.String("end", "", "last day of the simulated history, YYYY-MM-DD (default: today, UTC)")
	buildOnly := fs.Bool("build-only", false, "build the shop and exit without serving")
	shopAddr := fs.String("shop-addr", "127.0.0.1:8090", "listen address of the sample storefront (\"off\": none)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	end := c.now().UTC().Truncate(24 * time.Hour)
	if *endDay != "" {
		t, err := time.Parse(time.DateOnly, *endDay)
		if err != nil {
			return &usageError{fmt.Sprintf("demo: -end %q is not a date such as 2026-11-01", *endDay)}
		}
		end = t
	}
	cfg := DefaultConfig()
	cfg.Store = StoreConfig{Driver: "sqlite", Path: *path}
	cfg.HTTP.Addr = *addr
	cfg.Log.Level = "warn"
	if err := cfg.Validate(); err != nil {
		return err
	}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer store.Close()

	counts, err := store.Counts(ctx)
	if err != nil {
		return err
	}
	if counts.Items == 0 {
		start := time.Now()
		fmt.Fprintf(c.env.Stderr, "Building the demo shop (seed %d, history to %s) into %s ...\n", *seed, end.Format(time.DateOnly), *path)
		shop, err := demo.Generate(demo.Options{Seed: *seed, Items: *items, Users: *users, Days: *days, End: end})
		if err != nil {
			return err
		}
		bar := newProgress(c.env, "demo shop")
		err = shop.Store(ctx, store, func(stage string, done, total int) { bar.Update(stage, int64(done), int64(total)) })
		bar.Finish()
		if err != nil {
			return err
		}
		fmt.Fprintf(c.env.Stderr, "Built %d items (%d product images), %d shoppers, %d events, %d orders and %d reviews in %s.\n",
			len(shop.Items), len(shop.Images), len(shop.Users), len(shop.Events), len(shop.Orders), len(shop.Reviews), time.Since(start).Round(100*time.Millisecond))
	} else {
		fmt.Fprintf(c.env.Stderr, "Using the demo shop already in %s (%d items, %d events); delete the file to rebuild it.\n", *path, counts.Items, counts.Events)
	}
	if err := c.demoModels(ctx, store, cfg, *seed); err != nil {
		return err
	}
	if *buildOnly {
		return nil
	}
	secret, err := c.demoAdminKey(ctx, store, *path)
	if err != nil {
		return err
	}
	// The sample storefront listens on its own origin, as a shop's site
	// does, with a publishable key for that origin.
	var shop *demoShop
	var shopKey, shopSecret string
	if *shopAddr != "off" {
		ln, err := net.Listen("tcp", *shopAddr)
		if err != nil {
			return fmt.Errorf("sample storefront: %w (choose another -shop-addr, or -shop-addr off)", err)
		}
		shop = &demoShop{ln: ln}
		defer shop.stop()
		if shopKey, err = c.demoPublishableKey(ctx, store, *path, demoShopOrigins(ln)); err != nil {
			return err
		}
		// The shop's server sends its orders with a secret write key of
		// its own, as a real shop's backend does.
		if shopSecret, err = c.demoShopServerKey(ctx, store, *path); err != nil {
			return err
		}
	}
	return serve(ctx, c.env, cfg, store, func(addr string) {
		api := cfg.HTTP.scheme() + "://" + addr
		fmt.Fprintf(c.env.Stdout, "\nshopmind demo shop is ready.\n\n  Console:   %s/\n  Admin key: %s\n", api, secret)
		if shop != nil {
			shop.start(store, api, shopKey, shopSecret, func(f string, a ...any) { fmt.Fprintf(c.env.Stderr, f+"\n", a...) })
			fmt.Fprintf(c.env.Stdout, "  Storefront: %s (a sample shop using the tracker and widgets with a publishable key)\n", shop.url())
		}
		fmt.Fprintf(c.env.Stdout, "\nSign in to the console with the key (it also works as 'Authorization: Bearer <key>' on the API).\nPress Ctrl+C to stop.\n")
	})
}
