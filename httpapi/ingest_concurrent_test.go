package httpapi_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopmind/shopmind/httpapi"
)

// TestConcurrentIngestDurable posts events from 16 clients at once to the
// API over a SQLite file store (synchronous=FULL with group commit, the
// default), every fourth request carrying an invalid event. Each invalid
// request must get 400 naming the event and store nothing; every event of a
// 200 must be stored, and the stored counts of the answers must add up to
// the events in the store.
func TestConcurrentIngestDurable(t *testing.T) {
	ls := startLive(t, filepath.Join(t.TempDir(), "shop.db"))
	const clients, requests, perRequest = 16, 8, 25
	t0 := time.Now().Add(-time.Hour).UTC()
	type answer struct {
		ok, refused, stored int
		err                 error
	}
	answers := make([]answer, clients)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := &answers[c]
			for r := range requests {
				events := make([]map[string]any, perRequest)
				for j := range events {
					i := (c*requests+r)*perRequest + j
					events[j] = map[string]any{"user_id": fmt.Sprint("u", i%97), "item_id": fmt.Sprint("i", i%31), "type": "view",
						"time": t0.Add(time.Duration(i) * time.Millisecond).Format(time.RFC3339Nano)}
				}
				bad := r%4 == 3
				if bad {
					events[perRequest-1]["type"] = "teleport"
				}
				data, _ := json.Marshal(map[string]any{"events": events})
				n, err := postEvents(ls.client, ls, data)
				switch {
				case bad && err != nil && strings.Contains(err.Error(), "status 400") && strings.Contains(err.Error(), "type"):
					a.refused++
				case !bad && err == nil:
					a.ok++
					a.stored += n
				default:
					a.err = fmt.Errorf("request %d (bad %v): stored %d, %v", r, bad, n, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	ok, stored := 0, 0
	for c, a := range answers {
		if a.err != nil {
			t.Fatalf("client %d: %v", c, a.err)
		}
		if a.refused != requests/4 {
			t.Errorf("client %d: %d requests refused, want %d", c, a.refused, requests/4)
		}
		ok += a.ok
		stored += a.stored
	}
	if want := ok * perRequest; stored != want {
		t.Fatalf("answers say %d events stored, want %d (every event of %d accepted requests)", stored, want, ok)
	}
	var st httpapi.Stats
	ls.call(t, "GET", "/v1/stats", ls.adminKey, nil, 200, &st)
	if st.Counts.Events != int64(stored) {
		t.Fatalf("the store holds %d events, the answers acknowledged %d", st.Counts.Events, stored)
	}
}
