package httpapi

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// sendWhole writes a request with a body of n bytes to addr the way curl
// and most clients do: the headers, then the whole body, and only then it
// reads the answer. chunked leaves the length out. A write error means the
// server hung up before reading the body.
func sendWhole(t *testing.T, addr, method, path string, header map[string]string, n int64, chunked bool) (*http.Response, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Minute)) // a watchdog, not a timing
	w := bufio.NewWriterSize(conn, 64<<10)
	fmt.Fprintf(w, "%s %s HTTP/1.1\r\nHost: shop.test\r\n", method, path)
	for k, v := range header {
		fmt.Fprintf(w, "%s: %s\r\n", k, v)
	}
	if chunked {
		io.WriteString(w, "Transfer-Encoding: chunked\r\n\r\n")
	} else {
		fmt.Fprintf(w, "Content-Length: %d\r\n\r\n", n)
	}
	chunk := []byte(strings.Repeat("x", 32<<10))
	for sent := int64(0); sent < n; sent += int64(len(chunk)) {
		part := chunk[:min(int64(len(chunk)), n-sent)]
		if chunked {
			fmt.Fprintf(w, "%x\r\n", len(part))
		}
		if _, err := w.Write(part); err != nil {
			t.Fatalf("writing the body failed after %d of %d bytes: %v (the server hung up before reading it)", sent, n, err)
		}
		if chunked {
			io.WriteString(w, "\r\n")
		}
	}
	if chunked {
		io.WriteString(w, "0\r\n\r\n")
	}
	if err := w.Flush(); err != nil {
		t.Fatalf("writing the body failed: %v (the server hung up before reading it)", err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

// A body over the limit gets its 413 (or, without a key, its 401) even from
// a client that sends the whole body before reading: the server reads and
// discards it instead of hanging up, which the client saw as a broken pipe.
func TestTooLargeAnswered(t *testing.T) {
	s := NewServer(newMockStore(), Options{MaxBodyBytes: 64 << 10, Registry: prometheus.NewRegistry()})
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	addr := ts.Listener.Addr().String()
	auth := func(ct string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + writeKey, "Content-Type": ct}
	}
	const big = 32 << 20 // more than the loopback socket buffers hold
	tests := []struct {
		name    string
		path    string
		header  map[string]string
		n       int64
		chunked bool
		status  int
		code    string
	}{
		{"JSONLength", "/v1/events", auth("application/json"), big, false, 413, "too_large"},
		{"JSONChunked", "/v1/events", auth("application/json"), big, true, 413, "too_large"},
		{"ImageLength", "/v1/images", auth("image/png"), 24 << 20, false, 413, "too_large"},
		{"NoKey", "/v1/events", map[string]string{"Content-Type": "application/json"}, big, false, 401, "unauthorized"},
	}
	t.Run("ExpectContinue", func(t *testing.T) {
		// A client that waits for "100 Continue" gets the 413 instead, and
		// sends no body.
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(time.Minute)) // a watchdog, not a timing
		fmt.Fprintf(conn, "POST /v1/events HTTP/1.1\r\nHost: shop.test\r\nAuthorization: Bearer %s\r\n"+
			"Content-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", writeKey, big)
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil || res.StatusCode != 413 {
			t.Fatalf("answer %v, %v; want 413", res, err)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := sendWhole(t, addr, "POST", tt.path, tt.header, tt.n, tt.chunked)
			var e struct{ Code string }
			json.Unmarshal(body, &e)
			if res.StatusCode != tt.status || e.Code != tt.code {
				t.Fatalf("answer %d %s; want %d %q", res.StatusCode, body, tt.status, tt.code)
			}
		})
	}
}
