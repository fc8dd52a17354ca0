// Package assistant is shopmind's customer-service assistant, in English
// and Chinese: an intent classifier (TrainIntents; LoadIntents keeps the
// trained model in the store), dialogue flows and replies (Script), FAQ
// answers by BM25 (FAQ), catalog search and guided shopping on the
// recommender, order status, cancellation and returns with proof of
// ownership, and a hand-off queue a person answers (Service). Build puts
// them together on a store.
package assistant
