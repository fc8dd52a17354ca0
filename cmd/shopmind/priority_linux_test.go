package main

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// threadNice is the calling thread's nice value (Linux keeps one per thread).
func threadNice(t *testing.T) int {
	t.Helper()
	prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	if err != nil {
		t.Fatal(err)
	}
	return 20 - prio
}

// A heavy job of serve runs on a thread of its own at heavyNice; the
// threads that serve requests keep their priority.
func TestHeavyJobRunsAtLowPriority(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("nice values per thread are Linux's")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := threadNice(t)
	if before >= heavyNice {
		t.Skipf("the test already runs at nice %d", before)
	}
	var inside int
	var b background
	b.startupDone()
	err := b.run(context.Background(), func(ctx context.Context) error {
		inside = threadNice(t)
		return errors.New("job error")
	})
	if err == nil || err.Error() != "job error" {
		t.Errorf("run returned %v, want the job's error", err)
	}
	if inside != heavyNice {
		t.Errorf("the job ran at nice %d, want %d", inside, heavyNice)
	}
	if after := threadNice(t); after != before {
		t.Errorf("the caller's thread went from nice %d to %d", before, after)
	}
	// Threads created after the job (for goroutines of requests) keep the
	// process's priority.
	got := make(chan int)
	for range 4 {
		go func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			got <- threadNice(t)
		}()
		if n := <-got; n != before {
			t.Errorf("a later thread runs at nice %d, want %d", n, before)
		}
	}
}

// shopmind import lowers its CPU priority to -nice (default 10) through
// Env.SetNice, and refuses a nice value outside 0-19.
func TestImportNice(t *testing.T) {
	shop := filepath.Join("..", "..", "testdata", "import", "shop")
	for _, tc := range []struct {
		args []string
		want int // -1: not called
	}{{nil, defaultImportNice}, {[]string{"-nice", "19"}, 19}, {[]string{"-nice", "0"}, -1}} {
		c, _, _, _ := newImportCommand(t, "")
		got := -1
		c.env.SetNice = func(n int) error { got = n; return nil }
		if err := c.Run(context.Background(), append([]string{shop, "-quiet"}, tc.args...)); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%v: SetNice(%d), want %d", tc.args, got, tc.want)
		}
	}
	c, _, _, _ := newImportCommand(t, "")
	err := c.Run(context.Background(), []string{shop, "-quiet", "-nice", "20"})
	var u *usageError
	if !errors.As(err, &u) {
		t.Errorf("-nice 20: %v, want a usage error", err)
	}
}
