// Package httpapi serves shopmind's JSON REST API over a store: NewServer takes
// Store, the interfaces of its route groups, and each group reaches only its own.
//
// Every route is declared once, as a Route in a table: Server.Handle mounts
// it on a standard library ServeMux (Go 1.22 patterns) behind API-key
// authentication, a role check, metrics, logging and panic recovery, and adds
// it to the OpenAPI 3.1 document served at /openapi.json. Application errors
// (*shopmind.Error) become JSON {"code","message","field"} bodies; this is the
// only package that maps error codes to HTTP status codes.
package httpapi

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shopmind/shopmind"
)

// Defaults for Options fields left zero.
const (
	DefaultMaxBodyBytes    = 10 << 20 // JSON request bodies
	DefaultShutdownTimeout = 10 * time.Second
	DefaultTouchInterval   = time.Minute
	DefaultMaxDrainBytes   = 64 << 20 // request body read and discarded after an early answer
)

// Options configure a Server. Zero fields take the defaults noted.
type Options struct {
	// Logger receives one line per request and the details of internal
	// errors; nil discards them.
	Logger *slog.Logger
	// Registry receives the server's metrics and the Go and process
	// collectors, and is served at /metrics; nil makes a fresh registry (never
	// the global one).
	Registry *prometheus.Registry
	// MaxBodyBytes limits JSON request bodies (DefaultMaxBodyBytes); image
	// uploads are limited to shopmind.MaxImageSize.
	MaxBodyBytes int64
	// MaxDrainBytes is how much of a request body the server reads and
	// discards when it answers without reading it all (413, 401...), so
	// that a client sending the whole body receives the answer
	// (DefaultMaxDrainBytes). Past it, the connection is closed.
	MaxDrainBytes int64
	// Now tells the time (time.Now).
	Now func() time.Time
	// Random supplies the randomness of new API keys (crypto/rand.Reader).
	Random io.Reader
	// Version is reported by /healthz and in the OpenAPI document.
	Version string
	// ShutdownTimeout bounds how long Serve waits for in-flight requests
	// after its context is cancelled (DefaultShutdownTimeout).
	ShutdownTimeout time.Duration
	// ImageDecoder decodes image uploads to check them, within bounds of
	// memory and concurrency (cmd/shopmind wires a vision.Decoder, shared
	// with the vision routes). Without it, uploads answer 503.
	ImageDecoder shopmind.ImageDecoder
	// TouchInterval is how often a key's last-used time is written back to
	// the store at most (DefaultTouchInterval), so that reads do not turn
	// into writes.
	TouchInterval time.Duration
	// EventSkew is how far after Now an ingested event may be dated
	// (shopmind.DefaultEventSkew when zero); a later one is refused with
	// 400 naming its time.
	EventSkew time.Duration
	// AuthFailuresPerMinute limits failed authentications per client
	// address (DefaultAuthFailuresPerMinute, negative: no limit), after
	// AuthFailureBurst of them at once (DefaultAuthFailureBurst). An address
	// over it gets 429 with Retry-After before its key is even checked.
	AuthFailuresPerMinute float64
	AuthFailureBurst      int
	// KeyRequestsPerSecond limits the requests of each API key
	// (DefaultKeyRequestsPerSecond, negative: no limit), after
	// KeyRequestBurst at once (DefaultKeyRequestBurst); past it, 429 with
	// Retry-After.
	KeyRequestsPerSecond float64
	KeyRequestBurst      int
	// VisitorRequestsPerSecond limits the requests of each client address
	// with one publishable key (DefaultVisitorRequestsPerSecond, negative:
	// no limit), after VisitorRequestBurst at once
	// (DefaultVisitorRequestBurst).
	VisitorRequestsPerSecond float64
	VisitorRequestBurst      int
	// Audit receives the audit log's entries and serves GET /v1/audit
	// (the store when nil).
	Audit shopmind.AuditService
	// Keys, Consents and Experiments, when set, replace the store for
	// authentication and /v1/keys, for /v1/users/{id}/consent, and for
	// /v1/experiments: serve passes the cache package's, which keep what
	// every request reads in memory and see the changes these routes make.
	Keys        shopmind.KeyService
	Consents    ConsentsStore
	Experiments shopmind.ExperimentService
	// LimiterEntries bounds the addresses and keys each limit remembers
	// (DefaultLimiterEntries); idle ones are forgotten first.
	LimiterEntries int
	// Node, when set, reports this process's place among the nodes sharing
	// the store, shown by /readyz.
	Node func() shopmind.NodeStatus
}

// Server is the HTTP API. Create it with NewServer, optionally add routes
// with Handle and set Console, then serve Handler or call Serve.
type Server struct {
	// Console, when set, serves every path outside the API (the web
	// console), without authentication: its pages sign in with a key and call
	// the API themselves.
	Console http.Handler
	// EventsStored, when set, is told of the events POST /v1/events
	// stored (after they committed), and EventsDeleted of an event
	// DELETE /v1/events/{id} removed: serve's in-memory tail of recent
	// events (recommend/serve.Tail) follows them at once.
	EventsStored  func(events []*shopmind.Event)
	EventsDeleted func()

	// The stores of the route groups (see Store), kept apart so that each
	// group's handlers reach only their own.
	health        HealthStore
	keys          shopmind.KeyService
	stats         StatsStore
	items         shopmind.ItemService
	categories    shopmind.CategoryService
	users         shopmind.UserService
	events        shopmind.EventService
	orders        OrdersStore
	reviews       ReviewsStore
	images        ImagesStore
	models        ModelLister
	promotions    PromotionsStore
	consents      ConsentsStore
	experiments   shopmind.ExperimentService
	conversations ConversationsStore
	audit         shopmind.AuditService
	opts          Options
	log           *slog.Logger
	metrics       *metrics

	mux      *http.ServeMux
	mu       sync.RWMutex
	routes   []Route
	prefixes map[string]bool // first path segments that belong to the API

	reqSeq  atomic.Uint64
	touchMu sync.Mutex
	touched map[string]time.Time // key id -> last TouchKey
	touches sync.WaitGroup       // TouchKey writes in flight (touch)

	authFailures    *limiter // per client address
	keyRequests     *limiter // per key id
	visitorRequests *limiter // per publishable key id and client address
	origins         *originCache
}

