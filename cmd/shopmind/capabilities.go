package main

import (
	"context"
	"log/slog"

	"github.com/shopmind/shopmind"
	recserve "github.com/shopmind/shopmind/recommend/serve"
)

// base is what serve builds every capability on: the configuration, the
// store, the logger, the background jobs and the node's part in the
// cluster. serve makes it once, before the first capability; it does not
// change after. What one capability gives another (the recommender the
// assistant asks, the models erasure reaches) is passed explicitly by
// serve (serve.go).
type base struct {
	cfg    Config
	store  shopmind.Store
	logger *slog.Logger
	jobs   *jobs
	// cluster says whether this node trains models (it leads the nodes
	// sharing the store) and passes on announced model versions.
	cluster *cluster
	// hot holds in memory what every request reads (serve_hot.go).
	hot *hotReads
	// tail keeps the events since the served models' training in memory
	// for the recommendation requests (nil: they read the store); the
	// API tells it of the events it stores and deletes.
	tail *recserve.Tail
	// trainOutside trains a recommendation model in a child process
	// (serve_train_child.go); nil: in serve's own.
	trainOutside func(ctx context.Context, model string) error
}

// paced returns the store with its list calls paced when made from a heavy
// background job (serve_background.go); requests are never paced.
func (b base) paced() shopmind.Store { return pacedStore{b.store} }

// followLeader makes svc train only while this node leads, and reload at
// once when a version of its model is announced or this node becomes the
// leader (serve_cluster.go).
func (b base) followLeader(svc *recserve.Service) {
	svc.Leading = b.cluster.Leading
	b.cluster.OnModel(recserve.ModelPrefix+svc.Config.Model, svc.Wake)
	b.cluster.OnLead(svc.Wake)
}
