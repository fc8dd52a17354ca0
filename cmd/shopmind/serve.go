package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/experiment"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/privacy"
	"github.com/shopmind/shopmind/web"
)

// ServeCommand runs the REST API and the web console: "shopmind serve".
type ServeCommand struct {
	env *Env
}

// Run parses flags, opens the store and serves until ctx is cancelled.
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	configPath := fs.String("config", "", "configuration file (default $SHOPMIND_CONFIG or ./shopmind.toml)")
	addr := fs.String("addr", "", "listen address, overriding http.addr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(c.env, *configPath)
	if err != nil {
		return err
	}
	if *addr != "" {
		cfg.HTTP.Addr = *addr
	}
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer store.Close()
	return serve(ctx, c.env, cfg, store, func(addr string) {
		fmt.Fprintf(c.env.Stdout, "shopmind %s serving the API and console on %s://%s/\n", version, cfg.HTTP.scheme(), addr)
	})
}

// serve builds every capability in order on one HTTP server, starts their
// background work and serves on cfg.HTTP.Addr until ctx is cancelled, then
// lets in-flight requests finish and waits for the background work to stop
// (before the caller closes the store). ready is called with the bound
// address.
func serve(ctx context.Context, env *Env, cfg Config, store shopmind.Store, ready func(addr string)) error {
	logger := newLogger(cfg.Log, env.Stderr)
	defer cfg.Runtime.apply(env.Getenv)()
	tlsConfig, err := cfg.HTTP.tlsConfig()
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerStoreMetrics(reg, store)
	// One image decoder bounds the decoding of every route that takes images.
	decoder := cfg.Images.decoder()
	cl := newCluster(store, cfg.Cluster.Node, logger)
	// What every request reads of the store is kept in memory: the API
	// keys, the users who refuse personalisation and the running
	// experiments. Changes made through them apply to the next request;
	// changes made by another process within cluster.refresh_every.
	hot := newHotReads(store, cfg.Cluster.RefreshEvery.Duration)
	// Recommendation requests find the events since training in memory;
	// the API tells the tail of the events it stores and deletes.
	tail := cfg.Recommend.recentEvents(store, cfg.Store.Driver, logger)
	registerTailMetrics(reg, tail)
	srv := httpapi.NewServer(store, httpapi.Options{
		ImageDecoder:    decoder,
		Logger:          logger,
		Registry:        reg,
		MaxBodyBytes:    cfg.HTTP.MaxBodyBytes,
		ShutdownTimeout: cfg.HTTP.ShutdownTimeout.Duration,
		Now:             time.Now,
		Version:         version,
		EventSkew:       cfg.Events.FutureSkew.Duration,

		AuthFailuresPerMinute: offIfZero(cfg.HTTP.AuthFailuresPerMinute),
		AuthFailureBurst:      cfg.HTTP.AuthFailureBurst,
		KeyRequestsPerSecond:  offIfZero(cfg.HTTP.KeyRequestsPerSecond),
		KeyRequestBurst:       cfg.HTTP.KeyRequestBurst,

		VisitorRequestsPerSecond: offIfZero(cfg.HTTP.VisitorRequestsPerSecond),
		VisitorRequestBurst:      cfg.HTTP.VisitorRequestBurst,

		Node: cl.Status,

		Keys:        hot.keys,
		Consents:    hot.consents,
		Experiments: hot.experiments,
	})
	if tail != nil {
		srv.EventsStored, srv.EventsDeleted = tail.Accepted, tail.Reset
	}
	srv.Console = web.NewHandler(web.Options{Version: version})
	// A configuration that differs from the last one recorded is a change
	// of settings: the audit log keeps when it took effect.
	if err := recordSettings(ctx, store, cfg); err != nil {
		logger.Error("audit log: settings", "error", err)
	}

	// Capabilities' background work stops, and is waited for, before the
	// store is closed.
	bg, stopBackground := context.WithCancel(ctx)
	jobs := &jobs{}
	defer jobs.Wait()
	defer stopBackground()
	// One node of those sharing the store trains (serve_cluster.go): the
	// cluster listens for model versions before any capability loads one.
	if err := cl.start(bg, jobs); err != nil {
		return err
	}
	b := base{cfg: cfg, store: store, logger: logger, jobs: jobs, cluster: cl, hot: hot, tail: tail,
		trainOutside: childTrainer(env, cfg, logger)}
	hot.start(bg, jobs, logger)

	// The capabilities, in order: each is built on b and on what the ones
	// before it give, mounted on srv, and started (serve_<name>.go).

	// Imports that a process which is gone left half done are rolled back.
	startImports(bg, b)

	// A/B tests: assignment, exposures and results (docs/experiments.md).
	// A shopper who refuses personalisation is in no arm (as the lists
	// served to them are the default's): privacy.ConsentExperiments.
	exps := experiment.NewService(hot.experiments)
	srv.HandleExperiments(&privacy.ConsentExperiments{Experiments: exps, Consents: hot.consents})

	// Recommendations, served through the experiments. Insights are built
	// first, as the holdout evaluation reports quality by their customer
	// segments, and started after, as campaign targets ask the
	// recommendations.
	ins, sup := newInsights(b)
	rec := startRecommend(bg, b, exps, ins.Segments)
	srv.HandleRecommendations(rec.api)
	ins.Recommender = rec.shared
	srv.HandleInsights(ins)
	srv.HandleSupply(sup)
	startInsights(bg, b, ins, sup)

	// Review intelligence.
	reviews, err := startNLP(bg, b)
	if err != nil {
		return err
	}
	srv.HandleReviewInsights(reviews)

	// The customer-service assistant: guided shopping asks the
	// recommendations.
	asst, err := startAssistant(bg, b, rec.shared)
	if err != nil {
		return err
	}
	srv.HandleAssistant(asst.Service)

	// Product vision.
	vis := startVision(bg, b, decoder)
	srv.HandleVision(vis)

	// The fairness report and model cards: exposure from the lists the API
	// served (rec.tally).
	srv.HandleFairness(newFairness(b, rec))

	// The owner's overview of a period, over the services above; the
	// default period is recomputed every few minutes.
	srv.HandleOverview(startOverview(bg, b, ins, sup, reviews, vis))

	// Erasure and export: erasure reaches every in-memory model holding
	// per-user state.
	srv.HandlePrivacy(newPrivacy(b, append(rec.forgetters, ins, hot.consents)))

	// The event retention period, applied on its schedule.
	startRetention(bg, b)

	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return shopmind.Errorf(shopmind.EUNAVAILABLE, "listen on %s: %v (is another shopmind running? set http.addr or --addr)", cfg.HTTP.Addr, err)
	}
	if tlsConfig != nil {
		ln = tls.NewListener(ln, tlsConfig)
	}
	ready(ln.Addr().String())
	logger.Info("serving", "addr", ln.Addr().String(), "store", cfg.Store.Driver)
	return srv.Serve(ctx, ln)
}

// tlsConfig returns the TLS configuration of http.tls_cert and
// http.tls_key, or nil when TLS is not configured.
func (h HTTPConfig) tlsConfig() (*tls.Config, error) {
	if h.TLSCert == "" {
		return nil, nil
	}
	cert, err := tls.LoadX509KeyPair(h.TLSCert, h.TLSKey)
	if err != nil {
		return nil, &shopmind.Error{Code: shopmind.EINVALID, Field: "http.tls_cert",
			Message: fmt.Sprintf("config: http.tls_cert, http.tls_key: cannot load the certificate %s and key %s: %v", h.TLSCert, h.TLSKey, err)}
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}, nil
}

// offIfZero maps a configured rate of 0 (no limit) to httpapi's negative
// "no limit" (its 0 means the default).
func offIfZero(rate float64) float64 {
	if rate == 0 {
		return -1
	}
	return rate
}

// scheme is "https" when TLS is configured, else "http".
func (h HTTPConfig) scheme() string {
	if h.TLSCert != "" {
		return "https"
	}
	return "http"
}
