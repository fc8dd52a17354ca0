package demo

import "testing"

// BenchmarkGenerate measures generating the default demo shop (2,000 items,
// 5,000 shoppers, a year).
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		shop, err := Generate(Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(shop.Events)), "events")
		b.ReportMetric(float64(len(shop.Orders)), "orders")
		b.ReportMetric(float64(len(shop.Reviews)), "reviews")
	}
}
