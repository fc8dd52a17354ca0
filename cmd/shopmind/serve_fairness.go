package main

import (
	"strings"
	"time"

	"github.com/shopmind/shopmind/assistant"
	"github.com/shopmind/shopmind/fairness"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/nlp"
	recserve "github.com/shopmind/shopmind/recommend/serve"
	"github.com/shopmind/shopmind/vision"
)

// newFairness builds the fairness report and model cards
// (GET /v1/reports/fairness, GET /v1/models/{id}/card). Exposure comes from
// the tally startRecommend put around the served recommendations.
func newFairness(b base, rec *recommendation) *fairness.Service {
	return &fairness.Service{Store: b.store, Tally: rec.tally, Describe: modelDescriptions(), Now: time.Now, Served: rec.svc.Current}
}

// notPersonal is what no model reads.
var notPersonal = []string{"personal data: name, e-mail, phone, address (kept apart, never read by training)"}

// modelDescriptions says, for each model family serve trains or loads, what
// it is for and which data it reads (the model cards' purpose and inputs).
func modelDescriptions() map[string]fairness.Description {
	return map[string]fairness.Description{
		recserve.ModelPrefix: {
			Purpose: "Ranks catalog items for a shopper (their recommendations), for an item (similar, bought together) and overall (popular).",
			Inputs: []string{
				"events: view, click, cart, purchase, like, dislike, return and rating, weighted by recommend.weights, with their times (recent popularity)",
				"the shopper's own events since training (real-time history), read per request",
				"catalog: active flag, category, price and stock (to filter lists); title, description, category, brand and tags (content and hybrid models)",
			},
			NotUsed: append([]string{"orders' amounts and addresses", "review texts", "customer segments (used only to report quality by segment)"}, notPersonal...),
		},
		insights.ModelName: {
			Purpose: "Predicts each customer's churn risk and purchase propensity (logistic regression); ranks campaign targets with the propensity.",
			Inputs: []string{
				"per-customer features: " + strings.Join(insights.FeatureNames, ", "),
				"orders counted (not cancelled, refunded or returned) and view and cart events",
			},
			NotUsed: append([]string{"the RFM segment and cluster (reported beside the scores, not inputs)"}, notPersonal...),
		},
		nlp.SentimentModelName: {
			Purpose: "Classifies the sentiment of reviews (English and Chinese) for review intelligence.",
			Inputs:  []string{"review texts, with their star ratings as training labels"},
			NotUsed: append([]string{"the reviewer's identity"}, notPersonal...),
		},
		vision.ModelName: {
			Purpose: "Classifies product images by category and embeds them for visual search and similar items.",
			Inputs:  []string{"product images, with their items' top-level categories as training labels"},
			NotUsed: notPersonal,
		},
		assistant.IntentModelName: {
			Purpose: "Classifies shoppers' messages to the assistant into intents.",
			Inputs:  []string{"intent examples: the shipped English and Chinese ones, or assistant.intents"},
			NotUsed: append([]string{"conversation transcripts"}, notPersonal...),
		},
	}
}
