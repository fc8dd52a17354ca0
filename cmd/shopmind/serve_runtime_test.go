package main

import (
	"errors"
	"runtime/debug"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestRuntimeConfigValidate(t *testing.T) {
	tests := []struct {
		name  string
		c     RuntimeConfig
		field string
	}{
		{"default", defaultRuntimeConfig(), ""},
		{"go default", RuntimeConfig{}, ""},
		{"negative percent", RuntimeConfig{GCPercent: -1}, "runtime.gc_percent"},
		{"huge percent", RuntimeConfig{GCPercent: 20_000}, "runtime.gc_percent"},
		{"negative limit", RuntimeConfig{MemoryLimitMB: -5}, "runtime.memory_limit_mb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			c.Runtime = tt.c
			err := c.Validate()
			var se *shopmind.Error
			if tt.field == "" && err != nil {
				t.Fatalf("valid config: %v", err)
			}
			if tt.field != "" && (!errors.As(err, &se) || se.Field != tt.field) {
				t.Fatalf("error %v, want one naming %s", err, tt.field)
			}
		})
	}
}

// TestRuntimeConfigApply checks that serve's GC settings apply, yield to
// GOGC and GOMEMLIMIT, and are restored afterwards.
func TestRuntimeConfigApply(t *testing.T) {
	noEnv := func(string) string { return "" }
	before := debug.SetGCPercent(-1)
	debug.SetGCPercent(before)
	limit := debug.SetMemoryLimit(-1)

	restore := RuntimeConfig{GCPercent: 250, MemoryLimitMB: 4096}.apply(noEnv)
	if got := debug.SetGCPercent(-1); got != 250 {
		t.Errorf("gc percent %d, want 250", got)
	}
	debug.SetGCPercent(250)
	if got := debug.SetMemoryLimit(-1); got != 4096<<20 {
		t.Errorf("memory limit %d, want 4 GiB", got)
	}
	restore()
	if got := debug.SetGCPercent(-1); got != before {
		t.Errorf("restored gc percent %d, want %d", got, before)
	}
	debug.SetGCPercent(before)
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("restored memory limit %d, want %d", got, limit)
	}

	env := func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}[k] }
	restore = RuntimeConfig{GCPercent: 250, MemoryLimitMB: 4096}.apply(env)
	if got := debug.SetGCPercent(-1); got != before {
		t.Errorf("GOGC set: gc percent changed to %d", got)
	}
	debug.SetGCPercent(before)
	restore()
}
