package shopmind

import (
	"errors"
	"fmt"
	"strings"
)

// Application error codes. They are stable strings that clients may match on;
// only httpapi maps them to HTTP status codes.
const (
	ECONFLICT       = "conflict"        // the action conflicts with stored data
	EINTERNAL       = "internal"        // an unexpected failure; details are logged, not shown
	EINVALID        = "invalid"         // the input is malformed or fails validation
	ENOTFOUND       = "not_found"       // the entity does not exist
	EUNAUTHORIZED   = "unauthorized"    // no valid credentials were given
	EFORBIDDEN      = "forbidden"       // the credentials lack the needed role
	ETOOLARGE       = "too_large"       // the input exceeds a size limit
	ENOTIMPLEMENTED = "not_implemented" // the feature is not available
	EUNAVAILABLE    = "unavailable"     // a dependency is not ready, try again later
	ERATELIMITED    = "rate_limited"    // too many requests or failed sign-ins, retry later
	EDATAKEY        = "data_key"        // the data key for personal data is missing or wrong
)

// Error is shopmind's application error. Code is one of the E* constants,
// Message is safe to show to a user, and Field, when set, names the input
// field at fault (for example "price" or "items[3].id").
type Error struct {
	Code    string
	Message string
	Field   string
}

// Error implements the error interface: the message, which is written for
// people, followed by the field when the message does not name it.
func (e *Error) Error() string {
	if e.Field != "" && !strings.Contains(e.Message, e.Field) {
		return fmt.Sprintf("%s (field %s)", e.Message, e.Field)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID *Error naming the field at fault.
func FieldErrorf(field string, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for nil,
// and EINTERNAL for any other error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, ""
// for nil, and "Internal error." for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorField returns the field of the first *Error in err's chain, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// WithField returns a copy of err with its field prefixed by prefix
// (for example "items[3]"), or err itself when it is not an *Error.
func WithField(err error, prefix string) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	switch {
	case c.Field == "":
		c.Field = prefix
	case prefix != "":
		c.Field = prefix + "." + c.Field
	}
	return &c
}
