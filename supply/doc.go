// Package supply is the store-facing side of demand forecasting: it builds
// per-item and per-category demand series from the shop's orders, forecasts
// them with package forecast (which stays pure) and turns the forecasts into
// stock advice with forecast.Advise.
//
// Demand is the quantity of counted order lines (orders not cancelled,
// refunded or returned) per UTC day of the order's creation; a shop without
// orders falls back to purchase events (Value as quantity, 1 when 0). Days
// without orders sold nothing (zeros, not gaps). Series start on the day the
// item was created, or the first day of data, whichever is later.
//
// [Service] implements shopmind.SupplyService: it keeps the latest demand
// and stock advice for every item and swaps them atomically on Refresh.
package supply
