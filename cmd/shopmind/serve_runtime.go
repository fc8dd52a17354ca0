package main

import (
	"runtime/debug"
)

// RuntimeConfig is the [runtime] section: garbage-collector settings of
// serve. serve keeps a few hundred MB of models and catalogs live; a higher
// GC percent collects less often, at the cost of a larger peak heap (live
// heap x (1 + gc_percent/100)). The default keeps Go's: 200 made no
// measurable difference to the serving tail (docs/bench-recommend-serving.md).
type RuntimeConfig struct {
	GCPercent     int   `toml:"gc_percent"`      // Go's GOGC for serve; 0 keeps Go's default (100). The GOGC environment variable wins.
	MemoryLimitMB int64 `toml:"memory_limit_mb"` // soft memory limit of serve in MiB (Go's GOMEMLIMIT); 0 none. The GOMEMLIMIT environment variable wins.
}

func defaultRuntimeConfig() RuntimeConfig { return RuntimeConfig{} }

// validate checks the section; errors name the field.
func (c RuntimeConfig) validate() error {
	if c.GCPercent < 0 || c.GCPercent > 10_000 {
		return badConfig("runtime.gc_percent", "%d is not from 0 to 10000", c.GCPercent)
	}
	if c.MemoryLimitMB < 0 {
		return badConfig("runtime.memory_limit_mb", "%d is negative", c.MemoryLimitMB)
	}
	return nil
}

// apply sets the garbage collector for serve, unless the environment
// (getenv) sets GOGC or GOMEMLIMIT, and returns a function restoring the
// previous settings.
func (c RuntimeConfig) apply(getenv func(string) string) (restore func()) {
	gc, limit := -2, int64(-1) // -2: unchanged
	if c.GCPercent > 0 && getenv("GOGC") == "" {
		gc = debug.SetGCPercent(c.GCPercent)
	}
	if c.MemoryLimitMB > 0 && getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(c.MemoryLimitMB << 20)
	}
	return func() {
		if gc != -2 {
			debug.SetGCPercent(gc)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}
