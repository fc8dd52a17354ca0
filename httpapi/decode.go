package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/shopmind/shopmind"
)

// readBody reads the whole request body, at most limit bytes: ETOOLARGE
// beyond that.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	// Not http.MaxBytesReader: it makes the server hang up on the rest of
	// the body, which a client still sending sees as a broken pipe instead
	// of the 413. serveHTTP reads and discards the rest (drainBody).
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, shopmind.Errorf(shopmind.EINVALID, "read request body: %v", err)
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(limit)
	}
	return b, nil
}

func tooLarge(limit int64) error {
	return shopmind.Errorf(shopmind.ETOOLARGE, "request body is larger than %d bytes", limit)
}

// DecodeJSON reads the request body (at most Options.MaxBodyBytes) into v,
// rejecting malformed JSON, unknown fields, wrongly typed values and
// trailing data with an EINVALID error that names the position or field.
func (s *Server) DecodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	b, err := readBody(w, r, s.opts.MaxBodyBytes)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return shopmind.Errorf(shopmind.EINVALID, "request body is empty; expected a JSON object")
	}
	return unmarshalStrict(b, v, "")
}

// unmarshalStrict decodes one JSON value from b into v, rejecting unknown
// fields and trailing data. Error fields are prefixed with prefix.
func unmarshalStrict(b []byte, v any, prefix string) error {
	if err := checkUTF8(b, prefix); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(b, err, prefix)
	}
	if dec.More() {
		return shopmind.WithField(shopmind.Errorf(shopmind.EINVALID,
			"malformed JSON at %s: unexpected data after the value", position(b, dec.InputOffset())), prefix)
	}
	return nil
}

// jsonError turns an encoding/json error into an EINVALID *shopmind.Error
// naming the position or field at fault.
func jsonError(b []byte, err error, prefix string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var e *shopmind.Error
	switch {
	case errors.As(err, &e):
		return shopmind.WithField(e, prefix)
	case errors.As(err, &syn):
		return shopmind.WithField(shopmind.Errorf(shopmind.EINVALID, "malformed JSON at %s: %s",
			position(b, syn.Offset), strings.TrimPrefix(syn.Error(), "json: ")), prefix)
	case errors.As(err, &typ):
		field := typ.Field
		msg := fmt.Sprintf("%s must be a JSON %s, not %s", orValue(field), jsonKind(typ.Type.Kind().String()), typ.Value)
		return &shopmind.Error{Code: shopmind.EINVALID, Message: msg, Field: join(prefix, field)}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return shopmind.WithField(shopmind.Errorf(shopmind.EINVALID, "malformed JSON: unexpected end of input"), prefix)
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return &shopmind.Error{Code: shopmind.EINVALID, Message: fmt.Sprintf("unknown field %q", name), Field: join(prefix, name)}
	}
	// Errors from UnmarshalJSON methods, such as a malformed time.
	return shopmind.WithField(shopmind.Errorf(shopmind.EINVALID, "invalid value: %s", msg), prefix)
}

func orValue(field string) string {
	if field == "" {
		return "the body"
	}
	return field
}

func join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	}
	return prefix + "." + field
}

// jsonKind names the JSON type a Go kind decodes from.
func jsonKind(kind string) string {
	switch kind {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map", "ptr":
		return "object"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "integer"
	case "float32", "float64":
		return "number"
	}
	return kind
}

// position describes a byte offset in b as line and column.
func position(b []byte, offset int64) string {
	if offset > int64(len(b)) {
		offset = int64(len(b))
	}
	line := 1 + bytes.Count(b[:offset], []byte{'\n'})
	col := offset - int64(bytes.LastIndexByte(b[:offset], '\n'))
	return fmt.Sprintf("line %d, column %d (byte %d)", line, col, offset)
}

// validator is a root type with a Validate method.
type validator interface{ Validate() error }

// decodeBatch reads a body {"<key>": [ ... ]} of at most max elements,
// decoding and validating each element strictly. Errors name the element,
// as in "events[3].type".
func decodeBatch[T any, PT interface {
	*T
	validator
}](s *Server, w http.ResponseWriter, r *http.Request, key string, max int) ([]*T, error) {
	b, err := readBody(w, r, s.opts.MaxBodyBytes)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, shopmind.Errorf(shopmind.EINVALID, "request body is empty; expected {%q: [...]}", key)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, jsonError(b, err, "")
	}
	for k := range top {
		if k != key {
			return nil, &shopmind.Error{Code: shopmind.EINVALID, Message: fmt.Sprintf("unknown field %q", k), Field: k}
		}
	}
	raw, ok := top[key]
	if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, shopmind.FieldErrorf(key, "%s is required: send {%q: [...]}", key, key)
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, shopmind.FieldErrorf(key, "%s must be a JSON array", key)
	}
	if len(elems) > max {
		return nil, &shopmind.Error{Code: shopmind.ETOOLARGE, Field: key,
			Message: fmt.Sprintf("%s has %d elements; send at most %d per request", key, len(elems), max)}
	}
	out := make([]*T, len(elems))
	for i, el := range elems {
		prefix := key + "[" + strconv.Itoa(i) + "]"
		if t := bytes.TrimSpace(el); len(t) == 0 || t[0] != '{' {
			return nil, shopmind.FieldErrorf(prefix, "%s must be a JSON object", prefix)
		}
		v := new(T)
		if err := unmarshalStrict(el, v, prefix); err != nil {
			return nil, err
		}
		if err := PT(v).Validate(); err != nil {
			return nil, shopmind.WithField(err, prefix)
		}
		out[i] = v
	}
	return out, nil
}

// decodeOne reads a single entity body into a new T, fills its id from the
// path when empty (id points at the body's id field), rejects an id
// that differs from the path's, and validates it.
func decodeOne[T any, PT interface {
	*T
	validator
}](s *Server, w http.ResponseWriter, r *http.Request, idField, pathID string, id func(*T) *string) (*T, error) {
	v := new(T)
	if err := s.DecodeJSON(w, r, v); err != nil {
		return nil, err
	}
	p := id(v)
	if *p == "" {
		*p = pathID
	} else if *p != pathID {
		return nil, shopmind.FieldErrorf(idField, "%s %q in the body does not match %q in the path", idField, *p, pathID)
	}
	if err := PT(v).Validate(); err != nil {
		return nil, err
	}
	return v, nil
}
