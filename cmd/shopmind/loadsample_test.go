package main

import (
	"context"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"
)

// loadSecond is what happened on the machine during one second of a load
// test: garbage collections of this process, and the CPU it and everything
// else used (in cores; the machine has runtime.NumCPU of them).
type loadSecond struct {
	GCs       uint64
	OwnCores  float64
	OtherCore float64
}

// sampleLoad records a loadSecond every second until ctx is cancelled and
// returns them through the channel when it stops. It reads /proc (Linux);
// elsewhere the CPU figures stay zero.
func sampleLoad(ctx context.Context) <-chan []loadSecond {
	out := make(chan []loadSecond, 1)
	go func() {
		var secs []loadSecond
		s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
		metrics.Read(s)
		gc0 := s[0].Value.Uint64()
		own0, all0 := procTicks()
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				out <- secs
				return
			case <-t.C:
			}
			metrics.Read(s)
			gc := s[0].Value.Uint64()
			own, all := procTicks()
			const hz = 100 // USER_HZ
			ownC, allC := float64(own-own0)/hz, float64(all-all0)/hz
			secs = append(secs, loadSecond{GCs: gc - gc0, OwnCores: ownC, OtherCore: max(0, allC-ownC)})
			gc0, own0, all0 = gc, own, all
		}
	}()
	return out
}

// procTicks returns the CPU ticks (user+system) of this process and of the
// whole machine (everything but idle and iowait).
func procTicks() (own, all uint64) {
	if b, err := os.ReadFile("/proc/self/stat"); err == nil {
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 {
			f := strings.Fields(s[i+1:])
			if len(f) > 13 {
				u, _ := strconv.ParseUint(f[11], 10, 64)
				k, _ := strconv.ParseUint(f[12], 10, 64)
				own = u + k
			}
		}
	}
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := strings.Cut(string(b), "\n")
		for n, f := range strings.Fields(line)[1:] {
			v, _ := strconv.ParseUint(f, 10, 64)
			if n != 3 && n != 4 { // idle, iowait
				all += v
			}
		}
	}
	return own, all
}
