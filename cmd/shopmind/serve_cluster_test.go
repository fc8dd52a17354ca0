package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/assistant"
	"github.com/shopmind/shopmind/demo"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/nlp"
	recserve "github.com/shopmind/shopmind/recommend/serve"
)

// clusterWait bounds what should happen at once, and startWait a node's
// start (which trains the intent model, minutes under -race); they only end
// a failing test, they measure nothing.
const (
	clusterWait = 3 * time.Minute
	startWait   = 10 * time.Minute
)

// postgresSchemaDSN returns a DSN of the test database (SHOPMIND_TEST_POSTGRES,
// or skips) on a new schema that is dropped when the test ends.
func postgresSchemaDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv("SHOPMIND_TEST_POSTGRES")
	if base == "" {
		t.Skip("SHOPMIND_TEST_POSTGRES is not set; skipping the PostgreSQL cluster test")
	}
	ctx := context.Background()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	schema := "shopmind_test_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// clusterNode is one "shopmind serve" of a test, on the real serve wiring
// with its own store handle, as a process of its own would have.
type clusterNode struct {
	name   string
	url    string
	stderr *syncBuffer
	stop   func() // stops serve and closes its store; idempotent
}

func startClusterNode(t *testing.T, name string, cfg Config) *clusterNode {
	t.Helper()
	var stdout, stderr syncBuffer
	env := &Env{Stdout: &stdout, Stderr: &stderr, Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }}
	cfg.Cluster.Node = name
	ctx, cancel := context.WithCancel(context.Background())
	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		err := serve(ctx, env, cfg, store, func(a string) { addr <- a })
		store.Close()
		done <- err
	}()
	n := &clusterNode{name: name, stderr: &stderr}
	n.stop = sync.OnceFunc(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve %s: %v", name, err)
		}
	})
	t.Cleanup(n.stop)
	select {
	case a := <-addr:
		n.url = "http://" + a
	case err := <-done:
		t.Fatalf("serve %s: %v\n%s", name, err, stderr.String())
	case <-time.After(startWait):
		t.Fatalf("serve %s did not start:\n%s", name, stderr.String())
	}
	return n
}

// ready returns the node's /readyz answer.
func (n *clusterNode) ready(t *testing.T) httpapi.Status {
	t.Helper()
	var st httpapi.Status
	if code := getJSON(t, n.url+"/readyz", "", &st); code != 200 || st.Cluster == nil {
		t.Fatalf("%s /readyz: %d %+v", n.name, code, st)
	}
	return st
}

// servedVersion is the version of the recommendation model the node
// serves (0 while it serves none).
func (n *clusterNode) servedVersion(t *testing.T, key string) int {
	t.Helper()
	var list shopmind.RecommendationList
	if code := getJSON(t, n.url+"/v1/popular", key, &list); code != 200 {
		return 0
	}
	return list.Version
}

// trained counts the recommendation trainings the node logged.
func (n *clusterNode) trained() int {
	return strings.Count(n.stderr.String(), "trained recommendation model")
}

// eventually polls cond until it holds or clusterWait passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(clusterWait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out: %s", what)
}

