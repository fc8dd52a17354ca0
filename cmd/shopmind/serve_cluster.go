package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopmind/shopmind"
)

// ClusterConfig is the [cluster] section: several serve processes (nodes)
// on one PostgreSQL store, behind a load balancer (docs/scaling.md). One
// node, the leader, trains models in the background; the others serve the
// versions it saves as soon as PostgreSQL announces them.
type ClusterConfig struct {
	// Node names this process in /readyz and the logs; default its host
	// name, process id and four random hex digits.
	Node string `toml:"node"`
	// PollEvery is how often serve also looks in the store for new model
	// versions; "0" (the default) means 10m on PostgreSQL, where new
	// versions are announced at once and polling is only a fallback, and 1m
	// on SQLite, where it finds versions "shopmind train" saved from
	// another process.
	PollEvery Duration `toml:"poll_every"`
	// RefreshEvery bounds how long a change made by another process
	// (another node, "shopmind import", "shopmind keys revoke") to the API
	// keys, the users' consent or the running experiments takes to apply
	// here: serve keeps them in memory, so that a request reads none of
	// them from the store, and reloads them twice per RefreshEvery. A change
	// made through this process applies to the next request. Default 2s;
	// between 100ms and 1m.
	RefreshEvery Duration `toml:"refresh_every"`
}

// DefaultRefreshEvery is cluster.refresh_every's default.
const DefaultRefreshEvery = 2 * time.Second

func defaultClusterConfig() ClusterConfig {
	return ClusterConfig{RefreshEvery: Duration{DefaultRefreshEvery}}
}

// Poll intervals of model versions when cluster.poll_every is 0.
const (
	announcedPollEvery = 10 * time.Minute // PostgreSQL: a fallback to LISTEN/NOTIFY
	unannouncedPoll    = time.Minute      // SQLite
)

// validate checks the section; errors name the field.
func (c ClusterConfig) validate() error {
	if d := c.PollEvery.Duration; d < 0 || d > 0 && d < time.Second {
		return badConfig("cluster.poll_every", "%s is neither 0 (the default) nor at least 1s", d)
	}
	if d := c.RefreshEvery.Duration; d < 100*time.Millisecond || d > time.Minute {
		return badConfig("cluster.refresh_every", "%s is not between 100ms and 1m (default 2s)", d)
	}
	if len(c.Node) > 100 {
		return badConfig("cluster.node", "is longer than 100 bytes")
	}
	return nil
}

// pollEvery is the model poll interval on the store driver.
func (c ClusterConfig) pollEvery(driver string) time.Duration {
	switch {
	case c.PollEvery.Duration > 0:
		return c.PollEvery.Duration
	case driver == "postgres":
		return announcedPollEvery
	}
	return unannouncedPoll
}

// leaderDecideWait is how long serve waits at start for its first campaign
// to be decided, so that a node that will lead trains what is missing
// before it counts as started, while a node that follows (whose campaign
// waits for the leader) starts serving after this pause.
const leaderDecideWait = 2 * time.Second

// campaignRetry is the pause before campaigning again after an error.
const campaignRetry = 5 * time.Second

// cluster is a serve process's part in the nodes sharing its store: it
// campaigns for the leadership for as long as serve runs, tells
// capabilities when it becomes the leader, and passes model announcements
// on to the capabilities serving those models.
type cluster struct {
	coord  shopmind.Coordinator
	node   string
	logger *slog.Logger

	leading atomic.Bool
	since   atomic.Pointer[time.Time]
	decided chan struct{} // closed when the first campaign returned

	mu      sync.Mutex
	onModel map[string][]func() // by model name
	onLead  []func()
}

// newCluster returns the cluster part of a process named node (a default
// name when empty) on store. A store that is no shopmind.Coordinator
// serves one node, which leads.
func newCluster(store shopmind.Store, node string, logger *slog.Logger) *cluster {
	coord, ok := store.(shopmind.Coordinator)
	if !ok {
		coord = soleNode{}
	}
	if node == "" {
		node = defaultNodeName()
	}
	return &cluster{coord: coord, node: node, logger: logger.With("node", node), decided: make(chan struct{}),
		onModel: map[string][]func(){}}
}

// defaultNodeName is the host name, the process id and random digits (two
// nodes in one process, as in tests, differ).
func defaultNodeName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "shopmind"
	}
	var b [2]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// Leading reports whether this node trains models in the background.
func (c *cluster) Leading() bool { return c.leading.Load() }

