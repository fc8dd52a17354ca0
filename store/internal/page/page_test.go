package page

import (
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestLimit(t *testing.T) {
	tests := []struct{ in, want int }{
		{-1, shopmind.DefaultLimit}, {0, shopmind.DefaultLimit}, {1, 1}, {shopmind.MaxLimit, shopmind.MaxLimit},
		{shopmind.MaxLimit + 1, shopmind.MaxLimit},
	}
	for _, tt := range tests {
		if got := Limit(tt.in); got != tt.want {
			t.Errorf("Limit(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestIDCursor(t *testing.T) {
	for _, id := range []string{"a", "item:with:colons", "ünï 鞋/x"} {
		got, err := DecodeID(KindItem, EncodeID(KindItem, id))
		if err != nil || got != id {
			t.Errorf("round trip of %q = %q, %v", id, got, err)
		}
	}
	if got, err := DecodeID(KindItem, ""); got != "" || err != nil {
		t.Errorf(`DecodeID("") = %q, %v; want "", nil`, got, err)
	}
	bad := []struct{ name, cursor string }{
		{"NotBase64", "!!"},
		{"NoKind", "YWJj"}, // "abc"
		{"OtherKind", EncodeID(KindUser, "a")},
		{"EmptyID", EncodeID(KindItem, "")},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeID(KindItem, tt.cursor)
			if shopmind.ErrorCode(err) != shopmind.EINVALID || shopmind.ErrorField(err) != "after" {
				t.Errorf("error %v, want EINVALID for field after", err)
			}
		})
	}
}

func TestEventCursor(t *testing.T) {
	at := time.Date(1965, 7, 1, 2, 3, 4, 567891000, time.UTC)
	gotT, gotID, err := DecodeEvent(EncodeEvent(at, "e:1"))
	if err != nil || !gotT.Equal(at) || gotID != "e:1" || gotT.Location() != time.UTC {
		t.Errorf("round trip = %v, %q, %v", gotT, gotID, err)
	}
	for _, c := range []string{EncodeID(KindEvent, "12"), EncodeID(KindEvent, "x:id"), EncodeID(KindItem, "1:a")} {
		if _, _, err := DecodeEvent(c); shopmind.ErrorCode(err) != shopmind.EINVALID {
			t.Errorf("DecodeEvent(%q) error %v, want EINVALID", c, err)
		}
	}
}

func TestTime(t *testing.T) {
	in := time.Date(2026, 1, 2, 3, 4, 5, 999999999, time.FixedZone("X", -3600))
	got := Time(in)
	if got.Location() != time.UTC || got.Nanosecond() != 999999000 || !got.Equal(in.Truncate(time.Microsecond)) {
		t.Errorf("Time(%v) = %v", in, got)
	}
	if !Time(time.Time{}).IsZero() {
		t.Error("Time of the zero time is not zero")
	}
}
