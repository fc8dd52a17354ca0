package shopmind_test

import (
	"slices"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestParseCategory(t *testing.T) {
	for in, want := range map[string][]string{
		"Shoes/Sneakers":         {"Shoes", "Sneakers"},
		"Shoes › Sneakers":       {"Shoes", "Sneakers"},
		" shoes / sneakers ":     {"shoes", "sneakers"},
		"/Shoes/Sneakers/":       {"Shoes", "Sneakers"},
		"Shoes > Sneakers":       {"Shoes", "Sneakers"},
		"Home & Kitchen›Coffee":  {"Home & Kitchen", "Coffee"},
		"鞋 › 跑鞋":                 {"鞋", "跑鞋"},
		"Shoes":                  {"Shoes"},
		"":                       nil,
		" / › ":                  nil,
		"Toys & Games//Puzzles ": {"Toys & Games", "Puzzles"},
	} {
		if got := shopmind.ParseCategory(in); !slices.Equal(got, want) {
			t.Errorf("ParseCategory(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInCategory(t *testing.T) {
	cat := []string{"Shoes", "Sneakers", "Low"}
	for prefix, want := range map[string]bool{
		"Shoes": true, "shoes › sneakers": true, "SHOES/SNEAKERS/LOW": true, " Shoes / Sneakers ": true, "": true,
		"Shoes/Sneak": false, "Shoes/Sneakers/Low/Extra": false, "Clothing/Shoes": false, "Sneakers": false,
	} {
		if got := shopmind.InCategory(cat, prefix); got != want {
			t.Errorf("InCategory(%q, %q) = %v, want %v", cat, prefix, got, want)
		}
		if got := shopmind.CategoryMatcher(prefix)(cat); got != want {
			t.Errorf("CategoryMatcher(%q)(%q) = %v, want %v", prefix, cat, got, want)
		}
	}
	if got := shopmind.FormatCategory(cat); got != "Shoes › Sneakers › Low" {
		t.Errorf("FormatCategory = %q", got)
	}
	if got := shopmind.CategoryKey(shopmind.ParseCategory(shopmind.FormatCategory(cat))); got != "shoes/sneakers/low" {
		t.Errorf("CategoryKey of the shown form = %q", got)
	}
}

func TestPromotionCoversCategoryAsShown(t *testing.T) {
	it := &shopmind.Item{ID: "a", Category: []string{"Shoes", "Sneakers"}}
	for _, c := range []string{"Shoes/Sneakers", "Shoes › Sneakers", "shoes", " SHOES › sneakers "} {
		p := &shopmind.Promotion{ID: "p", Categories: []string{c}}
		if !p.Covers(it) {
			t.Errorf("promotion on %q does not cover %v", c, it.Category)
		}
	}
	if (&shopmind.Promotion{ID: "p", Categories: []string{"Shoes › Sandals"}}).Covers(it) {
		t.Error("promotion on Shoes › Sandals covers sneakers")
	}
}