// Status reports the node's name and leadership, for /readyz.
func (c *cluster) Status() shopmind.NodeStatus {
	st := shopmind.NodeStatus{Node: c.node, Leader: c.Leading()}
	if t := c.since.Load(); t != nil && st.Leader {
		since := *t
		st.LeaderSince = &since
	}
	return st
}

// OnModel calls f whenever a version of model name is announced, or
// announcements may have been missed. f must not block.
func (c *cluster) OnModel(name string, f func()) {
	c.mu.Lock()
	c.onModel[name] = append(c.onModel[name], f)
	c.mu.Unlock()
}

// OnLead calls f whenever this node becomes the leader. f must not block.
func (c *cluster) OnLead(f func()) {
	c.mu.Lock()
	c.onLead = append(c.onLead, f)
	c.mu.Unlock()
}

// start listens for model announcements (before any capability loads a
// model, so none saved meanwhile is missed) and campaigns in the
// background, waiting up to leaderDecideWait for the first campaign.
func (c *cluster) start(ctx context.Context, jobs *jobs) error {
	models, err := c.coord.WatchModels(ctx)
	if err != nil {
		return fmt.Errorf("listen for model versions: %w", err)
	}
	jobs.Go(func() { c.watch(ctx, models) })
	jobs.Go(func() { c.campaign(ctx) })
	t := time.NewTimer(leaderDecideWait)
	defer t.Stop()
	select {
	case <-c.decided:
	case <-t.C:
		c.logger.Info("another node leads; this one serves the models it trains")
	case <-ctx.Done():
	}
	return nil
}

// campaign seeks the leadership until ctx is cancelled, and again whenever
// it is lost.
func (c *cluster) campaign(ctx context.Context) {
	for ctx.Err() == nil {
		lead, err := c.coord.Lead(ctx)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			c.decide()
			c.logger.Warn("campaign for leadership", "error", err)
			if !sleepCtx(ctx, campaignRetry) {
				break
			}
			continue
		}
		now := time.Now().UTC()
		c.since.Store(&now)
		c.leading.Store(true)
		c.decide()
		c.logger.Info("this node leads: it trains the models")
		c.mu.Lock()
		wake := append([]func(){}, c.onLead...)
		c.mu.Unlock()
		for _, f := range wake {
			f()
		}
		<-lead.Done()
		c.leading.Store(false)
		if ctx.Err() == nil {
			c.logger.Warn("this node lost the leadership (its connection to the store broke); campaigning again")
		}
	}
	c.decide()
}

// decide marks the first campaign as decided.
func (c *cluster) decide() {
	select {
	case <-c.decided:
	default:
		close(c.decided)
	}
}

// watch passes announcements on until ctx is cancelled, listening again
// if the watch ends early.
func (c *cluster) watch(ctx context.Context, models <-chan shopmind.ModelSaved) {
	for {
		for m := range models {
			c.mu.Lock()
			var wake []func()
			if m.Name == "" {
				for _, fs := range c.onModel {
					wake = append(wake, fs...)
				}
			} else {
				wake = append(wake, c.onModel[m.Name]...)
			}
			c.mu.Unlock()
			c.logger.Debug("model version announced", "model", m.Name, "version", m.Version)
			for _, f := range wake {
				f()
			}
		}
		for {
			if !sleepCtx(ctx, campaignRetry) {
				return
			}
			var err error
			if models, err = c.coord.WatchModels(ctx); err == nil {
				break
			}
			c.logger.Warn("listen for model versions", "error", err)
		}
	}
}

// exclusiveOn returns store's Exclusive (shopmind.Coordinator): fn runs
// while no other node or command on the store runs work of the same key,
// for one-off work such as training a missing model, which the next one
// then finds done. A store that is no Coordinator runs fn at once.
func exclusiveOn(store shopmind.Store) func(ctx context.Context, key string, fn func(context.Context) error) error {
	if co, ok := store.(shopmind.Coordinator); ok {
		return co.Exclusive
	}
	return soleNode{}.Exclusive
}

// sleepCtx waits d, or returns false when ctx is cancelled first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// soleNode is the Coordinator of a store that serves one node: it always
// leads, hears nothing and runs Exclusive work at once.
type soleNode struct{}

func (soleNode) Lead(ctx context.Context) (context.Context, error) { return ctx, ctx.Err() }

func (soleNode) WatchModels(ctx context.Context) (<-chan shopmind.ModelSaved, error) {
	ch := make(chan shopmind.ModelSaved)
	context.AfterFunc(ctx, func() { close(ch) })
	return ch, nil
}

func (soleNode) Exclusive(ctx context.Context, _ string, fn func(context.Context) error) error {
	return fn(ctx)
}
