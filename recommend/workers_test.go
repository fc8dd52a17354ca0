package recommend

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
)

// TestWithWorkers checks that a bound in the context limits the chunks
// parallel runs at once, that no bound means GOMAXPROCS, and that a bound
// above GOMAXPROCS changes nothing.
func TestWithWorkers(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	tests := []struct {
		name string
		ctx  context.Context
		want int
	}{
		{"Default", context.Background(), procs},
		{"One", WithWorkers(context.Background(), 1), 1},
		{"Above", WithWorkers(context.Background(), procs+5), procs},
		{"Zero", WithWorkers(context.Background(), 0), procs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Workers(tt.ctx); got != tt.want {
				t.Errorf("Workers = %d, want %d", got, tt.want)
			}
			var chunks atomic.Int32
			if err := parallel(tt.ctx, 100, func(lo, hi int) { chunks.Add(1) }); err != nil {
				t.Fatal(err)
			}
			if int(chunks.Load()) != tt.want {
				t.Errorf("parallel ran %d chunks, want %d", chunks.Load(), tt.want)
			}
		})
	}
}
