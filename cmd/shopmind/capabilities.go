package main

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/fairness"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/recommend"
	"github.com/shopmind/shopmind/vision"
)

// capability is one model family's part of "shopmind serve": it adds its
// routes to the server and may run background work (loading the newest
// models, retraining on a schedule) until ctx is cancelled.
type capability func(ctx context.Context, w *wiring) error

// wiring is what a capability gets from serve, and what capabilities share
// with the ones wired after them.
type wiring struct {
	env    *Env
	cfg    Config
	store  shopmind.Store
	srv    *httpapi.Server
	logger *slog.Logger
	// decoder decodes uploaded images for every route that takes them.
	decoder *vision.Decoder
	// cluster says whether this node trains models (it leads the nodes
	// sharing the store) and passes on announced model versions.
	cluster *cluster

	// experiments is set by wireExperiments: the A/B test service that
	// assigns users and logs exposures; wireRecommend gives it the
	// variants' models.
	experiments *experiment.Service
	// recommender is set by wireRecommend: the one in-memory recommendation
	// service, shared by guided shopping and campaign targeting (it does not
	// log experiment exposures; the API's wrapper does).
	recommender shopmind.Recommender
	// recommendSvc is the same service, for the fairness report's model
	// cards; tally counts every list the API serves (serve_fairness.go).
	recommendSvc *recommend.Service
	tally        *fairness.Tally
	// insights is set by wireInsights: segments for the recommendation
	// holdout evaluation by user group, which may run before it.
	insights atomic.Pointer[insights.Service]
	// supply, reviews and vision are set by wireInsights, wireNLP and
	// wireVision, for the owner's overview (serve_overview.go).
	supply  shopmind.SupplyService
	reviews shopmind.ReviewInsights
	vision  shopmind.Vision
	// forgetters are the in-memory models that hold per-user state, which
	// wirePrivacy's erasure removes a user from at once (recommendation
	// services, insights).
	forgetters []shopmind.Forgetter

	wg sync.WaitGroup
	// bg serialises heavy background jobs (see Heavy, serve_background.go).
	bg background
}

// Go runs f in the background; serve waits for every such f to return
// (after cancelling their context) before it closes the store.
func (w *wiring) Go(f func()) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		f()
	}()
}

// capabilities lists the capabilities serve wires, in order. Each lives in
// its own file of this package (serve_<name>.go).
func capabilities() []capability {
	return []capability{wireImports, wireExperiments, wireRecommend, wireInsights, wireNLP, wireAssistant, wireVision, wireFairness, wireOverview, wirePrivacy, wireRetention}
}
