package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"shoe": "shoe", "shoes": "shoe", "dress": "dress", "dresses": "dress", "running": "run", "run": "run",
		"runs": "run", "sneakers": "sneaker", "accessories": "accessori", "accessory": "accessori",
		"hiking": "hike", "hike": "hike", "cycling": "cycl", "cycle": "cycl", "agreed": "agre", "agree": "agre", "glasses": "glass",
		"boxes": "box", "hopping": "hop", "filing": "file", "falling": "fall", "sky": "sky", "caress": "caress",
		"ponies": "poni", "cats": "cat", "plastered": "plaster", "bled": "bled", "sing": "sing", "conflated": "conflat",
		"tt": "tt", "große": "große", "42": "42",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

// matches is what both stores compute in SQL.
func matches(text, q string) bool {
	p, ok := Parse(q)
	if !ok {
		return true
	}
	if strings.Contains(text, p.Raw) {
		return true
	}
	if len(p.Terms) == 0 {
		return false
	}
	for _, t := range p.Terms {
		if !strings.Contains(text, t) {
			return false
		}
	}
	return true
}

func TestMatch(t *testing.T) {
	sneaker := Text(&shopmind.Item{ID: "P00012", Title: "Stride Classic Sneaker (black)", Brand: "Pace & Co",
		Category: []string{"Shoes", "Sneakers"}, Tags: []string{"classic", "sneakers"}})
	dress := Text(&shopmind.Item{ID: "P00007", Title: "Kestrel Soft Dress", Category: []string{"Clothing", "Dresses"}})
	jacket := Text(&shopmind.Item{ID: "P00100", Title: "Summit Pro Running jacket", Category: []string{"Sports", "Running"}})
	zh := Text(&shopmind.Item{ID: "Z1", Title: "男士轻便跑鞋 ＮＩＫＥ", Category: []string{"鞋", "跑鞋"}})
	for _, tt := range []struct {
		text, q string
		want    bool
	}{
		{sneaker, "shoe", true}, {sneaker, "SHOES", true}, {sneaker, "Sneaker", true}, {sneaker, "sneak", true},
		{sneaker, "shoes › sneakers", true}, {sneaker, "pace", true}, {sneaker, "p000", true}, {sneaker, "00012", true},
		{sneaker, "black sneakers", true}, {sneaker, "red sneakers", false}, {sneaker, "dress", false},
		{dress, "dresses", true}, {dress, "dress", true}, {dress, "Dresses", true}, {dress, "shoe", false},
		{jacket, "run", true}, {jacket, "runs", true}, {jacket, "running", true}, {jacket, "running shoes", false},
		{zh, "鞋", true}, {zh, "跑鞋", true}, {zh, "nike 跑鞋", true}, {zh, "ｎｉｋｅ", true}, {zh, "女士", false},
		{sneaker, "\x1e\x02", true}, // control characters only: no filter
		{sneaker, "v2", false},
	} {
		if got := matches(tt.text, tt.q); got != tt.want {
			t.Errorf("%q matches %q = %v, want %v", tt.text, tt.q, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	p, ok := Parse("  Running SHOES, running!  ")
	if !ok || p.Raw != "running shoes, running!" || !slices.Equal(p.Terms, []string{Sep + "run", Sep + "shoe"}) {
		t.Fatalf("Parse = %+v, %v", p, ok)
	}
	for _, q := range []string{"shoe", "P00012", "鞋"} {
		if p, _ := Parse(q); len(p.Terms) != 0 {
			t.Errorf("Parse(%q) terms %q: Raw alone decides", q, p.Terms)
		}
	}
	if p, _ := Parse("shoes"); !slices.Equal(p.Terms, []string{Sep + "shoe"}) {
		t.Errorf("Parse(shoes) terms %q", p.Terms)
	}
	if _, ok := Parse(" \t "); ok {
		t.Fatal("blank query parsed")
	}
	p, _ = Parse(strings.Repeat("a b c d e f g h i j k l m n o p q r s t ", 3))
	if len(p.Terms) != maxTerms {
		t.Fatalf("%d terms, want %d", len(p.Terms), maxTerms)
	}
	if !strings.HasPrefix(Text(&shopmind.Item{ID: "x"}), Marker) {
		t.Fatal("Text lacks the marker")
	}
}
