package main

import (
	"context"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/vision"
)

// wireVision mounts product vision: it loads the newest vision model from
// the store (trained by `shopmind train vision`) and checks for a newer one
// every 30 seconds; until one exists the routes answer 503.
func wireVision(ctx context.Context, w *wiring) error {
	svc := vision.NewService(w.store)
	svc.Logger = w.logger.With("capability", "vision")
	w.srv.HandleVision(svc)
	load := func() {
		changed, err := svc.Load(ctx)
		switch {
		case err != nil && shopmind.ErrorCode(err) != shopmind.ENOTFOUND && ctx.Err() == nil:
			svc.Logger.Warn("load vision model", "err", err)
		case changed:
			svc.Logger.Info("vision model loaded")
		}
	}
	load()
	w.Go(func() {
		t := time.NewTicker(30 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				load()
			}
		}
	})
	return nil
}
