package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/store/postgres"
	"github.com/shopmind/shopmind/store/sqlite"
)

// exampleConfig is the commented configuration file printed by
// "shopmind config" and documented in docs/configuration.md.
//
//go:embed shopmind.example.toml
var exampleConfig string

// DefaultDataDir is where shopmind keeps its SQLite file when nothing is
// configured.
const DefaultDataDir = "shopmind-data"

// Config is shopmind's configuration. Every field has a working default, so
// shopmind runs with no configuration at all.
type Config struct {
	Store StoreConfig `toml:"store"`
	HTTP  HTTPConfig  `toml:"http"`
	Log   LogConfig   `toml:"log"`

	Events EventsConfig `toml:"events"` // config_events.go

	Recommend RecommendConfig `toml:"recommend"` // serve_recommend.go
	Insights  InsightsConfig  `toml:"insights"`  // serve_insights.go
	Supply    SupplyConfig    `toml:"supply"`    // serve_insights.go

	Assistant AssistantConfig `toml:"assistant"` // serve_assistant.go

	Images ImagesConfig `toml:"images"` // serve_vision.go

	Runtime RuntimeConfig `toml:"runtime"` // serve_runtime.go

	Privacy PrivacyConfig `toml:"privacy"` // serve_privacy.go

	Cluster ClusterConfig `toml:"cluster"` // serve_cluster.go
}

// StoreConfig chooses and locates the store.
type StoreConfig struct {
	Driver string `toml:"driver"` // "sqlite" (default) or "postgres"
	Path   string `toml:"path"`   // SQLite file; default shopmind-data/shopmind.db
	DSN    string `toml:"dsn"`    // PostgreSQL connection string, e.g. postgres://user@host:5432/db
	// SQLiteSynchronous is when a SQLite commit reaches the disk: "full"
	// (default; an acknowledged write survives a power cut) or "normal"
	// (one fsync fewer per commit; a power cut can lose the last
	// acknowledged writes). See docs/operations.md.
	SQLiteSynchronous string `toml:"sqlite_synchronous"`

	// DataKeyFile holds the key personal data is sealed with (datakey.go,
	// docs/security.md). Empty means the default: data.key in the user's
	// configuration folder, created on first use.
	DataKeyFile string `toml:"data_key_file"`

	dataKey string // the key itself, from SHOPMIND_DATA_KEY only (never from a file)
	keyDir  string // the default key file's folder when XDG_CONFIG_HOME is set
}

// HTTPConfig configures the API and console server.
type HTTPConfig struct {
	Addr            string   `toml:"addr"`             // listen address, default 127.0.0.1:8080
	MaxBodyBytes    int64    `toml:"max_body_bytes"`   // largest JSON body accepted, default 10 MiB
	ShutdownTimeout Duration `toml:"shutdown_timeout"` // how long in-flight requests may finish, default 15s

	// Abuse limits (httpapi.Options); 0 in a rate turns that limit off.
	AuthFailuresPerMinute float64 `toml:"auth_failures_per_minute"` // failed authentications per client address, default 10
	AuthFailureBurst      int     `toml:"auth_failure_burst"`       // failures at once before the rate applies, default 20
	KeyRequestsPerSecond  float64 `toml:"key_requests_per_second"`  // requests per API key, default 50
	KeyRequestBurst       int     `toml:"key_request_burst"`        // requests at once per key, default 100
	// Requests per client address with one publishable key (storefront
	// pages), default 20 a second after a burst of 200.
	VisitorRequestsPerSecond float64 `toml:"visitor_requests_per_second"`
	VisitorRequestBurst      int     `toml:"visitor_request_burst"`

	// TLS: both set serves HTTPS with this certificate (PEM, chain first)
	// and private key (PEM); both empty serves plain HTTP.
	TLSCert string `toml:"tls_cert"`
	TLSKey  string `toml:"tls_key"`
}

// LogConfig configures logging.
type LogConfig struct {
	Level  string `toml:"level"`  // debug, info, warn or error
	Format string `toml:"format"` // text or json
}