// NewServer returns a Server over store with the built-in routes mounted.
// Each route group keeps the part of store it uses (see Store).
func NewServer(store Store, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxDrainBytes <= 0 {
		opts.MaxDrainBytes = DefaultMaxDrainBytes
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Random == nil {
		opts.Random = rand.Reader
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = DefaultShutdownTimeout
	}
	if opts.TouchInterval <= 0 {
		opts.TouchInterval = DefaultTouchInterval
	}
	if opts.EventSkew <= 0 {
		opts.EventSkew = shopmind.DefaultEventSkew
	}
	if opts.AuthFailuresPerMinute == 0 {
		opts.AuthFailuresPerMinute = DefaultAuthFailuresPerMinute
	}
	if opts.AuthFailureBurst <= 0 {
		opts.AuthFailureBurst = DefaultAuthFailureBurst
	}
	if opts.KeyRequestsPerSecond == 0 {
		opts.KeyRequestsPerSecond = DefaultKeyRequestsPerSecond
	}
	if opts.KeyRequestBurst <= 0 {
		opts.KeyRequestBurst = DefaultKeyRequestBurst
	}
	if opts.VisitorRequestsPerSecond == 0 {
		opts.VisitorRequestsPerSecond = DefaultVisitorRequestsPerSecond
	}
	if opts.VisitorRequestBurst <= 0 {
		opts.VisitorRequestBurst = DefaultVisitorRequestBurst
	}
	if opts.LimiterEntries <= 0 {
		opts.LimiterEntries = DefaultLimiterEntries
	}
	if opts.Audit == nil {
		opts.Audit = store
	}
	var (
		keys        shopmind.KeyService        = store
		consents    ConsentsStore              = store
		experiments shopmind.ExperimentService = store
	)
	if opts.Keys != nil {
		keys = opts.Keys
	}
	if opts.Consents != nil {
		consents = opts.Consents
	}
	if opts.Experiments != nil {
		experiments = opts.Experiments
	}
	s := &Server{
		health:        store,
		keys:          keys,
		stats:         store,
		items:         store,
		categories:    store,
		users:         store,
		events:        store,
		orders:        store,
		reviews:       store,
		images:        store,
		models:        store,
		promotions:    store,
		consents:      consents,
		experiments:   experiments,
		conversations: store,
		audit:         opts.Audit,
		opts:          opts,
		log:           opts.Logger,
		metrics:       newMetrics(opts.Registry),
		mux:           http.NewServeMux(),
		prefixes:      map[string]bool{},
		touched:       map[string]time.Time{},

		authFailures: newLimiter(opts.AuthFailuresPerMinute/60, opts.AuthFailureBurst, opts.LimiterEntries, opts.Now),
		keyRequests:  newLimiter(opts.KeyRequestsPerSecond, opts.KeyRequestBurst, opts.LimiterEntries, opts.Now),

		visitorRequests: newLimiter(opts.VisitorRequestsPerSecond, opts.VisitorRequestBurst, opts.LimiterEntries, opts.Now),
	}
	s.origins = &originCache{load: s.keys.Keys, now: opts.Now, log: s.log}
	for _, group := range [][]Route{
		s.healthRoutes(), s.keyRoutes(), s.statsRoutes(), s.itemRoutes(), s.categoryRoutes(), s.userRoutes(),
		s.eventRoutes(), s.orderRoutes(), s.reviewRoutes(), s.imageRoutes(), s.modelRoutes(),
		s.promotionRoutes(), s.auditRoutes(), s.consentRoutes(),
	} {
		for _, r := range group {
			s.Handle(r)
		}
	}
	return s
}

// Now returns the current time from Options.Now.
func (s *Server) Now() time.Time { return s.opts.Now() }

// Logger returns the server's logger.
func (s *Server) Logger() *slog.Logger { return s.log }

// Handler returns the server's root handler: the API routes, and the
// Console for every other path when it is set.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Serve serves HTTP on ln until ctx is cancelled, then shuts down
// gracefully: it stops accepting connections and waits up to
// Options.ShutdownTimeout for in-flight requests to finish. It returns nil
// after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // whole request, body included: bounds slow uploads
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	s.touches.Wait() // the last keys' last-used times, before the store closes
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// isAPIPath reports whether path belongs to a registered route's first
// segment (such as "v1" or "healthz") rather than to the console.
func (s *Server) isAPIPath(path string) bool {
	seg := strings.TrimPrefix(path, "/")
	if i := strings.IndexByte(seg, '/'); i >= 0 {
		seg = seg[:i]
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.prefixes[seg]
}
