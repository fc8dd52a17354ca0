package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkIngestHTTP measures acknowledged ingest through the API: writers
// clients each POST /v1/events with 10 events per request to the server over
// a SQLite WAL file database on disk, over loopback. It reports events/s and
// requests/s (answered 200). b.N is the number of requests. Run it with:
//
//	go test -run '^$' -bench IngestHTTP -benchtime 2000x ./httpapi
func BenchmarkIngestHTTP(b *testing.B) {
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			benchIngestHTTP(b, writers)
		})
	}
}

func benchIngestHTTP(b *testing.B, writers int) {
	const perRequest = 10
	ls := startLive(b, filepath.Join(b.TempDir(), "bench.db"))
	t0 := time.Now().Add(-48 * time.Hour).UTC()
	bodies := make([][]byte, b.N)
	for r := range bodies {
		events := make([]map[string]any, perRequest)
		for j := range events {
			i := r*perRequest + j
			events[j] = map[string]any{"user_id": fmt.Sprint("u", i%5000), "item_id": fmt.Sprint("i", (i*7919)%2000),
				"type": "view", "time": t0.Add(time.Duration(i) * time.Millisecond).Format(time.RFC3339Nano)}
		}
		data, err := json.Marshal(map[string]any{"events": events})
		if err != nil {
			b.Fatal(err)
		}
		bodies[r] = data
	}
	tr := &http.Transport{MaxIdleConnsPerHost: writers}
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	defer tr.CloseIdleConnections()
	var next, stored atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	b.ResetTimer()
	start := time.Now()
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r := int(next.Add(1)) - 1
				if r >= len(bodies) {
					return
				}
				n, err := postEvents(client, ls, bodies[r])
				if err != nil {
					errs <- err
					return
				}
				stored.Add(int64(n))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	if got, want := stored.Load(), int64(b.N*perRequest); got != want {
		b.Fatalf("stored %d events, want %d", got, want)
	}
	b.ReportMetric(float64(b.N*perRequest)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "requests/s")
}

// postEvents posts one body to /v1/events with the admin key and returns
// how many events the server stored.
func postEvents(client *http.Client, ls *liveServer, body []byte) (int, error) {
	req, err := http.NewRequest("POST", ls.url+"/v1/events", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+ls.adminKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("POST /v1/events: status %d: %s", resp.StatusCode, data)
	}
	var out struct {
		Stored int `json:"stored"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return 0, err
	}
	return out.Stored, nil
}
