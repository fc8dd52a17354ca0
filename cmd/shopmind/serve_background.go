package main

import (
	"context"
	"runtime"
	"sync"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// startupWait is the longest heavy background work waits for the startup
// models (the served recommendation model) before it runs anyway.
const startupWait = 2 * time.Minute

// jobs runs serve's background work. Go starts a capability's goroutine,
// which serve waits for (Wait, after cancelling their context) before it
// closes the store. Heavy wraps a capability's refresh that reads the whole
// catalog or history from the store and rebuilds its data: heavy jobs run
// one at a time (each in one goroutine, so on at most one core, leaving the
// other to requests), and none starts before the startup models are loaded
// (StartupDone), so the first requests are not competing with several full
// reads of the store and their garbage. The zero value is ready to use.
type jobs struct {
	wg sync.WaitGroup
	bg background
}

// Go runs f in the background; Wait waits for it to return.
func (j *jobs) Go(f func()) {
	j.wg.Add(1)
	go func() {
		defer j.wg.Done()
		f()
	}()
}

// Wait waits for every function started by Go.
func (j *jobs) Wait() { j.wg.Wait() }

// background is the heavy jobs' schedule: one at a time, after startup.
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
	return onLowPriorityThread(func() error { return f(recommend.WithWorkers(withPacer(ctx), heavyWorkers)) })
}

// heavyNice is the nice value of the OS thread a heavy job runs on: the
// kernel gives the CPU to the threads serving requests first, and the job
// gets what they leave (Linux; elsewhere the job runs at normal priority).
const heavyNice = 19

// onLowPriorityThread runs f on a goroutine locked to an OS thread of its
// own at heavyNice and returns what f returns. The goroutine never unlocks
// the thread, so the thread ends with it and no request ever runs at that
// priority. Goroutines f starts run on the other threads, at normal
// priority: a heavy job's fits and evaluations therefore run on one worker,
// in f's goroutine (heavyWorkers).
//
// While it runs, GOMAXPROCS is one higher than before: the job's thread
// holds a P (Go's processor) even while the kernel lets it wait, so without
// the extra one requests would have one P fewer than the machine has cores.
func onLowPriorityThread(f func() error) error {
	procs := runtime.GOMAXPROCS(0)
	runtime.GOMAXPROCS(procs + 1)
	defer runtime.SetDefaultGOMAXPROCS() // Go's default again (GOMAXPROCS, or the cores and CPU limit)
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		lowerThreadPriority(heavyNice) // best effort: at worst the job runs at normal priority, as before
		done <- f()
	}()
	return <-done
}

// heavyWorkers bounds the goroutines a heavy job's recommendation fits and
// evaluations use (recommend.WithWorkers): on the 2-core machines serve
// targets, a retrain keeps one core and requests have the other.
const heavyWorkers = 1

// Heavy returns f wrapped to run as a heavy background job of serve: after
// the startup models are loaded and one heavy job at a time.
func (j *jobs) Heavy(f func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error { return j.bg.run(ctx, f) }
}

// StartupDone tells serve that the startup models are loaded: heavy
// background jobs may start. Without it they start startupWait after the
// first one asked.
func (j *jobs) StartupDone() { j.bg.startupDone() }

// afterStartup waits until the startup models are loaded (StartupDone) or
// ctx is cancelled.
func (j *jobs) afterStartup(ctx context.Context) error { return j.bg.afterStartup(ctx) }

// heavyDuty is the share of wall time a heavy job may keep one core busy
// reading the store: after each page it pauses as long as it worked
// (pacedStore), so requests arriving meanwhile meet less competition for
// the CPU and the job's garbage is produced at half the rate.
const heavyDuty = 0.5

// pacer paces one heavy job's reads. It travels in the job's context (see
// background.run), so calls on the same store made by requests are never
// paced.
type pacer struct {
	last time.Time
}

type pacerKey struct{}

func withPacer(ctx context.Context) context.Context {
	return context.WithValue(ctx, pacerKey{}, &pacer{})
}

// pause sleeps in proportion to the time worked since the last pause (at
// most a second at a time) when ctx belongs to a heavy job.
func pause(ctx context.Context) error {
	p, _ := ctx.Value(pacerKey{}).(*pacer)
	if p == nil {
		return nil
	}
	if !p.last.IsZero() {
		d := time.Duration(float64(time.Since(p.last)) * (1 - heavyDuty) / heavyDuty)
		t := time.NewTimer(min(d, time.Second))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	p.last = time.Now()
	return nil
}

// pacedStore is a store whose list calls (items, orders, events, reviews)
// pause between pages when called from a heavy background job.
type pacedStore struct{ shopmind.Store }

// Items implements shopmind.ItemService with pacing.
func (s pacedStore) Items(ctx context.Context, f shopmind.ItemFilter) ([]*shopmind.Item, string, error) {
	if err := pause(ctx); err != nil {
		return nil, "", err
	}
	return s.Store.Items(ctx, f)
}

// Orders implements shopmind.OrderService with pacing.
func (s pacedStore) Orders(ctx context.Context, f shopmind.OrderFilter) ([]*shopmind.Order, string, error) {
	if err := pause(ctx); err != nil {
		return nil, "", err
	}
	return s.Store.Orders(ctx, f)
}

// Events implements shopmind.EventService with pacing.
func (s pacedStore) Events(ctx context.Context, f shopmind.EventFilter) ([]*shopmind.Event, string, error) {
	if err := pause(ctx); err != nil {
		return nil, "", err
	}
	return s.Store.Events(ctx, f)
}
