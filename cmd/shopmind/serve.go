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
	"github.com/shopmind/shopmind/httpapi"
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

// serve runs the HTTP server on cfg.HTTP.Addr until ctx is cancelled, then
// lets in-flight requests finish. ready is called with the bound address.
func serve(ctx context.Context, env *Env, cfg Config, store shopmind.Store, ready func(addr string)) error {
	logger := newLogger(cfg.Log, env.Stderr)
	defer cfg.Runtime.apply(env.Getenv)()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	registerStoreMetrics(reg, store)

	decoder := cfg.Images.decoder()
	var tlsConfig *tls.Config
	if cfg.HTTP.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.HTTP.TLSCert, cfg.HTTP.TLSKey)
		if err != nil {
			return &shopmind.Error{Code: shopmind.EINVALID, Field: "http.tls_cert",
				Message: fmt.Sprintf("config: http.tls_cert, http.tls_key: cannot load the certificate %s and key %s: %v", cfg.HTTP.TLSCert, cfg.HTTP.TLSKey, err)}
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, NextProtos: []string{"http/1.1"}}
	}
	cl := newCluster(store, cfg.Cluster.Node, logger)
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

		Node: cl.Status,
	})
	srv.Console = web.NewHandler(web.Options{Version: version})
	// A configuration that differs from the last one recorded is a change
	// of settings: the audit log keeps when it took effect.
	if err := recordSettings(ctx, store, cfg); err != nil {
		logger.Error("audit log: settings", "error", err)
	}
	// Capabilities' background work stops before the store is closed.
	bg, stopBackground := context.WithCancel(ctx)
	w := &wiring{env: env, cfg: cfg, store: store, srv: srv, logger: logger, decoder: decoder, cluster: cl}
	defer w.wg.Wait()
	defer stopBackground()
	// One node of those sharing the store trains (serve_cluster.go).
	if err := cl.start(bg, w); err != nil {
		return err
	}
	for _, wire := range capabilities() {
		if err := wire(bg, w); err != nil {
			return err
		}
	}

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
