package recommend

import (
	"context"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/shopmind/shopmind/demo"
)

// TestSparseEASELarge fits SparseEASE and ItemKNN (default parameters)
// on 80% of each shopper's events of the generated 100,000-item,
// 1,000,000-event shop and checks, on the held-out 20% ranked as served,
// that SparseEASE's NDCG@10 is at least 10% above ItemKNN's (and not
// implausibly far above: measured 2.1x). It logs fit time and the heap high-water mark
// (docs/benchmarks.md). SHOPMIND_FULL=1 runs it; it takes 10 to 20 minutes
// on the shared 2-core machine, so CI's "Full" checks leave it out.
func TestSparseEASELarge(t *testing.T) {
	needFull(t)
	shop, err := demo.Generate(demo.Options{Items: 100_000, Users: 10_000, Days: 365})
	if err != nil {
		t.Fatal(err)
	}
	train, test := SplitByUser(FromEvents(shop.Events, DefaultWeights()), 0.2, 42)
	d := NewDataset(train, shop.Items)
	h := d.Holdout(test)
	t.Logf("train: %d users, %d items, %d positive pairs", d.NumUsers(), d.NumItems(), d.NNZ())
	eval := EvalOptions{K: 10, Exclude: DefaultExclusion(), TrendWindow: DefaultTrendWindow}
	got := map[string]float64{}
	models := []Model{NewItemKNN(), NewSparseEASE()}
	if os.Getenv("SHOPMIND_MODELS") == "sparse-ease" { // profiling: item-kNN's 0.0023 is known
		models = models[1:]
	}
	for _, m := range models {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		peak := watchHeap()
		start, cpu := time.Now(), cpuTime()
		if err := m.Fit(context.Background(), d, nil); err != nil {
			t.Fatal(err)
		}
		el, elCPU := time.Since(start), cpuTime()-cpu
		high := peak()
		met, err := Evaluate(context.Background(), m, d, h, eval)
		if err != nil {
			t.Fatal(err)
		}
		got[m.Name()] = met.NDCG
		t.Logf("%-12s fit %s wall, %s CPU, heap high-water %d MiB (%d MiB before), %s", m.Name(), el.Round(time.Millisecond),
			elCPU.Round(time.Millisecond), high>>20, before.HeapAlloc>>20, met)
		if se, ok := m.(*SparseEASE); ok {
			t.Logf("sparse-ease systems: %d by conjugate gradients (%d iterations), %d by Cholesky", se.solveStats[0], se.solveStats[2], se.solveStats[1])
		}
	}
	if len(models) < 2 {
		return
	}
	if r := got["sparse-ease"] / got["itemknn"]; r < 1.10 || r > 4 {
		t.Errorf("sparse-ease NDCG@10 %.4f is %.2fx item-kNN's %.4f, want 1.10x to 4x", got["sparse-ease"], r, got["itemknn"])
	}
}

// cpuTime returns the user+system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// watchHeap samples the heap in use every 50 ms until the returned function
// is called, which returns the highest value seen.
func watchHeap() func() uint64 {
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		var high uint64
		var ms runtime.MemStats
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			high = max(high, ms.HeapAlloc)
			select {
			case <-stop:
				done <- high
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}
