package web_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/web"
)

// fakeEvents is an events endpoint that answers with a script of statuses
// (then 200) and records what it was sent.
type fakeEvents struct {
	mu       sync.Mutex
	script   []int
	attempts int
	accepted []*shopmind.Event
	refused  int
	keys     []string
}

func (f *fakeEvents) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/storefront/") {
		web.NewHandler(web.Options{}).ServeHTTP(w, r)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	var batch struct{ Events []*shopmind.Event }
	b, _ := io.ReadAll(r.Body)
	json.Unmarshal(b, &batch)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.attempts++
	f.keys = append(f.keys, r.URL.Query().Get("key"))
	status := http.StatusOK
	if len(f.script) > 0 {
		status, f.script = f.script[0], f.script[1:]
	}
	if len(batch.Events) > 0 && batch.Events[0].ItemID == "bad" {
		status = http.StatusBadRequest
	}
	switch {
	case status == http.StatusOK:
		f.accepted = append(f.accepted, batch.Events...)
	case status < 500 && status != http.StatusTooManyRequests:
		f.refused++
	}
	w.WriteHeader(status)
	fmt.Fprint(w, `{}`)
}

func (f *fakeEvents) snapshot() (attempts, refused int, accepted []*shopmind.Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.attempts, f.refused, append([]*shopmind.Event(nil), f.accepted...)
}

// waitAccepted waits until the fake holds n accepted events.
func (f *fakeEvents) waitAccepted(t *testing.T, n int, within time.Duration) []*shopmind.Event {
	t.Helper()
	for deadline := time.Now().Add(within); ; time.Sleep(100 * time.Millisecond) {
		_, _, acc := f.snapshot()
		if len(acc) >= n {
			return acc
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d events accepted after %s, want %d", len(acc), within, n)
		}
	}
}

// TestTrackerInBrowser checks the tracker's behaviour in Chromium against a
// scripted events endpoint on another origin: events queued before it
// loads are sent; a failing server is retried until it accepts; a refused
// batch is dropped, not retried; Do Not Track records nothing until
// consent; a page left right after an event still sends it.
func TestTrackerInBrowser(t *testing.T) {
	api := &fakeEvents{script: []int{http.StatusServiceUnavailable, http.StatusServiceUnavailable}}
	apiLn, pageLn := listen(t), listen(t)
	apiSrv := &http.Server{Handler: api}
	go apiSrv.Serve(apiLn)
	t.Cleanup(func() { apiSrv.Close() })
	apiURL := "http://" + apiLn.Addr().String()
	page := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		dnt := ""
		if r.URL.Query().Get("dnt") == "1" {
			dnt = `Object.defineProperty(navigator, "doNotTrack", {get: () => "1"});`
		}
		fmt.Fprintf(w, `<!doctype html><title>t</title><script>%s window.shopmind = [["track", "view", "q1"]];</script>
<script src="%s/storefront/shopmind.js" data-key="pk_test_1" data-flush="%s" async></script><a id="next" href="/other">next</a>`,
			dnt, apiURL, r.URL.Query().Get("flush"))
	})}
	go page.Serve(pageLn)
	t.Cleanup(func() { page.Close() })
	pageURL := "http://" + pageLn.Addr().String()

	b := newBrowser(t, pageURL)
	defer b.checkNoErrors()

	t.Log("queued before load, retried through two 503s")
	b.do("open page", chromedp.Navigate(pageURL+"/?flush=200"))
	waitJS(b, "tracker", `window.shopmind && shopmind.track ? "y" : ""`)
	b.do("track", chromedp.Evaluate[chromedp.Void](`shopmind.track("cart", "q2", {value: 2})`))
	acc := api.waitAccepted(t, 2, 20*time.Second)
	attempts, _, _ := api.snapshot()
	if attempts < 3 {
		t.Errorf("%d attempts, want the two failures retried", attempts)
	}
	visitor := waitJS(b, "visitor", `shopmind.visitor()`)
	for _, e := range acc {
		if e.UserID != visitor || !strings.HasPrefix(e.SessionID, "s_") || e.Time.IsZero() {
			t.Errorf("event %+v: want the visitor %s, a session and a time", e, visitor)
		}
	}
	if !has(acc, shopmind.EventView, "q1") || !has(acc, shopmind.EventCart, "q2") || acc[len(acc)-1].Value != 2 {
		t.Errorf("accepted %s, want view q1 and cart q2 with value 2", describe(acc))
	}
	if api.keys[0] != "pk_test_1" {
		t.Errorf("key sent as %q", api.keys[0])
	}
	if n := waitJS(b, "queue empty", `shopmind.pending() == 0 ? "0" : ""`); n != "0" {
		t.Errorf("pending %s", n)
	}

	t.Log("a refused batch is dropped, not retried")
	before, _, _ := api.snapshot()
	b.do("track bad", chromedp.Evaluate[chromedp.Void](`shopmind.track("view", "bad")`))
	waitJS(b, "queue empty", `shopmind.pending() == 0 ? "y" : ""`)
	time.Sleep(1500 * time.Millisecond)
	after, refused, _ := api.snapshot()
	if after-before != 1 || refused != 1 {
		t.Errorf("refused batch sent %d times (refused %d), want once", after-before, refused)
	}

	t.Log("a page left at once still sends its event (keepalive on pagehide)")
	b.do("slow page", chromedp.Navigate(pageURL+"/?flush=60000"))
	waitJS(b, "tracker", `window.shopmind && shopmind.track ? "y" : ""`)
	n := len(acc) + 1 // the queued view q1 of this page
	b.do("track and leave", chromedp.Evaluate[chromedp.Void](`shopmind.track("click", "q3")`), chromedp.Click(chromedp.CSS("#next")))
	acc = api.waitAccepted(t, n+1, 10*time.Second)
	if !has(acc, shopmind.EventClick, "q3") {
		t.Errorf("click q3 not sent on leaving: %s", describe(acc))
	}

	t.Log("Do Not Track: nothing until consent")
	b.do("dnt page", chromedp.Navigate(pageURL+"/?dnt=1&flush=200"))
	waitJS(b, "tracker", `window.shopmind && shopmind.track ? "y" : ""`)
	if got := waitJS(b, "track under DNT", `String(shopmind.track("view", "q4"))`); got != "false" {
		t.Errorf("track under Do Not Track = %s, want false", got)
	}
	if got := waitJS(b, "track after consent", `(shopmind.consent(true), String(shopmind.track("view", "q5")))`); got != "true" {
		t.Errorf("track after consent(true) = %s", got)
	}
	for deadline := time.Now().Add(10 * time.Second); !has(acc, shopmind.EventView, "q5") && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		_, _, acc = api.snapshot()
	}
	if !has(acc, shopmind.EventView, "q5") || has(acc, shopmind.EventView, "q4") {
		t.Errorf("after consent: %s; want q5 and never q4", describe(acc))
	}
}
