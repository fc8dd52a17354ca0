package assistant

import (
	"context"
	"testing"
	"time"
)

func TestExtract(t *testing.T) {
	db := openShop(t, "")
	cat, err := LoadCatalog(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	x := &Extractor{Catalog: cat, Now: func() time.Time { return testNow }}
	tests := []struct {
		text string
		want map[string]string // "" means absent
	}{
		{"where is order A-1001?", map[string]string{SlotOrderID: "A-1001"}},
		{"my order number is 11354261", map[string]string{SlotOrderID: "11354261"}},
		{"订单号：B-2040 到哪了", map[string]string{SlotOrderID: "B-2040"}},
		{"email me at ana.lee@example.com", map[string]string{SlotEmail: "ana.lee@example.com", SlotOrderID: ""}},
		{"nike running shoes under $100 in size 42", map[string]string{SlotBrand: "Nike", SlotCategory: "running", SlotMaxPrice: "100", SlotSize: "42"}},
		{"jackets between 50 and 120 dollars", map[string]string{SlotCategory: "jackets", SlotMinPrice: "50", SlotMaxPrice: "120"}},
		{"over $200 please", map[string]string{SlotMinPrice: "200"}},
		{"100元以下的42码耐克跑鞋", map[string]string{SlotMaxPrice: "100", SlotSize: "42", SlotBrand: "Nike", SlotCategory: "running"}},
		{"50元以上", map[string]string{SlotMinPrice: "50"}},
		{"a red one in size XL", map[string]string{SlotColor: "red", SlotSize: "XL"}},
		{"那红色的呢", map[string]string{SlotColor: "red"}},
		{"2 pairs please", map[string]string{SlotQuantity: "2"}},
		{"我要两双", map[string]string{SlotQuantity: "2"}},
		{"can it arrive tomorrow", map[string]string{SlotDate: "2026-03-21"}},
		{"deliver on 2026-04-01", map[string]string{SlotDate: "2026-04-01"}},
		{"明天能到吗", map[string]string{SlotDate: "2026-03-21"}},
		{"the second one", map[string]string{SlotOrdinal: "2"}},
		{"the last one", map[string]string{SlotOrdinal: "-1"}},
		{"第三个", map[string]string{SlotOrdinal: "3", SlotQuantity: ""}},
		{"how much is the Puma Velocity Nitro 3", map[string]string{SlotProduct: "p1", SlotBrand: "Puma"}},
		{"tell me about the vomero 17", map[string]string{SlotProduct: "n2"}},
		{"yes", map[string]string{SlotYesNo: "yes"}},
		{"是的", map[string]string{SlotYesNo: "yes"}},
		{"no", map[string]string{SlotYesNo: "no"}},
		{"no, I meant A-1005", map[string]string{SlotYesNo: "no", SlotOrderID: "A-1005"}}, // the dialogue reads it as a correction
		{"yes please cancel it", map[string]string{SlotYesNo: "yes"}},
		{"nothing else", map[string]string{SlotYesNo: ""}},
		{"对不起，我搞错了", map[string]string{SlotYesNo: ""}},
		{"对的", map[string]string{SlotYesNo: "yes"}},
		{"I need shoes for running", map[string]string{SlotCategory: "running", SlotOrdinal: ""}},
		{"first, where is my order", map[string]string{SlotOrdinal: ""}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := x.Extract(tt.text)
			for k, want := range tt.want {
				if got[k] != want {
					t.Errorf("%s = %q, want %q (all: %v)", k, got[k], want, got)
				}
			}
		})
	}
}
