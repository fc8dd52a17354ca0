package shopmind_test

import (
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestEventValidateAt(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name  string
		at    time.Time
		skew  time.Duration
		field string
	}{
		{"OKPast", now.AddDate(-3, 0, 0), shopmind.DefaultEventSkew, ""},
		{"OKNow", now, 0, ""},
		{"OKAtTheSkew", now.Add(24 * time.Hour), shopmind.DefaultEventSkew, ""},
		{"ErrJustBeyond", now.Add(24*time.Hour + time.Microsecond), shopmind.DefaultEventSkew, "time"},
		{"ErrYear3000", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), shopmind.DefaultEventSkew, "time"},
		{"ErrOtherZone", now.Add(2 * time.Hour).In(time.FixedZone("X", 5*3600)), time.Hour, "time"},
		{"ErrMissingFirst", time.Time{}, time.Hour, "time"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := &shopmind.Event{UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: tt.at}
			err := e.ValidateAt(now, tt.skew)
			if shopmind.ErrorField(err) != tt.field || (tt.field != "") != (shopmind.ErrorCode(err) == shopmind.EINVALID) {
				t.Fatalf("err = %v, want field %q", err, tt.field)
			}
		})
	}
	t.Run("Batch", func(t *testing.T) {
		ok := &shopmind.Event{UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: now}
		late := &shopmind.Event{UserID: "u", ItemID: "i", Type: shopmind.EventView, Time: now.AddDate(1, 0, 0)}
		if err := shopmind.ValidateEvents([]*shopmind.Event{ok, late}, now, shopmind.DefaultEventSkew); shopmind.ErrorField(err) != "events[1].time" {
			t.Fatalf("err = %v, want field events[1].time", err)
		}
		if err := shopmind.ValidateEvents([]*shopmind.Event{ok, nil}, now, shopmind.DefaultEventSkew); shopmind.ErrorField(err) != "events[1]" {
			t.Fatalf("err = %v, want field events[1]", err)
		}
		if err := shopmind.ValidateEvents([]*shopmind.Event{ok}, now, shopmind.DefaultEventSkew); err != nil || ok.ID == "" {
			t.Fatalf("err = %v, id %q", err, ok.ID)
		}
	})
}
