package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

func TestParseConfig(t *testing.T) {
	t.Run("ExampleIsDefault", func(t *testing.T) {
		c, err := ParseConfig(strings.NewReader(exampleConfig))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c, DefaultConfig()) {
			t.Fatalf("example config %+v differs from defaults %+v", c, DefaultConfig())
		}
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OverridesDefaults", func(t *testing.T) {
		c, err := ParseConfig(strings.NewReader("[store]\ndriver = \"postgres\"\ndsn = \"postgres://x@y/z\"\n[http]\nshutdown_timeout = \"2m\"\n"))
		if err != nil {
			t.Fatal(err)
		}
		if c.Store.Driver != "postgres" || c.Store.DSN != "postgres://x@y/z" || c.HTTP.ShutdownTimeout.Duration != 2*time.Minute {
			t.Fatalf("got %+v", c)
		}
		if c.HTTP.Addr != "127.0.0.1:8080" {
			t.Fatalf("unset field lost its default: %q", c.HTTP.Addr)
		}
	})
	for _, tt := range []struct{ name, in, field, msg string }{
		{"ErrUnknownKey", "[store]\ndrivr = \"sqlite\"\n", "store.drivr", "unknown key"},
		{"ErrSyntax", "[store\n", "", "config: line"},
		{"ErrBadDuration", "[http]\nshutdown_timeout = \"soon\"\n", "", "duration"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig(strings.NewReader(tt.in))
			if shopmind.ErrorCode(err) != shopmind.EINVALID {
				t.Fatalf("code = %q (%v), want invalid", shopmind.ErrorCode(err), err)
			}
			if shopmind.ErrorField(err) != tt.field || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v (field %q), want field %q and %q", err, shopmind.ErrorField(err), tt.field, tt.msg)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"ErrDriver", func(c *Config) { c.Store.Driver = "mysql" }, "store.driver"},
		{"ErrPostgresDSN", func(c *Config) { c.Store.Driver = "postgres" }, "store.dsn"},
		{"ErrSQLitePath", func(c *Config) { c.Store.Path = "" }, "store.path"},
		{"ErrSQLiteSynchronous", func(c *Config) { c.Store.SQLiteSynchronous = "off" }, "store.sqlite_synchronous"},
		{"ErrAddr", func(c *Config) { c.HTTP.Addr = "" }, "http.addr"},
		{"ErrBody", func(c *Config) { c.HTTP.MaxBodyBytes = 10 }, "http.max_body_bytes"},
		{"ErrShutdown", func(c *Config) { c.HTTP.ShutdownTimeout.Duration = 0 }, "http.shutdown_timeout"},
		{"ErrAuthRate", func(c *Config) { c.HTTP.AuthFailuresPerMinute = -1 }, "http.auth_failures_per_minute"},
		{"ErrAuthBurst", func(c *Config) { c.HTTP.AuthFailureBurst = 0 }, "http.auth_failure_burst"},
		{"ErrKeyRate", func(c *Config) { c.HTTP.KeyRequestsPerSecond = -5 }, "http.key_requests_per_second"},
		{"ErrKeyBurst", func(c *Config) { c.HTTP.KeyRequestBurst = 0 }, "http.key_request_burst"},
		{"ErrVisitorBurst", func(c *Config) { c.HTTP.VisitorRequestBurst = 0 }, "http.visitor_request_burst"},
		{"ErrVisitorRate", func(c *Config) { c.HTTP.VisitorRequestsPerSecond = -1 }, "http.visitor_requests_per_second"},
		{"ErrTLSKeyMissing", func(c *Config) { c.HTTP.TLSCert = "cert.pem" }, "http.tls_key"},
		{"ErrTLSCertMissing", func(c *Config) { c.HTTP.TLSKey = "key.pem" }, "http.tls_cert"},
		{"ErrLevel", func(c *Config) { c.Log.Level = "loud" }, "log.level"},
		{"ErrFormat", func(c *Config) { c.Log.Format = "xml" }, "log.format"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c)
			err := c.Validate()
			if got := shopmind.ErrorField(err); got != tt.field {
				t.Fatalf("field = %q (%v), want %q", got, err, tt.field)
			}
		})
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "custom.toml")
	if err := os.WriteFile(path, []byte("[http]\naddr = \"127.0.0.1:9999\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"SHOPMIND_CONFIG": path, "SHOPMIND_LOG_LEVEL": "debug", "SHOPMIND_STORE_PATH": filepath.Join(dir, "x.db")}
	env := &Env{Getenv: func(k string) string { return vars[k] }}
	c, err := loadConfig(env, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != "127.0.0.1:9999" || c.Log.Level != "debug" || c.Store.Path != filepath.Join(dir, "x.db") {
		t.Fatalf("got %+v", c)
	}
	t.Run("ErrMissingExplicitFile", func(t *testing.T) {
		if _, err := loadConfig(env, filepath.Join(dir, "nope.toml")); err == nil {
			t.Fatal("want an error for a missing --config file")
		}
	})
	t.Run("ErrEnvType", func(t *testing.T) {
		vars["SHOPMIND_HTTP_MAX_BODY_BYTES"] = "lots"
		defer delete(vars, "SHOPMIND_HTTP_MAX_BODY_BYTES")
		_, err := loadConfig(env, "")
		if shopmind.ErrorField(err) != "http.max_body_bytes" {
			t.Fatalf("err = %v", err)
		}
	})
}
