package assistant

import (
	"context"
	"testing"
)

func TestFAQSearch(t *testing.T) {
	faq, err := DefaultFAQ()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query, lang, want string
		minConf           float64
	}{
		{"how much does shipping cost?", "en", "shipping-cost", 0.5},
		{"when will my refund arrive", "en", "refund-time", 0.5},
		{"do you take credit cards", "en", "payment-methods", 0.9},
		{"I forgot my password", "en", "account-password", 0.9},
		{"包邮吗", "zh", "zh-shipping-cost", 0.9},
		{"退款要多久", "zh", "zh-refund-time", 0.9},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			ms := faq.Search(tt.query, tt.lang, 3)
			if len(ms) == 0 || ms[0].Entry.ID != tt.want || ms[0].Confidence < tt.minConf {
				t.Fatalf("top match %+v, want %s with confidence >= %.1f", ms, tt.want, tt.minConf)
			}
			for i := 1; i < len(ms); i++ {
				if ms[i].Score > ms[i-1].Score {
					t.Errorf("matches not in score order: %+v", ms)
				}
			}
		})
	}
	if ms := faq.Search("tell me a joke", "en", 1); len(ms) > 0 && ms[0].Confidence >= 0.5 {
		t.Errorf("unrelated query matched %s with confidence %.2f", ms[0].Entry.ID, ms[0].Confidence)
	}
	if _, err := ParseFAQ([]byte(`[{"id":"x","questions":[]}]`)); err == nil {
		t.Error("entry without questions or answer: no error")
	}
}

func TestCatalogSearch(t *testing.T) {
	cat, err := LoadCatalog(context.Background(), openShop(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	price := func(v float64) *float64 { return &v }
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"NikeRunningUnder100Size42", Query{Brand: "nike", Category: "running", Size: "42", MaxPrice: price(100)}, []string{"n1"}},
		{"RedRunning", Query{Category: "Running", Color: "red"}, []string{"n1", "p1", "a1"}},
		{"InStockOnly", Query{Category: "running", MaxPrice: price(65), InStock: true}, []string{"n3"}},
		{"PriceRange", Query{MinPrice: price(60), MaxPrice: price(66)}, []string{"n3", "b1"}},
		{"TopLevelCategory", Query{Category: "bags"}, []string{"b2", "b1"}},
		{"InactiveHidden", Query{Brand: "Nike", MaxPrice: price(25)}, nil},
		{"NoMatch", Query{Brand: "Nike", Color: "purple"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, it := range cat.Search(tt.q, 0) {
				got = append(got, it.ID)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
	if p := cat.CategoryPath("running"); p != "Shoes/Running" {
		t.Errorf("CategoryPath(running) = %q", p)
	}
	if top := cat.TopCategories(2); len(top) != 2 || top[0] != "Shoes" {
		t.Errorf("TopCategories = %v", top)
	}
}