// Duration is a time.Duration written as "15s" in the config file.
type Duration struct{ time.Duration }

// UnmarshalText parses a duration such as "15s" or "2m".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration such as 15s", b)
	}
	d.Duration = v
	return nil
}

// MarshalText renders the duration as "15s".
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// DefaultConfig returns the configuration used when nothing is set.
func DefaultConfig() Config {
	return Config{
		Store: StoreConfig{Driver: "sqlite", Path: filepath.Join(DefaultDataDir, "shopmind.db"), SQLiteSynchronous: string(sqlite.SyncFull)},
		HTTP: HTTPConfig{Addr: "127.0.0.1:8080", MaxBodyBytes: 10 << 20, ShutdownTimeout: Duration{15 * time.Second},
			AuthFailuresPerMinute: httpapi.DefaultAuthFailuresPerMinute, AuthFailureBurst: httpapi.DefaultAuthFailureBurst,
			KeyRequestsPerSecond: httpapi.DefaultKeyRequestsPerSecond, KeyRequestBurst: httpapi.DefaultKeyRequestBurst,
			VisitorRequestsPerSecond: httpapi.DefaultVisitorRequestsPerSecond, VisitorRequestBurst: httpapi.DefaultVisitorRequestBurst},
		Log: LogConfig{Level: "info", Format: "text"},

		Events: defaultEventsConfig(),

		Recommend: defaultRecommendConfig(),
		Insights:  defaultInsightsConfig(),
		Supply:    defaultSupplyConfig(),

		Assistant: defaultAssistantConfig(),

		Images: defaultImagesConfig(),

		Runtime: defaultRuntimeConfig(),

		Privacy: defaultPrivacyConfig(),

		Cluster: defaultClusterConfig(),
	}
}

// ParseConfig reads a TOML configuration over the defaults. Unknown keys are
// errors naming the key.
func ParseConfig(r io.Reader) (Config, error) {
	c := DefaultConfig()
	md, err := toml.NewDecoder(r).Decode(&c)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return c, shopmind.Errorf(shopmind.EINVALID, "config: line %d: %s", perr.Position.Line, perr.Message)
		}
		return c, shopmind.Errorf(shopmind.EINVALID, "config: %v", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return c, &shopmind.Error{Code: shopmind.EINVALID, Field: und[0].String(), Message: fmt.Sprintf("config: unknown key %q", und[0].String())}
	}
	return c, nil
}

// ApplyEnv overrides c from SHOPMIND_* environment variables, one per field:
// SHOPMIND_STORE_DRIVER, SHOPMIND_STORE_PATH, SHOPMIND_STORE_DSN,
// SHOPMIND_STORE_SQLITE_SYNCHRONOUS,
// SHOPMIND_STORE_DATA_KEY_FILE, SHOPMIND_DATA_KEY (the data key itself),
// SHOPMIND_HTTP_ADDR, SHOPMIND_HTTP_MAX_BODY_BYTES,
// SHOPMIND_HTTP_SHUTDOWN_TIMEOUT, SHOPMIND_LOG_LEVEL and SHOPMIND_LOG_FORMAT.
func (c *Config) ApplyEnv(getenv func(string) string) error {
	set := func(name string, dst *string) {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	set("SHOPMIND_STORE_DRIVER", &c.Store.Driver)
	set("SHOPMIND_STORE_PATH", &c.Store.Path)
	set("SHOPMIND_STORE_DSN", &c.Store.DSN)
	set("SHOPMIND_STORE_SQLITE_SYNCHRONOUS", &c.Store.SQLiteSynchronous)
	set("SHOPMIND_STORE_DATA_KEY_FILE", &c.Store.DataKeyFile)
	set(envDataKey, &c.Store.dataKey)
	if v := getenv("XDG_CONFIG_HOME"); v != "" {
		c.Store.keyDir = filepath.Join(v, "shopmind")
	}
	set("SHOPMIND_HTTP_ADDR", &c.HTTP.Addr)
	set("SHOPMIND_LOG_LEVEL", &c.Log.Level)
	set("SHOPMIND_LOG_FORMAT", &c.Log.Format)
	if v := getenv("SHOPMIND_HTTP_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return &shopmind.Error{Code: shopmind.EINVALID, Field: "http.max_body_bytes", Message: fmt.Sprintf("SHOPMIND_HTTP_MAX_BODY_BYTES=%q is not an integer", v)}
		}
		c.HTTP.MaxBodyBytes = n
	}
	if err := c.Recommend.applyEnv(getenv); err != nil {
		return err
	}
	if v := getenv("SHOPMIND_HTTP_SHUTDOWN_TIMEOUT"); v != "" {
		if err := c.HTTP.ShutdownTimeout.UnmarshalText([]byte(v)); err != nil {
			return &shopmind.Error{Code: shopmind.EINVALID, Field: "http.shutdown_timeout", Message: "SHOPMIND_HTTP_SHUTDOWN_TIMEOUT: " + err.Error()}
		}
	}
	return nil
}

