// Package forecast forecasts demand for a shop's items and turns the forecasts
// into stock advice.
//
// # Methods
//
// Every method implements [Method]: Fit(y, season) returns a fitted [Model]
// whose Forecast(h, level) gives point forecasts with prediction intervals.
//
//   - [SeasonalNaive]: the value one season ago; analytic intervals.
//   - [ETS]: exponential smoothing state-space models (simple, Holt, damped
//     Holt, Holt-Winters additive and multiplicative seasonality, additive or
//     multiplicative errors), parameters fitted by Nelder-Mead
//     (gonum.org/v1/gonum/optimize), the model chosen by AICc or, with
//     Combine, the forecasts averaged by Akaike weights. [SES], [Holt],
//     [HoltWinters] and [FastETS] are presets.
//   - [Croston], with variants SBA and TSB, for intermittent demand.
//   - [Auto]: per-series choice among candidates by rolling-origin back-testing
//     on the training part only.
//
// # Input
//
// Series are equally spaced non-negative values. NaN marks a missing value:
// ETS skips it (the state is propagated without an update); the other methods
// interpolate it linearly. Negative and infinite values are rejected with an
// EINVALID *shopmind.Error naming the field ("values[i]"). A series too short
// for its season falls back to a non-seasonal model and says so in
// [Forecast.Notes]. [Regularize] fills gaps in dates.
//
// Known events (promotions, holidays) are handled by [FitEvents]:
// multiplicative effects per event label, estimated from history.
//
// [MethodByName] builds a method from its name ("ets", "ets-avg", "snaive",
// "tsb", ...), as the CLI and API take them.
//
// # Evaluation
//
// [Backtest] holds out the last H points of each series and reports MASE and
// sMAPE per method, in parallel over series. [ReadCSV] reads long-format CSV
// (id, date, value), gzip-compressed or not.
//
// # Stock advice
//
// [Advise] computes safety stock, reorder point, order quantity, days of cover
// and a stock-out risk flag from a forecast and a [Policy].
package forecast
