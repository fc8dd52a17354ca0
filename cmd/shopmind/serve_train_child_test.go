package main

import (
	"context"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind/demo"
)

// testSelfCommand is selfCommand for tests: the test binary re-executed
// runs main with args (TestMain).
func testSelfCommand(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{"--"}, args...)...)
	cmd.Env = append(os.Environ(), "SHOPMIND_TEST_RUN_MAIN=1")
	return cmd
}

// TestChildConfigRoundTrip: the configuration serve hands its child
// processes on standard input ("--config -") is read back as it was.
func TestChildConfigRoundTrip(t *testing.T) {
	c := DefaultConfig()
	c.Store.Driver, c.Store.DSN = "postgres", "postgres://shop:secret@db.example:5432/shop?sslmode=disable"
	c.Recommend.Model, c.Recommend.Holdout, c.Recommend.Weights.View = "ease", 0, 0.25
	c.Recommend.ExcludeEvents, c.Recommend.Repurchasable = []string{"purchase"}, []string{"Grocery/Coffee"}
	c.Recommend.RecentEventsEvery.Duration = 3 * time.Second
	data, err := childConfig(c)
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Stdin: strings.NewReader(string(data)), Getenv: func(string) string { return "" }}
	got, err := loadConfig(env, "-")
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	gv, cv := reflect.ValueOf(got), reflect.ValueOf(c)
	for i := range gv.NumField() {
		if !reflect.DeepEqual(gv.Field(i).Interface(), cv.Field(i).Interface()) {
			t.Errorf("%s read back as\n%+v\nwant\n%+v", gv.Type().Field(i).Name, gv.Field(i).Interface(), cv.Field(i).Interface())
		}
	}
}

// TestServeTrainsInChildProcess: serve trains its recommendation model in
// a child process ("shopmind train recommend" at nice 19, here the test
// binary re-executed) and serves the version it saved, on both stores.
func TestServeTrainsInChildProcess(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			env, stdout, stderr, vars := storeEnv(t, driver)
			vars["SHOPMIND_LOG_LEVEL"] = "info"
			var children atomic.Int64
			env.Command = func(ctx context.Context, args ...string) *exec.Cmd {
				children.Add(1)
				return testSelfCommand(ctx, args...)
			}
			shop := storeDemoShop(t, env, demo.Options{Items: 120, Users: 80, Days: 30})
			key := createKey(t, env, stdout, "shop", "read")
			base := startServe(t, env, stdout) // no model stored: serve trains one at start
			list := waitRecommendations(t, base, key, shop.Users[0].ID)
			if children.Load() != 1 || list.Version != 1 || list.ColdStart {
				t.Fatalf("%d child processes, serving %s v%d (cold start %v); want one child and v1", children.Load(), list.Model, list.Version, list.ColdStart)
			}
			log := stderr.String()
			if !strings.Contains(log, "trained in a child process") || strings.Contains(log, "training outside this process failed") {
				t.Fatalf("serve's log does not say the child trained:\n%s", log)
			}
		})
	}
}