// Validate checks the configuration; errors name the field.
func (c *Config) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &shopmind.Error{Code: shopmind.EINVALID, Field: field, Message: "config: " + field + ": " + fmt.Sprintf(format, args...)}
	}
	switch c.Store.Driver {
	case "sqlite":
		if c.Store.Path == "" {
			return bad("store.path", "is required for the sqlite driver")
		}
		if s := sqlite.Synchronous(c.Store.SQLiteSynchronous); s != "" && s != sqlite.SyncFull && s != sqlite.SyncNormal {
			return bad("store.sqlite_synchronous", "%q is not one of full, normal", c.Store.SQLiteSynchronous)
		}
	case "postgres":
		if c.Store.DSN == "" {
			return bad("store.dsn", "is required for the postgres driver")
		}
	default:
		return bad("store.driver", "%q is not one of sqlite, postgres", c.Store.Driver)
	}
	if err := c.Store.keyBesideData(); err != nil {
		return err
	}
	if c.HTTP.Addr == "" {
		return bad("http.addr", "is required")
	}
	if c.HTTP.MaxBodyBytes < 1024 {
		return bad("http.max_body_bytes", "%d is below the minimum of 1024", c.HTTP.MaxBodyBytes)
	}
	if c.HTTP.ShutdownTimeout.Duration <= 0 {
		return bad("http.shutdown_timeout", "must be positive")
	}
	if c.HTTP.AuthFailuresPerMinute < 0 {
		return bad("http.auth_failures_per_minute", "%v is negative (0 turns the limit off)", c.HTTP.AuthFailuresPerMinute)
	}
	if c.HTTP.AuthFailureBurst < 1 {
		return bad("http.auth_failure_burst", "%d is below the minimum of 1", c.HTTP.AuthFailureBurst)
	}
	if c.HTTP.KeyRequestsPerSecond < 0 {
		return bad("http.key_requests_per_second", "%v is negative (0 turns the limit off)", c.HTTP.KeyRequestsPerSecond)
	}
	if c.HTTP.KeyRequestBurst < 1 {
		return bad("http.key_request_burst", "%d is below the minimum of 1", c.HTTP.KeyRequestBurst)
	}
	if c.HTTP.VisitorRequestsPerSecond < 0 {
		return bad("http.visitor_requests_per_second", "%v is negative (0 turns the limit off)", c.HTTP.VisitorRequestsPerSecond)
	}
	if c.HTTP.VisitorRequestBurst < 1 {
		return bad("http.visitor_request_burst", "%d is below the minimum of 1", c.HTTP.VisitorRequestBurst)
	}
	if (c.HTTP.TLSCert == "") != (c.HTTP.TLSKey == "") {
		if c.HTTP.TLSCert == "" {
			return bad("http.tls_cert", "is required when http.tls_key is set (set both to serve HTTPS, or neither)")
		}
		return bad("http.tls_key", "is required when http.tls_cert is set (set both to serve HTTPS, or neither)")
	}
	if _, err := parseLevel(c.Log.Level); err != nil {
		return bad("log.level", "%q is not one of debug, info, warn, error", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		return bad("log.format", "%q is not one of text, json", c.Log.Format)
	}
	if err := c.Events.validate(); err != nil {
		return err
	}
	if err := c.Recommend.validate(); err != nil {
		return err
	}
	if err := c.Insights.validate(); err != nil {
		return err
	}
	if err := c.Supply.validate(); err != nil {
		return err
	}
	if err := c.Assistant.validate(); err != nil {
		return err
	}
	if err := c.Runtime.validate(); err != nil {
		return err
	}
	if err := c.Images.validate(); err != nil {
		return err
	}
	if err := c.Privacy.validate(); err != nil {
		return err
	}
	if err := c.Cluster.validate(); err != nil {
		return err
	}
	return nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(strings.ToUpper(s)))
	return l, err
}

