// Package insights turns a shop's orders and events into marketing
// insights: RFM scores and named segments, behavioural clusters (k-means),
// churn risk and next-purchase propensity from logistic regression models
// trained on the shop's own history (evaluated by AUC on a time-based
// split), campaign targeting with expected uplift, the view -> cart ->
// purchase funnel and monthly cohorts.
//
// # Layers
//
// The computations are pure functions over in-memory data ([History]):
// [ComputeRFM], [KMeans], [TrainChurn], [Funnel], [ComputeCohorts]. [Service]
// implements shopmind.InsightsService on a shopmind.InsightsStore: it reads a
// [History] with [Load], keeps the latest [Snapshot] and swaps it
// atomically on Refresh.
//
// # Counted orders
//
// An order counts as a purchase unless it is cancelled, refunded or
// returned; it happens at its CreatedAt.
package insights
