// Package serve is the recommendation service: it trains a model family of
// package recommend on a store's events and items, saves each training as
// a versioned model, serves the newest version (recommend.Serving) and
// swaps to a new one atomically, merges each user's events that arrived
// since training into their history at request time, retrains on a
// schedule while its process leads, and forgets erased users. Service
// implements shopmind.Recommender and shopmind.Forgetter; Variants runs one
// Service per family for the experiments that name them.
//
// The models, their datasets, offline evaluation, tuning and the serving
// core that both the service and the evaluation rank through stay in
// package recommend.
package serve
