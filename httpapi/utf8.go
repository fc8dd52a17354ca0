package httpapi

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/shopmind/shopmind"
)

// checkUTF8 refuses a JSON document that is not valid UTF-8. encoding/json
// would silently replace each bad byte with U+FFFD and store, say, user
// "u\ufffd1"; instead the error names the field holding the bad bytes, e.g.
// "events[3].session_id" (prefix "events[3]").
func checkUTF8(b []byte, prefix string) error {
	if utf8.Valid(b) {
		return nil
	}
	field := joinPath(prefix, invalidPath(b))
	return &shopmind.Error{Code: shopmind.EINVALID, Field: field, Message: orValue(field) + " is not valid UTF-8"}
}

// invalidPath returns the path, in field notation ("attributes.color",
// "tags[2]"), of the first value of the JSON document b that is not valid
// UTF-8; "" when that is b itself, an object key, or b does not parse.
// json.RawMessage keeps the raw bytes, so each level can be checked as sent.
func invalidPath(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return ""
	}
	switch b[0] {
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(b, &obj) != nil {
			return ""
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !utf8.Valid(obj[k]) {
				return joinPath(k, invalidPath(obj[k]))
			}
		}
	case '[':
		var arr []json.RawMessage
		if json.Unmarshal(b, &arr) != nil {
			return ""
		}
		for i, el := range arr {
			if !utf8.Valid(el) {
				return joinPath("["+strconv.Itoa(i)+"]", invalidPath(el))
			}
		}
	}
	return ""
}

// joinPath joins field paths: "tags"+"[2]" is "tags[2]", "a"+"b" is "a.b".
func joinPath(prefix, field string) string {
	if len(field) > 0 && field[0] == '[' {
		return prefix + field
	}
	return join(prefix, field)
}
