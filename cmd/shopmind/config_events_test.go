package main

import (
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestEventsConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		skew  time.Duration
		field string
	}{
		{"OK", 24 * time.Hour, ""},
		{"OKOneMinute", time.Minute, ""},
		{"ErrZero", 0, "events.future_skew"},
		{"ErrNegative", -time.Hour, "events.future_skew"},
		{"ErrTwoYears", 2 * 365 * 24 * time.Hour, "events.future_skew"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			c.Events.FutureSkew.Duration = tt.skew
			if err := c.Validate(); shopmind.ErrorField(err) != tt.field {
				t.Fatalf("err = %v, want field %q", err, tt.field)
			}
		})
	}
	t.Run("Wired", func(t *testing.T) {
		c := DefaultConfig()
		if c.Events.FutureSkew.Duration != shopmind.DefaultEventSkew || c.recommendConfig().EventSkew != shopmind.DefaultEventSkew {
			t.Fatalf("default skew %s, recommend %s", c.Events.FutureSkew, c.recommendConfig().EventSkew)
		}
		c.Events.FutureSkew.Duration = time.Hour
		if c.recommendConfig().EventSkew != time.Hour {
			t.Fatalf("recommend skew %s, want 1h", c.recommendConfig().EventSkew)
		}
		if svc := newInsightsService(nil, c.Insights, c.Events); svc.Skew != time.Hour {
			t.Fatalf("insights skew %s", svc.Skew)
		}
		if svc := newSupplyService(nil, c.Supply, c.Events); svc.Skew != time.Hour {
			t.Fatalf("supply skew %s", svc.Skew)
		}
	})
}
