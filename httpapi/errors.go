package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/shopmind/shopmind"
)

// statusByCode maps application error codes to HTTP status codes.
var statusByCode = map[string]int{
	shopmind.EINVALID:        http.StatusBadRequest,
	shopmind.EUNAUTHORIZED:   http.StatusUnauthorized,
	shopmind.EFORBIDDEN:      http.StatusForbidden,
	shopmind.ENOTFOUND:       http.StatusNotFound,
	shopmind.ECONFLICT:       http.StatusConflict,
	shopmind.ETOOLARGE:       http.StatusRequestEntityTooLarge,
	shopmind.EINTERNAL:       http.StatusInternalServerError,
	shopmind.ENOTIMPLEMENTED: http.StatusNotImplemented,
	shopmind.EUNAVAILABLE:    http.StatusServiceUnavailable,
	shopmind.ERATELIMITED:    http.StatusTooManyRequests,
	shopmind.EDATAKEY:        http.StatusInternalServerError, // the server's data key is missing or wrong: shown, not hidden
}

// StatusCode returns the HTTP status for an application error code (500
// for codes it does not know).
func StatusCode(code string) int {
	if s, ok := statusByCode[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ErrorResponse is the JSON body of every error response.
type ErrorResponse struct {
	Code    string `json:"code"`            // one of the shopmind E* codes
	Message string `json:"message"`         // for people
	Field   string `json:"field,omitempty"` // input field at fault, e.g. "events[3].type"
}

// Error writes err as a JSON error response. Errors that are not
// *shopmind.Error (and EINTERNAL ones) are logged with the request id and
// shown as "Internal error.".
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := shopmind.ErrorCode(err)
	msg := shopmind.ErrorMessage(err)
	infoFrom(r.Context()).errCode = code
	if code == shopmind.EINTERNAL {
		s.log.Error("internal error", "id", infoFrom(r.Context()).id, "method", r.Method,
			"path", r.URL.Path, "error", err.Error())
		msg = "Internal error."
	}
	writeError(w, StatusCode(code), code, msg, shopmind.ErrorField(err))
}

func writeError(w http.ResponseWriter, status int, code, msg, field string) {
	WriteJSON(w, status, ErrorResponse{Code: code, Message: msg, Field: field})
}

// WriteJSON writes v as a JSON response with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a programming error (an unsupported type or a NaN) gets here.
		status = http.StatusInternalServerError
		b = []byte(`{"code":"internal","message":"Internal error."}`)
	}
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	// With its length known, net/http sends the answer in one piece instead
	// of switching to chunked encoding past 2 KB (a list of 10
	// recommendations with their catalog entries is bigger).
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// statusOnly swallows the plain-text body the mux writes for unmatched
// requests, keeping the status and headers (such as Allow).
type statusOnly struct {
	header http.Header
	status int
}

func (w *statusOnly) Header() http.Header { return w.header }
func (w *statusOnly) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *statusOnly) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}

// serveUnmatched answers a request no route matches with a JSON 404, or
// 405 with an Allow header when the path exists for other methods.
func (s *Server) serveUnmatched(w http.ResponseWriter, r *http.Request, h http.Handler) {
	so := &statusOnly{header: http.Header{}}
	h.ServeHTTP(so, r)
	if so.status == http.StatusMethodNotAllowed {
		allow := so.header.Get("Allow")
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, shopmind.EINVALID,
			fmt.Sprintf("method %s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, allow), "")
		return
	}
	writeError(w, http.StatusNotFound, shopmind.ENOTFOUND, fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path), "")
}
