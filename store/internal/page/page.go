// Package page clamps page sizes and encodes the opaque cursors that the
// store packages hand out for list calls.
//
// A cursor is the base64url encoding of a one-letter kind, a colon and the
// key of the last row on a page. The kind makes a cursor from one list
// invalid for another, so mixing them is reported instead of silently
// returning the wrong rows.
package page

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// Cursor kinds, one per list.
const (
	KindItem   = "i"
	KindUser   = "u"
	KindOrder  = "o"
	KindReview = "r"
	KindEvent  = "e"
	KindAudit  = "a"
)

// Limit returns the page size for a requested limit: DefaultLimit for zero
// or less, at most MaxLimit.
func Limit(n int) int {
	switch {
	case n <= 0:
		return shopmind.DefaultLimit
	case n > shopmind.MaxLimit:
		return shopmind.MaxLimit
	}
	return n
}

// BoundedLimit returns the size of a one-off bounded read (not a page, so
// not clamped to MaxLimit): DefaultLimit for zero or less.
func BoundedLimit(n int) int {
	if n <= 0 {
		return shopmind.DefaultLimit
	}
	return n
}

// EncodeID returns the cursor after the row with the given id.
func EncodeID(kind, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + id))
}

// DecodeID returns the id inside a cursor made by EncodeID with the same
// kind. An empty cursor gives "" and no error; a malformed one gives an
// EINVALID error for the field "after".
func DecodeID(kind, cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return "", invalid()
	}
	s, ok := strings.CutPrefix(string(b), kind+":")
	if !ok || s == "" {
		return "", invalid()
	}
	return s, nil
}

// EncodeEvent returns the cursor after the event at (t, id).
func EncodeEvent(t time.Time, id string) string {
	return EncodeID(KindEvent, strconv.FormatInt(t.UnixMicro(), 10)+":"+id)
}

// DecodeEvent returns the time and id inside a cursor made by EncodeEvent.
// An empty cursor gives a zero time, "" and no error.
func DecodeEvent(cursor string) (time.Time, string, error) {
	s, err := DecodeID(KindEvent, cursor)
	if err != nil || s == "" {
		return time.Time{}, "", err
	}
	us, id, ok := strings.Cut(s, ":")
	if !ok || id == "" {
		return time.Time{}, "", invalid()
	}
	n, err := strconv.ParseInt(us, 10, 64)
	if err != nil {
		return time.Time{}, "", invalid()
	}
	return time.UnixMicro(n).UTC(), id, nil
}

func invalid() error {
	return &shopmind.Error{Code: shopmind.EINVALID, Field: "after", Message: "after is not a cursor returned by this list"}
}

// Time returns t as the store keeps it: in UTC, truncated to microseconds.
// The zero time stays zero.
func Time(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}

// EncodeSeq returns the cursor after the row with the given sequence.
func EncodeSeq(kind string, seq int64) string {
	return EncodeID(kind, strconv.FormatInt(seq, 10))
}

// DecodeSeq returns the positive sequence inside a cursor made by
// EncodeSeq with the same kind: 0 for an empty cursor, EINVALID for the
// field "after" for a malformed one.
func DecodeSeq(kind, cursor string) (int64, error) {
	s, err := DecodeID(kind, cursor)
	if err != nil || s == "" {
		return 0, err
	}
	seq, err := strconv.ParseInt(s, 10, 64)
	if err != nil || seq <= 0 {
		return 0, invalid()
	}
	return seq, nil
}