// TestServeTwoNodesOnePostgres starts two "shopmind serve" on one
// PostgreSQL database at once. One is elected: it alone trains (at start
// and on its schedule), and the other serves each version it saves within
// moments, although its poll for new versions is an hour (so only the
// announcement can have told it). Stopping the leader makes the other one
// lead and train. /readyz tells which node leads.
func TestServeTwoNodesOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	dsn := postgresSchemaDSN(t)
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.Store = StoreConfig{Driver: "postgres", DSN: dsn}
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Log.Level = "info"
	cfg.Recommend.Model = "popularity"
	cfg.Recommend.Holdout = 0
	// Short enough to see several trainings; below what Validate allows
	// from a file, which this test bypasses by calling serve directly.
	cfg.Recommend.RetrainEvery = Duration{3 * time.Second}
	cfg.Cluster.PollEvery = Duration{time.Hour}

	store, err := openStoreConfig(ctx, cfg.Store)
	if err != nil {
		t.Fatal(err)
	}
	shop, err := demo.Generate(demo.Options{Items: 150, Users: 100, Days: 30})
	if err != nil {
		t.Fatal(err)
	}
	if err := shop.Store(ctx, store, nil); err != nil {
		t.Fatal(err)
	}
	secret, key, err := shopmind.NewAPIKey(rand.Reader, "cluster-test", shopmind.RoleRead, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CreateKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	versionsOf := func(name string) int {
		list, err := store.Models(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	versions := func() int { return versionsOf(recserve.ModelPrefix + "popularity") }
	defer store.Close()

	// Both start together on a store without a model.
	var a, b *clusterNode
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a = startClusterNode(t, "node-a", cfg) }()
	go func() { defer wg.Done(); b = startClusterNode(t, "node-b", cfg) }()
	wg.Wait()
	if a == nil || b == nil {
		t.FailNow()
	}
	eventually(t, "one node leads", func() bool { return a.ready(t).Cluster.Leader || b.ready(t).Cluster.Leader })
	leader, follower := a, b
	if b.ready(t).Cluster.Leader {
		leader, follower = b, a
	}
	if st := follower.ready(t); st.Cluster.Leader || st.Cluster.Node != follower.name {
		t.Fatalf("follower /readyz: %+v (both lead?)", st.Cluster)
	}
	if st := leader.ready(t); st.Cluster.Node != leader.name || st.Cluster.LeaderSince == nil {
		t.Fatalf("leader /readyz: %+v", st.Cluster)
	}

	// The leader trains on its schedule; every version it saves reaches
	// the follower, whose own poll is an hour away.
	for round := 0; round < 3; round++ {
		var v int
		eventually(t, "the leader saves a new version", func() bool { v = versions(); return v > round })
		eventually(t, fmt.Sprintf("the follower serves version %d or newer", v), func() bool { return follower.servedVersion(t, secret) >= v })
	}
	if n := follower.trained(); n != 0 {
		t.Fatalf("the follower trained %d times:\n%s", n, follower.stderr.String())
	}
	if n, v := leader.trained(), versions(); n < 3 || n > v {
		t.Fatalf("the leader logged %d trainings, %d versions are stored", n, v)
	}
	// The models trained once, when missing, were trained by one node:
	// the other waited for it and loaded its version.
	for _, name := range []string{assistant.IntentModelName, nlp.SentimentModelName} {
		eventually(t, name+" is stored", func() bool { return versionsOf(name) > 0 })
		if n := versionsOf(name); n != 1 {
			t.Errorf("%d versions of %s, want 1", n, name)
		}
	}

	// The leader stops: the follower takes over and trains.
	leader.stop()
	eventually(t, "the follower leads", func() bool { return follower.ready(t).Cluster.Leader })
	before := versions()
	eventually(t, "the new leader trains", func() bool { return follower.trained() >= 1 && versions() > before })
	if !regexp.MustCompile(`this node leads`).MatchString(follower.stderr.String()) {
		t.Errorf("the new leader did not log its election:\n%s", follower.stderr.String())
	}
}

func TestClusterConfig(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(*ClusterConfig)
		field string
	}{
		{"OK", func(*ClusterConfig) {}, ""},
		{"PollEvery", func(c *ClusterConfig) { c.PollEvery.Duration = 30 * time.Second }, ""},
		{"ErrPollEveryNegative", func(c *ClusterConfig) { c.PollEvery.Duration = -time.Second }, "cluster.poll_every"},
		{"ErrPollEveryTooOften", func(c *ClusterConfig) { c.PollEvery.Duration = time.Millisecond }, "cluster.poll_every"},
		{"ErrNode", func(c *ClusterConfig) { c.Node = strings.Repeat("n", 101) }, "cluster.node"},
		{"RefreshEvery", func(c *ClusterConfig) { c.RefreshEvery.Duration = 5 * time.Second }, ""},
		{"ErrRefreshEveryZero", func(c *ClusterConfig) { c.RefreshEvery.Duration = 0 }, "cluster.refresh_every"},
		{"ErrRefreshEveryTooOften", func(c *ClusterConfig) { c.RefreshEvery.Duration = time.Millisecond }, "cluster.refresh_every"},
		{"ErrRefreshEveryTooSeldom", func(c *ClusterConfig) { c.RefreshEvery.Duration = time.Hour }, "cluster.refresh_every"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultConfig()
			tt.edit(&c.Cluster)
			if err := c.Validate(); shopmind.ErrorField(err) != tt.field {
				t.Fatalf("err = %v, want field %q", err, tt.field)
			}
		})
	}
	t.Run("PollDefaults", func(t *testing.T) {
		c := defaultClusterConfig()
		if got := c.pollEvery("postgres"); got != 10*time.Minute {
			t.Errorf("PostgreSQL poll %s, want 10m (announcements do the work)", got)
		}
		if got := c.pollEvery("sqlite"); got != time.Minute {
			t.Errorf("SQLite poll %s, want 1m (as before: nothing is announced)", got)
		}
		c.PollEvery.Duration = time.Hour
		if got := c.pollEvery("sqlite"); got != time.Hour {
			t.Errorf("configured poll %s, want 1h", got)
		}
	})
}

// TestServeSQLiteLeads checks the single node of a SQLite store: it leads
// at once (so it trains the missing model before it counts as started, as
// before there were several nodes) and says so in /readyz.
func TestServeSQLiteLeads(t *testing.T) {
	env, stdout, _ := testEnv(t)
	storeDemoShop(t, env, demo.Options{Items: 60, Users: 40, Days: 20})
	url := startServe(t, env, stdout)
	var st httpapi.Status
	if code := getJSON(t, strings.TrimSuffix(url, "/")+"/readyz", "", &st); code != 200 || st.Cluster == nil || !st.Cluster.Leader || st.Cluster.Node == "" {
		t.Fatalf("/readyz: %d %+v", code, st.Cluster)
	}
}
