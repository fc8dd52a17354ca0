package ingest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// attrPrefix starts columns that set one attribute: "attr.color".
const attrPrefix = "attr."

// column sets one field of a T from a CSV cell or a JSON value.
type column[T any] struct {
	// text sets the field from non-empty text (a CSV cell, or a JSON scalar
	// rendered as text).
	text func(t *T, s string) error
	// json, when set, takes any non-null JSON value (for lists and objects).
	json func(t *T, raw json.RawMessage) error
}

// schema describes the columns of one entity without reflection.
type schema[T any] struct {
	entity   Entity
	fresh    func() *T // a new record with its defaults
	cols     map[string]column[T]
	required []string                       // columns a CSV header must have
	attr     func(t *T, name, value string) // sets attr.<name>; nil when the entity has none
	id       func(t *T) string              // the explicit id, for duplicate checks; "" is not checked
	// same, when set, makes a repeated id with equal content (by same) the
	// same record sent twice, kept once, rather than an error.
	same     func(a, b *T) bool
	validate func(t *T) error
}

// names lists the known columns, sorted, for error messages.
func (s *schema[T]) names() string {
	n := make([]string, 0, len(s.cols)+1)
	for k := range s.cols {
		n = append(n, k)
	}
	sort.Strings(n)
	if s.attr != nil {
		n = append(n, attrPrefix+"<name>")
	}
	return strings.Join(n, ", ")
}

// binding is one bound CSV column.
type binding[T any] struct {
	name string
	set  func(t *T, s string) error
}

// bind resolves a CSV header. Headers are matched case-insensitively after
// trimming spaces and a UTF-8 byte order mark.
func (s *schema[T]) bind(header []string) ([]binding[T], error) {
	out := make([]binding[T], len(header))
	seen := make(map[string]bool, len(header))
	for i, h := range header {
		name := strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		key := strings.ToLower(name)
		if seen[key] {
			return nil, &RowError{Line: 1, Column: name, Reason: "column appears twice in the header"}
		}
		seen[key] = true
		if c, ok := s.cols[key]; ok {
			out[i] = binding[T]{name: name, set: c.text}
			continue
		}
		if s.attr != nil && strings.HasPrefix(key, attrPrefix) && len(name) > len(attrPrefix) {
			attr := name[len(attrPrefix):]
			set := s.attr
			out[i] = binding[T]{name: name, set: func(t *T, v string) error { set(t, attr, v); return nil }}
			continue
		}
		return nil, &RowError{Line: 1, Column: name, Reason: fmt.Sprintf("unknown column for %s; known: %s", s.entity, s.names())}
	}
	for _, r := range s.required {
		if !seen[r] {
			return nil, &RowError{Line: 1, Column: r, Reason: fmt.Sprintf("required column is missing from the header for %s", s.entity)}
		}
	}
	return out, nil
}

// fromCells builds a record from a CSV record bound by bind. Empty cells
// leave the field at its default. The returned error names the column.
func (s *schema[T]) fromCells(b []binding[T], cells []string) (*T, string, error) {
	t := s.fresh()
	for i, c := range cells {
		if c == "" {
			continue
		}
		if err := b[i].set(t, c); err != nil {
			return nil, b[i].name, err
		}
	}
	return t, "", nil
}

// fromJSON builds a record from one JSON object. Nulls leave the field at
// its default; unknown keys are an error.
func (s *schema[T]) fromJSON(obj map[string]json.RawMessage) (*T, string, error) {
	t := s.fresh()
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic: the first bad key is always the same
	for _, k := range keys {
		raw := trimSpace(obj[k])
		if !utf8.Valid(raw) {
			// encoding/json would replace the bad bytes with U+FFFD.
			return nil, k, fmt.Errorf("not valid UTF-8")
		}
		if len(raw) == 0 || string(raw) == "null" {
			continue
		}
		key := strings.ToLower(k)
		c, ok := s.cols[key]
		if !ok {
			if s.attr != nil && strings.HasPrefix(key, attrPrefix) && len(k) > len(attrPrefix) {
				v, err := scalarText(raw)
				if err != nil {
					return nil, k, err
				}
				s.attr(t, k[len(attrPrefix):], v)
				continue
			}
			return nil, k, fmt.Errorf("unknown field for %s; known: %s", s.entity, s.names())
		}
		if c.json != nil {
			if err := c.json(t, raw); err != nil {
				return nil, k, err
			}
			continue
		}
		v, err := scalarText(raw)
		if err != nil {
			return nil, k, err
		}
		if v == "" {
			continue
		}
		if err := c.text(t, v); err != nil {
			return nil, k, err
		}
	}
	return t, "", nil
}

// Column helpers shared by the entity schemas.

func textCol[T any](field func(*T) *string) column[T] {
	return column[T]{text: func(t *T, s string) error { *field(t) = s; return nil }}
}

func floatCol[T any](field func(*T) *float64) column[T] {
	return column[T]{text: func(t *T, s string) error {
		f, err := parseFloat(s)
		*field(t) = f
		return err
	}}
}

func intCol[T any](field func(*T) *int) column[T] {
	return column[T]{text: func(t *T, s string) error {
		n, err := parseInt(s)
		*field(t) = n
		return err
	}}
}

func boolCol[T any](field func(*T) *bool) column[T] {
	return column[T]{text: func(t *T, s string) error {
		b, err := parseBool(s)
		*field(t) = b
		return err
	}}
}

// listCol reads "a|b" (or the given separator) in CSV and an array or a
// separated string in JSON.
func listCol[T any](field func(*T) *[]string, split func(string) []string) column[T] {
	return column[T]{
		text: func(t *T, s string) error { *field(t) = split(s); return nil },
		json: func(t *T, raw json.RawMessage) error {
			if raw[0] == '[' {
				l, err := parseStringList(raw)
				*field(t) = l
				return err
			}
			s, err := scalarText(raw)
			*field(t) = split(s)
			return err
		},
	}
}

// mapCol reads a JSON object, in CSV as text and in JSON as an object, and
// merges it with attr.<name> columns already set.
func mapCol[T any](field func(*T) *map[string]string) column[T] {
	merge := func(t *T, m map[string]string) {
		p := field(t)
		if *p == nil {
			*p = m
			return
		}
		for k, v := range m {
			if _, ok := (*p)[k]; !ok {
				(*p)[k] = v
			}
		}
	}
	return column[T]{
		text: func(t *T, s string) error {
			m, err := parseStringMap([]byte(s))
			if err != nil {
				return err
			}
			merge(t, m)
			return nil
		},
		json: func(t *T, raw json.RawMessage) error {
			if raw[0] == '"' { // an object encoded as a JSON string, as a CSV cell would be
				s, err := scalarText(raw)
				if err != nil {
					return err
				}
				raw = json.RawMessage(s)
			}
			m, err := parseStringMap(raw)
			if err != nil {
				return err
			}
			merge(t, m)
			return nil
		},
	}
}

// setAttr sets one attribute on a map field, creating it when needed.
func setAttr(p *map[string]string, name, value string) {
	if *p == nil {
		*p = make(map[string]string)
	}
	(*p)[name] = value
}

func pipeList(s string) []string { return splitList(s, "|") }
