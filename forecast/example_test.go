package forecast_test

import (
	"fmt"

	"github.com/shopmind/shopmind/forecast"
)

// Forecast two weeks of an item's daily demand and turn it into stock
// advice for a 3-day lead time.
func Example() {
	weekly := []float64{8, 9, 10, 10, 11, 14, 8}
	y := make([]float64, 10*7)
	for i := range y {
		y[i] = weekly[i%7]
	}
	model, err := forecast.SeasonalNaive{}.Fit(y, 7)
	if err != nil {
		panic(err)
	}
	fc, err := model.Forecast(14, 0.95)
	if err != nil {
		panic(err)
	}
	advice, err := forecast.Advise(fc, forecast.Policy{OnHand: 20, LeadTime: 3, ServiceLevel: 0.95, PackSize: 6})
	if err != nil {
		panic(err)
	}
	fmt.Println(model.Describe(), fc.Mean[:7])
	fmt.Printf("reorder point %.0f, order %.0f, cover %.1f days, at risk %v\n",
		advice.ReorderPoint, advice.OrderQuantity, advice.DaysOfCover, advice.AtRisk)
	// Output:
	// SNaive(7) [8 9 10 10 11 14 8]
	// reorder point 27, order 120, cover 2.3 days, at risk true
}
