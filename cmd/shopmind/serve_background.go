package main

import (
	"context"
	"sync"
	"time"
)

// startupWait is the longest heavy background work waits for the startup
// models (the served recommendation model) before it runs anyway.
const startupWait = 2 * time.Minute

// background schedules serve's heavy background jobs: capabilities'
// refreshes that read the whole catalog or history from the store and
// rebuild their data. They run one at a time (each in one goroutine, so on
// at most one core, leaving the other to requests), and none starts before
// the startup models are loaded, so the first requests are not competing
// with several full reads of the store and their garbage. The zero value is
// ready to use.
type background struct {
	once    sync.Once
	sem     chan struct{} // one token: the running heavy job
	started chan struct{} // closed when startup is done
	timer   *time.Timer
}

func (b *background) init() {
	b.once.Do(func() {
		b.sem = make(chan struct{}, 1)
		b.started = make(chan struct{})
		b.timer = time.AfterFunc(startupWait, b.startupDone)
	})
}

// startupDone lets heavy jobs run. It may be called more than once.
func (b *background) startupDone() {
	b.init()
	select {
	case <-b.started:
	default:
		close(b.started)
		b.timer.Stop()
	}
}

// afterStartup waits until startup is done or ctx is cancelled.
func (b *background) afterStartup(ctx context.Context) error {
	b.init()
	select {
	case <-b.started:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// run runs f after startup, when no other heavy job runs. It returns
// ctx.Err() without running f when ctx is cancelled while it waits.
func (b *background) run(ctx context.Context, f func(context.Context) error) error {
	if err := b.afterStartup(ctx); err != nil {
		return err
	}
	select {
	case b.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-b.sem }()
	if err := ctx.Err(); err != nil {
		return err
	}
	return f(ctx)
}

// Heavy returns f wrapped to run as a heavy background job of serve: after
// the startup models are loaded and one heavy job at a time.
func (w *wiring) Heavy(f func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error { return w.bg.run(ctx, f) }
}

// StartupDone tells serve that the startup models are loaded: heavy
// background jobs may start. Without it they start startupWait after the
// first one asked.
func (w *wiring) StartupDone() { w.bg.startupDone() }
