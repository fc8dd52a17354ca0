package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind/web"
)

// TestTrackerConsentOffDuringSend: a shopper turns tracking off while a
// batch is on its way and the server then fails it. The batch must not come
// back to the queue and be retried: after consent(false) nothing is sent.
func TestTrackerConsentOffDuringSend(t *testing.T) {
	var mu sync.Mutex
	attempts := 0
	received := make(chan struct{}, 10)
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/storefront/") {
			web.NewHandler(web.Options{}).ServeHTTP(w, r)
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
		mu.Lock()
		attempts++
		mu.Unlock()
		received <- struct{}{}
		time.Sleep(1500 * time.Millisecond) // the shopper acts while the batch is in flight
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	apiLn, pageLn := listen(t), listen(t)
	apiSrv := &http.Server{Handler: api}
	go apiSrv.Serve(apiLn)
	t.Cleanup(func() { apiSrv.Close() })
	apiURL := "http://" + apiLn.Addr().String()
	page := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>t</title><script>window.shopmind = [["track", "view", "q1"]];</script>
<script src="%s/storefront/shopmind.js" data-key="pk_test_1" data-flush="200" async></script>`, apiURL)
	})}
	go page.Serve(pageLn)
	t.Cleanup(func() { page.Close() })
	pageURL := "http://" + pageLn.Addr().String()

	b := newBrowser(t, pageURL)
	defer b.checkNoErrors()
	b.do("open page", chromedp.Navigate(pageURL+"/"))
	select {
	case <-received:
	case <-time.After(15 * time.Second):
		t.Fatal("the tracker sent nothing")
	}
	b.do("tracking off", chromedp.Evaluate[chromedp.Void](`shopmind.consent(false)`))
	time.Sleep(5 * time.Second) // the failure, then more than a retry's backoff
	mu.Lock()
	n := attempts
	mu.Unlock()
	if n != 1 {
		t.Errorf("%d requests, want the one in flight when tracking was turned off and no retry", n)
	}
	if got := waitJS(b, "queue", `String(shopmind.pending()) + "/" + (localStorage.getItem("shopmind_q") || "")`); got != "0/" {
		t.Errorf("pending/stored queue after the failure: %q, want nothing kept", got)
	}
}
