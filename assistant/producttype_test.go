package assistant

import (
	"context"
	"testing"
)

func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"shoes": "shoe", "shoe": "shoe", "accessories": "accessory", "dresses": "dress", "boxes": "box",
		"watches": "watch", "t-shirts": "t-shirt", "glass": "glass", "bus": "bus", "jeans": "jean", "Jackets": "jacket",
		"mat": "mat", "running": "running",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestTypeTerms checks the product-type words found on the demo-shaped
// shop, head noun last.
func TestTypeTerms(t *testing.T) {
	cat, err := LoadCatalog(context.Background(), openShop(t, "demo"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, terms, category string }{
		{"running shoes under $100", "running shoe", "shoes"},
		{"shoes for running", "running shoe", "shoes"},
		{"a running jacket please", "running jacket", "running"},
		{"100元以下的跑鞋", "running shoe", "shoes"},
		{"有外套吗", "jacket|coat", "coats"},
		{"do you have ankle boots", "ankle boot", "ankle boots"},
		{"yoga mats", "yoga mat", "yoga"},
		{"stride sneakers", "sneaker", "sneakers"}, // the brand is no product word
		{"有Stride的运动鞋吗", "sneaker|running shoe", "sneakers"},
		{"do you have Nike?", "", ""},
		{"where is my order", "", ""},
		{"有包邮吗", "", ""},
	} {
		ts := cat.typeTerms(tt.in)
		if got := formatTerms(ts); got != tt.terms {
			t.Errorf("typeTerms(%q) = %q, want %q", tt.in, got, tt.terms)
			continue
		}
		if len(ts) == 0 {
			continue
		}
		if got := cat.categoryOf(ts); got != tt.category {
			t.Errorf("categoryOf(%q) = %q, want %q", tt.in, got, tt.category)
		}
	}
}

// TestFindKeepsHead checks that relaxing a search never drops the head
// noun or the brand.
func TestFindKeepsHead(t *testing.T) {
	cat, err := LoadCatalog(context.Background(), openShop(t, "demo"))
	if err != nil {
		t.Fatal(err)
	}
	q := QueryFromSlots(map[string]string{SlotType: "running shoe", SlotMaxPrice: "100", SlotColor: "purple"})
	items, dropped := cat.Find(q, 0)
	if len(dropped) == 0 || len(items) == 0 {
		t.Fatalf("running shoes: %d items, dropped %v", len(items), dropped)
	}
	for _, it := range items {
		if it.Category[0] != "Shoes" || it.Price > 100 {
			t.Errorf("running shoes under 100: %s %q %v %.2f", it.ID, it.Title, it.Category, it.Price)
		}
	}
	if items, _ := cat.Find(QueryFromSlots(map[string]string{SlotType: "surfboard"}), 0); len(items) != 0 {
		t.Errorf("no surfboards in the shop, found %d", len(items))
	}
	if items, _ := cat.Find(QueryFromSlots(map[string]string{SlotBrand: "Nike", SlotType: "shoe"}), 0); len(items) != 0 {
		t.Errorf("no Nike in the shop, found %d", len(items))
	}
}
