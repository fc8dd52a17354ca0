package httpapi

import (
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopmind/shopmind"
)

// query parses URL query parameters, keeping the first error so that a
// handler can read them all and check once.
type query struct {
	v   url.Values
	err error
}

func newQuery(u *url.URL) *query { return &query{v: u.Query()} }

func (q *query) fail(name, format string, args ...any) {
	if q.err == nil {
		q.err = shopmind.FieldErrorf(name, format, args...)
	}
}

// get returns the parameter, "" when absent. A value that is not valid
// UTF-8, holds a NUL or is longer than maxQueryValue bytes is an error
// (and reads as ""), so no store sees text it cannot keep or compare.
func (q *query) get(name string) string {
	s := q.v.Get(name)
	switch {
	case len(s) > maxQueryValue:
		q.fail(name, "%s is longer than %d bytes", name, maxQueryValue)
	case !utf8.ValidString(s):
		q.fail(name, "%s is not valid UTF-8", name)
	case strings.IndexByte(s, 0) >= 0:
		q.fail(name, "%s contains a NUL character", name)
	default:
		return s
	}
	return ""
}

// maxQueryValue is the longest query parameter value accepted.
const maxQueryValue = 4096

// String returns the parameter, "" when absent.
func (q *query) String(name string) string { return q.get(name) }

// OptString returns a pointer to the parameter, nil when absent or empty.
func (q *query) OptString(name string) *string {
	if s := q.get(name); s != "" {
		return &s
	}
	return nil
}

// Category returns a typed category path parameter ("Shoes/Sneakers" or
// "Shoes › Sneakers"; see shopmind.ParseCategory) written with "/", "" when
// absent. A value with no level, such as "/", is an error.
func (q *query) Category(name string) string {
	s := q.get(name)
	if s == "" {
		return ""
	}
	levels := shopmind.ParseCategory(s)
	if len(levels) == 0 {
		q.fail(name, "%s must name a category path such as \"Shoes/Sneakers\", not %q", name, s)
		return ""
	}
	return strings.Join(levels, "/")
}

// OptCategory is Category as a pointer, nil when absent.
func (q *query) OptCategory(name string) *string {
	if s := q.Category(name); s != "" {
		return &s
	}
	return nil
}

// OptBool parses true/false/1/0, nil when absent.
func (q *query) OptBool(name string) *bool {
	s := q.get(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.fail(name, "%s must be true or false, not %q", name, s)
		return nil
	}
	return &b
}

// OptFloat parses a finite number, nil when absent.
func (q *query) OptFloat(name string) *float64 {
	s := q.get(name)
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f > 1e300 || f < -1e300 {
		q.fail(name, "%s must be a number, not %q", name, s)
		return nil
	}
	return &f
}

// Int parses an integer in [lo, hi], def when absent.
func (q *query) Int(name string, def, lo, hi int) int {
	s := q.get(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		q.fail(name, "%s must be an integer from %d to %d, not %q", name, lo, hi, s)
		return def
	}
	return n
}

// Limit parses the page size: 1 to shopmind.MaxLimit, DefaultLimit when absent.
func (q *query) Limit() int {
	return q.Int("limit", shopmind.DefaultLimit, 1, shopmind.MaxLimit)
}

// Time parses an RFC 3339 time, zero when absent.
func (q *query) Time(name string) time.Time {
	s := q.get(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		q.fail(name, "%s must be an RFC 3339 time such as 2026-11-01T00:00:00Z, not %q", name, s)
	}
	return t
}
