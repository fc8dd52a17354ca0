package httpapi

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopmind/shopmind"
)

// reqInfo is filled in as a request passes through the server, for the
// access log.
type reqInfo struct {
	id      string
	keyID   string
	errCode string        // code of the error response, if any
	audit   *pendingAudit // entry to append once the request is answered
}

type reqInfoKey struct{}

func infoFrom(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(reqInfoKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveHTTP is the root handler: request id, recovery, metrics and access
// log around the API mux or the console.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	ri := &reqInfo{id: r.Header.Get("X-Request-ID")}
	if ri.id == "" || len(ri.id) > 64 {
		ri.id = strconv.FormatUint(s.reqSeq.Add(1), 10)
	}
	w.Header().Set("X-Request-ID", ri.id)
	r = r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, ri))
	sw := &statusWriter{ResponseWriter: w}

	route := "console"
	func() {
		defer s.recoverPanic(sw, r)
		if s.Console != nil && !s.isAPIPath(r.URL.Path) {
			s.Console.ServeHTTP(sw, r)
			return
		}
		if s.cors(sw, r) {
			route = "preflight"
			return
		}
		h, pattern := s.mux.Handler(r)
		if pattern == "" {
			route = "unmatched"
			s.serveUnmatched(sw, r, h)
			return
		}
		route = pattern
		if err := checkPath(r.URL.Path); err != nil {
			s.Error(sw, r, err)
			return
		}
		s.mux.ServeHTTP(sw, r)
	}()
	s.drainBody(r)
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	s.recordAudit(r, sw.status)
	elapsed := time.Since(start)
	s.metrics.observe(route, sw.status, elapsed)
	level := slog.LevelInfo
	switch {
	case sw.status == http.StatusServiceUnavailable:
		level = slog.LevelWarn // expected until a model is trained or the store is back
	case sw.status >= 500:
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "request",
		slog.String("id", ri.id), slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.String("route", route), slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes),
		slog.Duration("duration", elapsed), slog.String("key", ri.keyID))
}

// recoverPanic turns a handler panic into a logged 500 response.
func (s *Server) recoverPanic(w *statusWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	s.log.Error("panic in handler", "id", infoFrom(r.Context()).id, "method", r.Method, "path", r.URL.Path,
		"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	if w.status == 0 {
		writeError(w, http.StatusInternalServerError, "internal", "Internal error.", "")
	}
}

// drainBody reads and discards what the handler left of the request body
// (an answer given before reading it: 413, 401, 404...), up to
// Options.MaxDrainBytes, so that a client sending the whole body before
// reading gets the answer: a server that hangs up on unread data makes the
// client's write fail with a broken pipe, and the answer is lost. A client
// that asked "Expect: 100-continue" and was not told to continue sends no
// body, and a body declared larger than the bound is not read: there the
// connection is closed after the answer.
func (s *Server) drainBody(r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength > s.opts.MaxDrainBytes ||
		strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		return
	}
	io.CopyN(io.Discard, r.Body, s.opts.MaxDrainBytes)
}

// checkPath refuses a request path whose decoded text no store could keep:
// invalid UTF-8 or a NUL (in a path id such as /v1/items/%00).
func checkPath(p string) error {
	if !utf8.ValidString(p) {
		return shopmind.FieldErrorf("path", "path is not valid UTF-8")
	}
	if strings.IndexByte(p, 0) >= 0 {
		return shopmind.FieldErrorf("path", "path contains a NUL character")
	}
	return nil
}
