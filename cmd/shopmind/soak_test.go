package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopmind/shopmind/demo"
)

// TestSoak runs the real serve wiring for $SHOPMIND_SOAK (a duration such
// as 10m; the test is skipped without it) on each store in
// $SHOPMIND_SOAK_STORES (default "sqlite,postgres"; PostgreSQL needs
// $SHOPMIND_TEST_POSTGRES) under a mixed load: catalog and recommendation
// reads, event and order writes, assistant chats, and an import every
// half minute (every third one fails on a bad last row and is rolled back).
// It logs p50/p99 per route, errors, the heap after GC and the goroutines
// at the start and the end (this process holds both the server and the
// clients), and fails on any 5xx or transport error, on goroutine growth
// and on a heap that more than doubles (plus 64 MiB).
func TestSoak(t *testing.T) {
	spec := os.Getenv("SHOPMIND_SOAK")
	if spec == "" {
		t.Skip("set SHOPMIND_SOAK=10m (a duration) to run the soak test")
	}
	d, err := time.ParseDuration(spec)
	if err != nil || d <= 0 {
		t.Fatalf("SHOPMIND_SOAK=%q: want a duration such as 10m", spec)
	}
	stores := os.Getenv("SHOPMIND_SOAK_STORES")
	if stores == "" {
		stores = "sqlite,postgres"
	}
	for _, driver := range strings.Split(stores, ",") {
		t.Run(driver, func(t *testing.T) { soak(t, driver, d) })
	}
}

// soakStats collects latencies and failures per route.
type soakStats struct {
	mu       sync.Mutex
	lat      map[string][]time.Duration
	status   map[string]map[int]int
	failures []string
}

func (s *soakStats) add(route string, status int, took time.Duration, failure string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lat[route] = append(s.lat[route], took)
	if s.status[route] == nil {
		s.status[route] = make(map[int]int)
	}
	s.status[route][status]++
	if failure != "" && len(s.failures) < 20 {
		s.failures = append(s.failures, failure)
	}
}

type soakClient struct {
	base, key string
	stats     *soakStats
	client    *http.Client
}

