package shopmind

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"
)

// Limits on identifiers and free text, shared by every entity.
const (
	MaxIDLength    = 128     // bytes in any entity id
	MaxTitleLength = 1000    // bytes in a title or name
	MaxTextLength  = 100_000 // bytes in a description or review text

	MaxAttributes     = 100  // attributes of an item or user
	MaxAttributeValue = 1000 // bytes in an attribute value (keys are ids: MaxIDLength)
	MaxTags           = 100  // tags of an item
	MaxTagLength      = 128  // bytes in a tag
	MaxCategoryDepth  = 10   // levels of a category path
	MaxCategoryLevel  = 200  // bytes in one level of a category path
	MaxImages         = 50   // images of an item
	MaxImageRef       = 2048 // bytes in an image hash or URL
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

// validateText checks free text: at most max bytes, valid UTF-8 and
// without NUL (which PostgreSQL cannot store in text, so both stores refuse
// it alike). Other control characters, such as newlines, are kept.
func validateText(field, s string, max int) error {
	if len(s) > max {
		return FieldErrorf(field, "%s is longer than %d bytes", field, max)
	}
	if !utf8.ValidString(s) {
		return FieldErrorf(field, "%s is not valid UTF-8", field)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return FieldErrorf(field, "%s contains a NUL character", field)
	}
	return nil
}

// validateOptionalID is ValidateID for an id that may be empty.
func validateOptionalID(field, id string) error {
	if id == "" {
		return nil
	}
	return ValidateID(field, id)
}

// validateAttributes checks an attribute map: at most MaxAttributes
// entries, keys text of at most MaxIDLength bytes, values text of at most
// MaxAttributeValue bytes. The error names the entry, e.g. "attributes.color".
func validateAttributes(field string, attrs map[string]string) error {
	if len(attrs) > MaxAttributes {
		return FieldErrorf(field, "%s has %d entries; at most %d", field, len(attrs), MaxAttributes)
	}
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the first bad entry is always the same
	for _, k := range keys {
		if err := validateText(field+" key", k, MaxIDLength); err != nil {
			return &Error{Code: EINVALID, Field: field, Message: ErrorMessage(err)}
		}
		f := field + "." + k
		if err := validateText(f, attrs[k], MaxAttributeValue); err != nil {
			return err
		}
	}
	return nil
}

// validateList checks a list of short texts: at most maxN elements, each
// non-empty text of at most maxLen bytes. The error names the element,
// e.g. "tags[2]".
func validateList(field string, xs []string, maxN, maxLen int) error {
	if len(xs) > maxN {
		return FieldErrorf(field, "%s has %d elements; at most %d", field, len(xs), maxN)
	}
	for i, x := range xs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if x == "" {
			return FieldErrorf(f, "%s is empty", f)
		}
		if err := validateText(f, x, maxLen); err != nil {
			return err
		}
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
