package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/demo"
)

// testEnv runs commands against a store in a temporary folder, configured
// only through the environment, as a user would.
func testEnv(t *testing.T) (*Env, *syncBuffer, *syncBuffer) {
	t.Helper()
	vars := map[string]string{
		"SHOPMIND_STORE_PATH": filepath.Join(t.TempDir(), "shop.db"),
		"SHOPMIND_CONFIG":     "", // never pick up a developer's shopmind.toml
		"SHOPMIND_LOG_LEVEL":  "warn",
	}
	var stdout, stderr syncBuffer
	return &Env{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""), Getenv: func(k string) string { return vars[k] }}, &stdout, &stderr
}

// dataDir returns the folder of the shared data set name (under
// $SHOPMIND_DATA, or the checkout's ../shared/data), or skips the test when
// its file probe is not there; title names the data set in the message.
func dataDir(t *testing.T, name, probe, title string) string {
	t.Helper()
	dir := os.Getenv("SHOPMIND_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	dir = filepath.Join(dir, name)
	if _, err := os.Stat(filepath.Join(dir, probe)); err != nil {
		t.Skipf("%s not found at %s (set SHOPMIND_DATA): skipping", title, dir)
	}
	return dir
}

func movieLensDir(t *testing.T) string {
	t.Helper()
	return dataDir(t, "movielens-100k", "u.item", "MovieLens-100K")
}

// openEnvStore opens the store env configures, as the commands do. The
// caller closes it, before running commands on the same store.
func openEnvStore(t *testing.T, env *Env) shopmind.Store {
	t.Helper()
	cfg, err := loadConfig(env, "")
	if err != nil {
		t.Fatal(err)
	}
	store, err := openStoreConfig(context.Background(), cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	return store
}

// storeDemoShop generates a demo shop with opts into env's store and
// returns it.
func storeDemoShop(t *testing.T, env *Env, opts demo.Options) *demo.Shop {
	t.Helper()
	store := openEnvStore(t, env)
	defer store.Close()
	shop, err := demo.Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(context.Background(), store, nil); err != nil {
		t.Fatal(err)
	}
	return shop
}

// createKey runs "shopmind keys create" for a key of role named name and
// returns the secret it printed on stdout.
func createKey(t *testing.T, env *Env, stdout *syncBuffer, name, role string) string {
	t.Helper()
	if err := Run(context.Background(), env, []string{"keys", "create", "-name", name, "-role", role}); err != nil {
		t.Fatalf("keys create: %v", err)
	}
	keys := regexp.MustCompile(`sm_\S+`).FindAllString(stdout.String(), -1)
	if len(keys) == 0 {
		t.Fatalf("keys create printed no key: %q", stdout.String())
	}
	return keys[len(keys)-1]
}

// startServe runs "shopmind serve" until the test ends and returns its base URL.
func startServe(t *testing.T, env *Env, stdout *syncBuffer) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, env, []string{"serve", "-addr", "127.0.0.1:0"}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	re := regexp.MustCompile(`on (http://\S+)`)
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) { // serve trains missing one-off models (intents) before it listens
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("serve printed no address: %q", stdout.String())
	return ""
}

func getJSON(t *testing.T, url, key string, v any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if v != nil {
		if err := json.NewDecoder(res.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
	}
	return res.StatusCode
}

// MovieLens-100K end to end: import, a key, serve, counts through the API.
func TestMovieLensEndToEnd(t *testing.T) {
	dir := movieLensDir(t)
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	if err := Run(ctx, env, []string{"import", "-quiet", dir}); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.String())
	}
	key := createKey(t, env, stdout, "e2e", "read")
	base := startServe(t, env, stdout)

	var stats struct {
		Counts struct{ Items, Users, Events int64 } `json:"counts"`
	}
	if code := getJSON(t, base+"v1/stats", key, &stats); code != 200 {
		t.Fatalf("stats: %d", code)
	}
	if stats.Counts.Users != 943 || stats.Counts.Items != 1682 || stats.Counts.Events != 100000 {
		t.Fatalf("counts = %+v, want 943 users, 1682 items, 100000 events", stats.Counts)
	}
	var item struct{ Title string }
	if code := getJSON(t, base+"v1/items/1", key, &item); code != 200 || item.Title != "Toy Story (1995)" {
		t.Fatalf("item 1: %d %+v", code, item)
	}
	if code := getJSON(t, base+"v1/stats", "", nil); code != http.StatusUnauthorized {
		t.Fatalf("stats without a key: %d, want 401", code)
	}
}

func TestKeysCommand(t *testing.T) {
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	if err := Run(ctx, env, []string{"keys", "create", "-name", "backend", "-role", "write"}); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^sm_[0-9a-f]{12}_\S+\n$`).MatchString(stdout.String()) {
		t.Fatalf("create printed %q", stdout.String())
	}
	id := strings.Split(stdout.String(), "_")[1]
	if err := Run(ctx, env, []string{"keys", "list"}); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(id + `\s+write\s+backend`).MatchString(stdout.String()) {
		t.Fatalf("list does not show the key: %q", stdout.String())
	}
	if err := Run(ctx, env, []string{"keys", "revoke", id}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "Revoked key "+id) {
		t.Fatalf("stderr = %q", stderr.String())
	}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"ErrRole", []string{"keys", "create", "-name", "x", "-role", "root"}, `role "root" is not one of admin, write, read`},
		{"ErrNoName", []string{"keys", "create"}, "-name is required"},
		{"ErrRevokeUnknown", []string{"keys", "revoke", id}, "not found"},
		{"ErrSub", []string{"keys", "rotate"}, "unknown subcommand"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := Run(ctx, env, tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	env, stdout, _ := testEnv(t)
	if err := Run(context.Background(), env, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"demo", "serve", "import", "keys", "eval", "config"} {
		if !strings.Contains(stdout.String(), "  "+c) {
			t.Errorf("usage does not list %q:\n%s", c, stdout.String())
		}
	}
	err := Run(context.Background(), env, []string{"frobnicate"})
	if _, ok := err.(*usageError); !ok {
		t.Fatalf("unknown command: err = %v, want a usage error", err)
	}
}

func TestServeBadConfig(t *testing.T) {
	env, _, _ := testEnv(t)
	vars := map[string]string{"SHOPMIND_STORE_DRIVER": "postgres"}
	env.Getenv = func(k string) string { return vars[k] }
	err := Run(context.Background(), env, []string{"serve"})
	if err == nil || !strings.Contains(err.Error(), "store.dsn") {
		t.Fatalf("err = %v, want it to name store.dsn", err)
	}
}
