// Package fairness reports whom served recommendations favour and documents
// every model: exposure of items, brands and price bands against their share
// of the catalog (Gini coefficient, catalog coverage, popularity bias),
// recommendation quality by user group from the holdout evaluation, and a
// model card per stored model.
//
// Exposure is counted by a Tally that wraps the served Recommender: every
// list answered through the API adds one impression per item. The tally is
// in memory and bounded (Tally.MaxItems distinct items; more go to an
// overflow count), so it starts again at zero when serve restarts; the
// report says since when it counts.
package fairness
