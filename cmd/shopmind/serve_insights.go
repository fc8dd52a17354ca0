package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/supply"
)

// InsightsConfig is the [insights] section: customer segments, clusters and
// the churn and propensity model.
type InsightsConfig struct {
	RefreshEvery   Duration `toml:"refresh_every"`   // recompute segments and scores, e.g. "1h"; "0" only at start
	RetrainEvery   Duration `toml:"retrain_every"`   // train a new churn model when the stored one is older; "0" never (only when none is stored)
	Clusters       int      `toml:"clusters"`        // behavioural clusters (k of k-means)
	ChurnDays      int      `toml:"churn_days"`      // a customer has churned after this many days without an order
	PropensityDays int      `toml:"propensity_days"` // window of the next-purchase propensity
}

// SupplyConfig is the [supply] section: demand forecasts and stock advice.
type SupplyConfig struct {
	RefreshEvery     Duration `toml:"refresh_every"`      // recompute stock advice for every item, e.g. "1h"; "0" only at start
	LeadTimeDays     int      `toml:"lead_time_days"`     // days from placing a purchase order to receiving it
	ReviewPeriodDays int      `toml:"review_period_days"` // days between stock reviews; 0 for continuous review
	ServiceLevel     float64  `toml:"service_level"`      // wanted chance of no stock-out per replenishment cycle
}

func defaultInsightsConfig() InsightsConfig {
	return InsightsConfig{RefreshEvery: Duration{time.Hour}, RetrainEvery: Duration{24 * time.Hour}, Clusters: 5, ChurnDays: 90, PropensityDays: 30}
}

func defaultSupplyConfig() SupplyConfig {
	return SupplyConfig{RefreshEvery: Duration{time.Hour}, LeadTimeDays: 7, ServiceLevel: 0.95}
}

func badConfig(field, format string, args ...any) error {
	return &shopmind.Error{Code: shopmind.EINVALID, Field: field, Message: "config: " + field + ": " + fmt.Sprintf(format, args...)}
}

// validate checks the section; errors name the field.
func (c InsightsConfig) validate() error {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"insights.refresh_every", c.RefreshEvery.Duration}, {"insights.retrain_every", c.RetrainEvery.Duration}} {
		if d.v < 0 || d.v > 0 && d.v < time.Minute {
			return badConfig(d.name, "%s is neither 0 nor at least 1m", d.v)
		}
	}
	if c.Clusters < 1 || c.Clusters > 50 {
		return badConfig("insights.clusters", "%d is not from 1 to 50", c.Clusters)
	}
	if c.ChurnDays < 7 || c.ChurnDays > 730 {
		return badConfig("insights.churn_days", "%d is not from 7 to 730", c.ChurnDays)
	}
	if c.PropensityDays < 1 || c.PropensityDays > 365 {
		return badConfig("insights.propensity_days", "%d is not from 1 to 365", c.PropensityDays)
	}
	return nil
}

// validate checks the section; errors name the field.
func (c SupplyConfig) validate() error {
	if d := c.RefreshEvery.Duration; d < 0 || d > 0 && d < time.Minute {
		return badConfig("supply.refresh_every", "%s is neither 0 nor at least 1m", d)
	}
	if c.LeadTimeDays < 1 || c.LeadTimeDays > 365 {
		return badConfig("supply.lead_time_days", "%d is not from 1 to 365", c.LeadTimeDays)
	}
	if c.ReviewPeriodDays < 0 || c.ReviewPeriodDays > 365 {
		return badConfig("supply.review_period_days", "%d is not from 0 to 365", c.ReviewPeriodDays)
	}
	if !(c.ServiceLevel >= 0.5 && c.ServiceLevel < 1) || math.IsNaN(c.ServiceLevel) {
		return badConfig("supply.service_level", "%g is not in [0.5, 1)", c.ServiceLevel)
	}
	return nil
}

// newInsightsService builds the insights service the config describes.
func newInsightsService(store shopmind.Store, c InsightsConfig, ev EventsConfig) *insights.Service {
	svc := insights.NewService(store)
	svc.Skew = ev.FutureSkew.Duration
	svc.Churn = insights.ChurnOptions{ChurnDays: c.ChurnDays, PropensityDays: c.PropensityDays}
	svc.Cluster = insights.ClusterOptions{K: c.Clusters}
	svc.RetrainEvery = c.RetrainEvery.Duration
	if svc.RetrainEvery == 0 {
		svc.RetrainEvery = -1
	}
	return svc
}

// newSupplyService builds the supply service the config describes.
func newSupplyService(store shopmind.Store, c SupplyConfig, ev EventsConfig) *supply.Service {
	svc := supply.NewService(store, supply.Options{LeadTime: c.LeadTimeDays, ReviewPeriod: c.ReviewPeriodDays, ServiceLevel: c.ServiceLevel})
	svc.Skew = ev.FutureSkew.Duration
	return svc
}

// newInsights builds the insights and supply services. serve builds them
// before the recommendations, whose holdout evaluation reports quality by
// customer segment (insights.Service.Segments), and starts them after, as
// campaign targets ask the recommendations.
func newInsights(b base) (*insights.Service, *supply.Service) {
	// Their refreshes read the whole store: paced (serve_background.go).
	ins := newInsightsService(b.paced(), b.cfg.Insights, b.cfg.Events)
	ins.Logger = b.logger.With("capability", "insights")
	ins.Leading = b.cluster.Leading // the churn model is trained by the leader (serve_cluster.go)
	sup := newSupplyService(b.paced(), b.cfg.Supply, b.cfg.Events)
	sup.Logger = b.logger.With("capability", "supply")
	sup.Options.Workers = 1 // background work keeps off the second core
	return ins, sup
}

// startInsights recomputes insights and stock advice in the background: at
// start, then every refresh_every. Both recompute from the whole store:
// heavy jobs, one at a time after startup (serve_background.go).
func startInsights(ctx context.Context, b base, ins *insights.Service, sup *supply.Service) {
	b.jobs.Go(func() {
		refreshLoop(ctx, ins.Logger, "insights", b.cfg.Insights.RefreshEvery.Duration, b.jobs.Heavy(ins.Refresh))
	})
	b.jobs.Go(func() {
		refreshLoop(ctx, sup.Logger, "stock advice", b.cfg.Supply.RefreshEvery.Duration, b.jobs.Heavy(sup.Refresh))
	})
}

// refreshLoop runs refresh now and then every interval (never again when
// interval is 0) until ctx is cancelled. Failures are logged and retried at
// the next tick.
func refreshLoop(ctx context.Context, log interface {
	Info(string, ...any)
	Error(string, ...any)
}, what string, every time.Duration, refresh func(context.Context) error) {
	run := func() {
		start := time.Now()
		if err := refresh(ctx); err != nil {
			if ctx.Err() == nil {
				log.Error("refresh failed", "what", what, "err", err)
			}
			return
		}
		log.Info("refreshed", "what", what, "took", time.Since(start).Round(time.Millisecond))
	}
	run()
	if every <= 0 {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			run()
		}
	}
}