// do sends one request and records it under route; a 5xx or a transport
// error is a failure, and so is an answer other than want (0: any 2xx).
func (c *soakClient) do(route, method, path, body string, want int) []byte {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	req.Header.Set("Authorization", "Bearer "+c.key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	res, err := c.client.Do(req)
	if err != nil {
		c.stats.add(route, 0, time.Since(start), fmt.Sprintf("%s %s: %v", method, path, err))
		return nil
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	took := time.Since(start)
	failure := ""
	if res.StatusCode >= 500 || (want == 0 && res.StatusCode >= 300) || (want != 0 && res.StatusCode != want) {
		failure = fmt.Sprintf("%s %s: %d %.200s", method, path, res.StatusCode, out)
	}
	c.stats.add(route, res.StatusCode, took, failure)
	return out
}

func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func soak(t *testing.T, driver string, d time.Duration) {
	env, stdout, stderr, _ := storeEnv(t, driver)
	shop := storeDemoShop(t, env, demo.Options{Items: 500, Users: 1000, Days: 120})
	key := createKey(t, env, stdout, "soak", "write")
	base := strings.TrimSuffix(startServe(t, env, stdout), "/")
	stats := &soakStats{lat: make(map[string][]time.Duration), status: make(map[string]map[int]int)}
	c := &soakClient{base: base, key: key, stats: stats, client: &http.Client{Timeout: time.Minute}}
	dir := t.TempDir()

	// Warm up (models load or train in the background), then measure.
	c.do("GET /readyz", "GET", "/readyz", "", 0)
	time.Sleep(20 * time.Second)
	heap0, gor0 := heapAfterGC(), runtime.NumGoroutine()
	t.Logf("%s: start: heap after GC %.1f MiB, %d goroutines; load for %s", driver, float64(heap0)/(1<<20), gor0, d)

	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var wg sync.WaitGroup
	var seq atomic.Int64
	worker := func(w int) {
		defer wg.Done()
		rng := rand.New(rand.NewPCG(uint64(w), 7))
		for ctx.Err() == nil {
			it := shop.Items[rng.IntN(len(shop.Items))].ID
			u := shop.Users[rng.IntN(len(shop.Users))].ID
			switch n := rng.IntN(100); {
			case n < 20:
				c.do("GET /v1/items", "GET", "/v1/items?limit=20", "", 0)
			case n < 35:
				c.do("GET /v1/items/{id}", "GET", "/v1/items/"+it, "", 0)
			case n < 50:
				c.do("GET /v1/users/{id}/recommendations", "GET", "/v1/users/"+u+"/recommendations?limit=10", "", 0)
			case n < 58:
				c.do("GET /v1/items/{id}/similar", "GET", "/v1/items/"+it+"/similar?limit=10", "", 0)
			case n < 62:
				c.do("GET /v1/popular", "GET", "/v1/popular?limit=10", "", 0)
			case n < 85:
				var b strings.Builder
				b.WriteString(`{"events":[`)
				for k := range 10 {
					if k > 0 {
						b.WriteByte(',')
					}
					fmt.Fprintf(&b, `{"id":"soak-%d","user_id":%q,"item_id":%q,"type":"view","time":%q}`, seq.Add(1), u,
						shop.Items[rng.IntN(len(shop.Items))].ID, time.Now().UTC().Format(time.RFC3339Nano))
				}
				b.WriteString("]}")
				c.do("POST /v1/events", "POST", "/v1/events", b.String(), 0)
			case n < 90:
				item := shop.Items[rng.IntN(len(shop.Items))]
				body := fmt.Sprintf(`{"orders":[{"id":"soak-o%d","user_id":%q,"status":"paid","lines":[{"item_id":%q,"quantity":1,"unit_price":%g}]}]}`,
					seq.Add(1), u, item.ID, max(item.Price, 1))
				c.do("POST /v1/orders", "POST", "/v1/orders", body, 0)
			default:
				out := c.do("POST /v1/conversations", "POST", "/v1/conversations", fmt.Sprintf(`{"user_id":%q}`, u), http.StatusCreated)
				id := between(string(out), `"id":"`, `"`)
				if id == "" {
					continue
				}
				for _, text := range []string{"where is my order?", "do you have running shoes under 50", "I want to return an item"} {
					c.do("POST /v1/conversations/{id}/messages", "POST", "/v1/conversations/"+id+"/messages", fmt.Sprintf(`{"text":%q}`, text), 0)
				}
			}
		}
	}
	for w := range 4 {
		wg.Add(1)
		go worker(w)
	}
	// Imports: every 30 s a file of 5,000 new events; every third ends in a
	// bad row, so the import fails and is rolled back.
	var imports, failedImports, importErrors int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := 0; ; k++ {
			select {
			case <-ctx.Done():
				return
			case <-time.After(30 * time.Second):
			}
			path := filepath.Join(dir, fmt.Sprintf("imp%d", k), "events.csv")
			os.MkdirAll(filepath.Dir(path), 0o755)
			var b strings.Builder
			b.WriteString("user_id,item_id,type,time\n")
			for i := range 5000 {
				fmt.Fprintf(&b, "%s,%s,click,%s\n", shop.Users[(i*7+k)%len(shop.Users)].ID, shop.Items[(i*13+k)%len(shop.Items)].ID,
					time.Date(2026, 3, 1, 0, 0, k, i*1000, time.UTC).Format(time.RFC3339Nano))
			}
			bad := k%3 == 2
			if bad {
				b.WriteString("nobody,nothing,teleport,2026-01-01T00:00:00Z\n")
			}
			os.WriteFile(path, []byte(b.String()), 0o644)
			start := time.Now()
			err := Run(context.Background(), env, []string{"import", "-quiet", "-batch", "1000", path})
			route := "import 5,000 events (committed)"
			if bad {
				route = "import 5,000 events + bad row (rolled back)"
			}
			stats.add(route, 0, time.Since(start), "")
			imports++
			switch {
			case bad && err != nil:
				failedImports++
			case err != nil || bad:
				importErrors++
				t.Errorf("import %d (bad row: %v): %v", k, bad, err)
			}
		}
	}()
	wg.Wait()
	c.client.CloseIdleConnections()
	http.DefaultClient.CloseIdleConnections()
	time.Sleep(5 * time.Second) // let handlers and background work settle
	heap1, gor1 := heapAfterGC(), runtime.NumGoroutine()

	var b strings.Builder
	fmt.Fprintf(&b, "\n| route (%s, %s) | requests | p50 ms | p99 ms | statuses |\n|---|---:|---:|---:|---|\n", driver, d)
	routes := make([]string, 0, len(stats.lat))
	for r := range stats.lat {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	total := 0
	for _, r := range routes {
		l := stats.lat[r]
		slices.Sort(l)
		total += len(l)
		var codes []string
		for code, n := range stats.status[r] {
			if strings.HasPrefix(r, "import") {
				codes = append(codes, "-")
			} else if code != 0 {
				codes = append(codes, fmt.Sprintf("%d×%d", code, n))
			} else {
				codes = append(codes, fmt.Sprintf("transport error×%d", n))
			}
		}
		slices.Sort(codes)
		fmt.Fprintf(&b, "| %s | %d | %.1f | %.1f | %s |\n", r, len(l), ms(l[len(l)/2]), ms(l[min(len(l)-1, len(l)*99/100)]), strings.Join(codes, " "))
	}
	fmt.Fprintf(&b, "\n%d requests in %s; imports %d (%d failed on purpose and rolled back); heap after GC %.1f → %.1f MiB; goroutines %d → %d; failures %d\n",
		total, d, imports, failedImports, float64(heap0)/(1<<20), float64(heap1)/(1<<20), gor0, gor1, len(stats.failures))
	t.Log(b.String())
	if f := os.Getenv("SHOPMIND_SOAK_REPORT"); f != "" {
		if fh, err := os.OpenFile(f, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fh.WriteString(b.String())
			fh.Close()
		}
	}
	if len(stats.failures) > 0 {
		t.Errorf("%d failed requests (5xx, transport errors or unexpected answers), e.g.:\n%s", len(stats.failures), strings.Join(stats.failures, "\n"))
	}
	if gor1 > gor0+10 {
		t.Errorf("goroutines grew from %d to %d", gor0, gor1)
	}
	if heap1 > 2*heap0+64<<20 {
		t.Errorf("heap after GC grew from %.1f to %.1f MiB", float64(heap0)/(1<<20), float64(heap1)/(1<<20))
	}
	if strings.Contains(stderr.String(), "level=ERROR") {
		t.Errorf("the server logged errors:\n%s", lastLines(stderr.String(), 20))
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// between returns the text of s after the first start and before the next end.
func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
