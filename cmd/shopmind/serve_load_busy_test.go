package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind/demo"
)

// busyWork is what SHOPMIND_LOAD_BUSY adds to TestServeRecommendLoad: the
// served model retrains inside serve on its schedule (retrainEvery after
// serve started, as a heavy background job) and, from importAfter into the
// measured window, "shopmind import" loads importEvents new events of the
// shop's users and items into the same store from another process, as a
// shop's nightly import would. It records when each ran, so the report can
// give the latency of the seconds they overlapped.
type busyWork struct {
	retrainEvery time.Duration
	importAfter  time.Duration
	storePath    string
	file         string
	events       int

	serveStart time.Time

	mu                 sync.Mutex
	t0                 time.Time
	importFrom, impEnd time.Duration // offsets into the window
	importErr          error
	versions           []versionSeen
}

type versionSeen struct {
	at      time.Duration
	version int
}

const (
	busyImportEvents = 200_000
	busyImportAfter  = 20 * time.Second
)

// newBusyWork writes the import file (events of existing users on existing
// items, dated after the generated year).
func newBusyWork(t *testing.T, storePath string, shop *demo.Shop) *busyWork {
	t.Helper()
	b := &busyWork{retrainEvery: time.Minute, importAfter: busyImportAfter, storePath: storePath,
		file: filepath.Join(t.TempDir(), "events.csv"), events: busyImportEvents}
	f, err := os.Create(b.file)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("user_id,item_id,type,time\n")
	types := []string{"view", "view", "view", "cart", "purchase"}
	now := time.Now().UTC().Truncate(time.Second)
	for i := range b.events {
		u := shop.Users[(i*7919)%len(shop.Users)].ID
		it := shop.Items[(i*104729+i/7)%len(shop.Items)].ID
		ts := now.Add(-30 * 24 * time.Hour).Add(time.Duration(i) * 10 * time.Second) // the last 30 days up to about a week ago
		fmt.Fprintf(w, "%s,%s,%s,%s\n", u, it, types[i%len(types)], ts.Format(time.RFC3339))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return b
}

// start launches the import (after importAfter) and a watcher of the
// served model's version; t0 is the start of the measured window.
func (b *busyWork) start(t *testing.T, t0 time.Time, base, key string) {
	b.t0 = t0
	go func() {
		time.Sleep(b.importAfter)
		cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "import", "-quiet", "-entity", "events", b.file)
		cmd.Env = append(os.Environ(), "SHOPMIND_TEST_RUN_MAIN=1", "SHOPMIND_CONFIG=", "SHOPMIND_STORE_PATH="+b.storePath)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		from := time.Since(t0)
		err := cmd.Run()
		b.mu.Lock()
		b.importFrom, b.impEnd = from, time.Since(t0)
		if err != nil {
			b.importErr = fmt.Errorf("%v: %s", err, stderr.String())
		}
		b.mu.Unlock()
	}()
	go func() {
		last := -1
		for range time.Tick(500 * time.Millisecond) {
			v := servedVersion(base, key)
			if v != last && v >= 0 {
				b.mu.Lock()
				b.versions = append(b.versions, versionSeen{time.Since(t0), v})
				b.mu.Unlock()
				last = v
			}
		}
	}()
}

// servedVersion returns the newest version listed by GET /v1/models for
// the recommendation models, or -1.
func servedVersion(base, key string) int {
	req, _ := http.NewRequest("GET", base+"v1/models", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return -1
	}
	defer res.Body.Close()
	var body struct {
		Models []struct {
			Name    string `json:"name"`
			Version int    `json:"version"`
		} `json:"models"`
	}
	if json.NewDecoder(res.Body).Decode(&body) != nil {
		return -1
	}
	v := -1
	for _, m := range body.Models {
		if strings.HasPrefix(m.Name, "recommend") {
			v = max(v, m.Version)
		}
	}
	return v
}

// report logs when the import and the retrain ran and the latency of the
// seconds each overlapped (lat is by request, rate per second).
func (b *busyWork) report(t *testing.T, lat []time.Duration, rate int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.importErr != nil {
		t.Errorf("import during the load: %v", b.importErr)
	}
	t.Logf("import of %d events from another process: s%.0f-s%.0f of the window", b.events, b.importFrom.Seconds(), b.impEnd.Seconds())
	if !b.serveStart.IsZero() {
		first := b.serveStart.Add(b.retrainEvery).Sub(b.t0)
		t.Logf("retrains scheduled every %s: the first tick about s%.0f of the window (serve start + %s; ticks during a retrain are dropped)", b.retrainEvery, first.Seconds(), b.retrainEvery)
	}
	for _, v := range b.versions {
		t.Logf("served model version %d seen at s%.1f", v.version, v.at.Seconds())
	}
	window := func(name string, from, to time.Duration) {
		a, z := int(from.Seconds())*rate, min(len(lat), int(to.Seconds()+1)*rate)
		if a >= z {
			t.Logf("%s: outside the window", name)
			return
		}
		w := append([]time.Duration(nil), lat[a:z]...)
		sort.Slice(w, func(i, j int) bool { return w[i] < w[j] })
		q := func(p float64) time.Duration { return w[min(len(w)-1, int(p*float64(len(w))))] }
		t.Logf("%s (s%d-s%d, %d requests): p50 %s p99 %s p99.9 %s max %s", name, a/rate, z/rate, len(w),
			q(0.5).Round(10*time.Microsecond), q(0.99).Round(10*time.Microsecond), q(0.999).Round(10*time.Microsecond), w[len(w)-1].Round(10*time.Microsecond))
	}
	if b.impEnd > 0 {
		window("during the import", b.importFrom, b.impEnd)
	}
}
