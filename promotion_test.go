package shopmind

import (
	"encoding/json"
	"testing"
	"time"
)

func TestPromotionJSON(t *testing.T) {
	var p Promotion
	in := `{"id":"bf","name":"Black Friday","kind":"holiday","start":"2026-11-27","end":"2026-11-30T10:00:00+02:00","categories":["Shoes"]}`
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if !p.Start.Equal(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)) || !p.End.Equal(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)) || p.Days() != 4 {
		t.Fatalf("days %v to %v (%d)", p.Start, p.End, p.Days())
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back Promotion
	if err := json.Unmarshal(out, &back); err != nil || !back.Start.Equal(p.Start) || !back.End.Equal(p.End) || back.Name != p.Name {
		t.Fatalf("round trip %s: %+v %v", out, back, err)
	}
	for _, tc := range []struct{ in, field string }{
		{`{"id":"x","start":"27/11/2026","end":"2026-11-30"}`, "start"},
		{`{"id":"x","start":"2026-11-27","end":"tomorrow"}`, "end"},
	} {
		var p Promotion
		err := json.Unmarshal([]byte(tc.in), &p)
		if ErrorCode(err) != EINVALID || ErrorField(err) != tc.field {
			t.Errorf("%s: %v, want EINVALID on %s", tc.in, err, tc.field)
		}
	}
}

func TestPromotionCovers(t *testing.T) {
	shoe := &Item{ID: "s1", Category: []string{"Clothing", "Shoes", "Running"}}
	bag := &Item{ID: "b1", Category: []string{"Bags"}}
	tests := []struct {
		name      string
		p         Promotion
		shoe, bag bool
	}{
		{"WholeShop", Promotion{}, true, true},
		{"Category", Promotion{Categories: []string{"clothing/shoes"}}, true, false},
		{"CategoryNotPrefixOfLevel", Promotion{Categories: []string{"Clothing/Sho"}}, false, false},
		{"Items", Promotion{ItemIDs: []string{"b1"}}, false, true},
		{"Both", Promotion{ItemIDs: []string{"b1"}, Categories: []string{"/Clothing/"}}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Covers(shoe); got != tt.shoe {
				t.Errorf("covers shoe = %v", got)
			}
			if got := tt.p.Covers(bag); got != tt.bag {
				t.Errorf("covers bag = %v", got)
			}
		})
	}
	p := Promotion{Start: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 11, 26, 23, 59, 0, 0, time.UTC), false},
		{time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2026, 11, 28, 23, 59, 0, 0, time.UTC), true},
		{time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), false},
	} {
		if got := p.On(tc.at); got != tc.want {
			t.Errorf("On(%v) = %v", tc.at, got)
		}
	}
}