// loadConfig reads the configuration from path, or when path is empty from
// $SHOPMIND_CONFIG or ./shopmind.toml if either exists, then applies the
// environment and validates.
func loadConfig(env *Env, path string) (Config, error) {
	c := DefaultConfig()
	explicit := path != ""
	if path == "" {
		path = env.Getenv("SHOPMIND_CONFIG")
		explicit = path != ""
	}
	if path == "" {
		path = "shopmind.toml"
	}
	var data []byte
	var err error
	if path == "-" { // the configuration on standard input (serve's child processes)
		data, err = io.ReadAll(env.Stdin)
		path = "standard input"
	} else {
		data, err = os.ReadFile(path)
	}
	switch {
	case err == nil:
		if c, err = ParseConfig(bytes.NewReader(data)); err != nil {
			return c, fmt.Errorf("%s: %w", path, err)
		}
	case errors.Is(err, os.ErrNotExist) && !explicit:
	default:
		return c, shopmind.Errorf(shopmind.EINVALID, "config file: %v", err)
	}
	if err := c.ApplyEnv(env.Getenv); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// newLogger builds the logger the configuration asks for, writing to w.
func newLogger(c LogConfig, w io.Writer) *slog.Logger {
	level, _ := parseLevel(c.Level)
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStoreConfig opens the store the configuration names, creating the
// SQLite data folder when needed, applies migrations and gives the store
// its data key (datakey.go).
func openStoreConfig(ctx context.Context, c StoreConfig) (shopmind.Store, error) {
	st, err := openStoreRaw(ctx, c)
	if err != nil {
		return nil, err
	}
	if err := useDataKey(ctx, st, c); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// openStoreRaw opens the store like openStoreConfig but without a data
// key: sealed personal data does not open (privacy rotate-key gives the
// keys itself).
func openStoreRaw(ctx context.Context, c StoreConfig) (shopmind.Store, error) {
	switch c.Driver {
	case "postgres":
		db, err := postgres.Open(ctx, c.DSN)
		if err != nil {
			return nil, fmt.Errorf("open postgres store: %w", err)
		}
		return db, nil
	default:
		if dir := filepath.Dir(c.Path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("create data folder: %w", err)
			}
		}
		opts := sqlite.DefaultOptions()
		if c.SQLiteSynchronous != "" {
			opts.Synchronous = sqlite.Synchronous(c.SQLiteSynchronous)
		}
		db, err := sqlite.OpenWith(ctx, c.Path, opts)
		if err != nil {
			return nil, fmt.Errorf("open sqlite store %s: %w", c.Path, err)
		}
		return db, nil
	}
}

// openStore opens the store of the configuration found from the environment
// (see loadConfig).
func openStore(ctx context.Context, env *Env) (shopmind.Store, error) {
	c, err := loadConfig(env, "")
	if err != nil {
		return nil, err
	}
	return openStoreConfig(ctx, c.Store)
}
