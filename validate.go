package shopmind

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Limits on identifiers and free text, shared by every entity.
const (
	MaxIDLength    = 128     // bytes in any entity id
	MaxTitleLength = 1000    // bytes in a title or name
	MaxTextLength  = 100_000 // bytes in a description or review text
)

// ValidateID reports whether id is usable as an entity id: non-empty, at most
// MaxIDLength bytes, valid UTF-8, without control characters or surrounding
// spaces. The returned error is EINVALID and names field.
func ValidateID(field, id string) error {
	switch {
	case id == "":
		return FieldErrorf(field, "%s is required", field)
	case len(id) > MaxIDLength:
		return FieldErrorf(field, "%s is longer than %d bytes", field, MaxIDLength)
	case !utf8.ValidString(id):
		return FieldErrorf(field, "%s is not valid UTF-8", field)
	case strings.TrimSpace(id) != id:
		return FieldErrorf(field, "%s has leading or trailing spaces", field)
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f {
			return FieldErrorf(field, "%s contains a control character", field)
		}
	}
	return nil
}

func validateText(field, s string, max int) error {
	if len(s) > max {
		return FieldErrorf(field, "%s is longer than %d bytes", field, max)
	}
	if !utf8.ValidString(s) {
		return FieldErrorf(field, "%s is not valid UTF-8", field)
	}
	return nil
}

// ValidateEach validates every element of a batch, as stores do before they
// write anything: a nil element or the first invalid one gives an EINVALID
// error whose field is prefixed by the element's place, e.g. "items[3].price".
func ValidateEach[T interface{ Validate() error }](name string, xs []T) error {
	return ValidateEachWith(name, xs, T.Validate)
}

// ValidateEachWith is ValidateEach with the check of one element given.
func ValidateEachWith[T any](name string, xs []T, validate func(T) error) error {
	for i, x := range xs {
		place := fmt.Sprintf("%s[%d]", name, i)
		if any(x) == nil || isNilPointer(x) {
			return FieldErrorf(place, "%s is missing", place)
		}
		if err := validate(x); err != nil {
			return WithField(err, place)
		}
	}
	return nil
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
