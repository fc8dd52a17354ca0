package ingest

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The value parsers below turn one CSV cell (or a JSON scalar rendered as
// text) into a Go value. Their errors are reasons for a person, without the
// location, e.g. `"abc" is not a number`.

func parseFloat(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s is not a number", quoteShort(s))
	}
	return f, nil
}

func parseInt(s string) (int, error) {
	t := strings.TrimSpace(s)
	n, err := strconv.Atoi(t)
	if err == nil {
		return n, nil
	}
	// Accept integral decimals such as "3.0", which spreadsheets write.
	if f, ferr := strconv.ParseFloat(t, 64); ferr == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int(f), nil
	}
	return 0, fmt.Errorf("%s is not an integer", quoteShort(s))
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "t", "yes", "y", "1":
		return true, nil
	case "false", "f", "no", "n", "0":
		return false, nil
	}
	return false, fmt.Errorf("%s is not a boolean (true or false)", quoteShort(s))
}

// timeLayouts are tried in order for times that are not unix seconds.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// parseTime reads RFC 3339, "YYYY-MM-DD[ HH:MM:SS]" (UTC when no zone is
// given) or unix seconds, possibly with a fraction. Times are returned in UTC.
func parseTime(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if isUnixNumber(t) {
		sec, frac, _ := strings.Cut(t, ".")
		n, err := strconv.ParseInt(sec, 10, 64)
		if err == nil && n > -1e11 && n < 1e11 {
			var ns int64
			if frac != "" {
				frac = (frac + "000000000")[:9]
				ns, _ = strconv.ParseInt(frac, 10, 64)
				if n < 0 || strings.HasPrefix(sec, "-") {
					ns = -ns
				}
			}
			return time.Unix(n, ns).UTC(), nil
		}
	} else {
		for _, l := range timeLayouts {
			if v, err := time.Parse(l, t); err == nil {
				return v.UTC(), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%s is not a time (RFC 3339, YYYY-MM-DD or unix seconds)", quoteShort(s))
}

func isUnixNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.' && !dot && i > 0:
			dot = true
		case c < '0' || c > '9':
			return false
		}
	}
	return true
}

// splitList splits "a|b|c" into trimmed, non-empty parts.
func splitList(s, sep string) []string {
	var out []string
	for p := range strings.SplitSeq(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseCategory reads a category path "A > B > C", or "A › B › C" as the
// console shows it (» too). An empty level, as in "A > > C", is kept so that
// validation reports it.
func parseCategory(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(strings.NewReplacer("›", ">", "»", ">").Replace(s), ">")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	return parts
}

// parseStringMap reads a JSON object whose values are scalars; numbers and
// booleans become their JSON text.
func parseStringMap(raw []byte) (map[string]string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, fmt.Errorf("%s is not a JSON object", quoteShort(string(raw)))
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		s, err := scalarText(v)
		if err != nil {
			return nil, fmt.Errorf("key %q: %w", k, err)
		}
		out[k] = s
	}
	return out, nil
}

// parseStringList reads a JSON array of scalars.
func parseStringList(raw []byte) ([]string, error) {
	var l []json.RawMessage
	if err := json.Unmarshal(raw, &l); err != nil {
		return nil, fmt.Errorf("%s is not a JSON array", quoteShort(string(raw)))
	}
	out := make([]string, 0, len(l))
	for i, v := range l {
		s, err := scalarText(v)
		if err != nil {
			return nil, fmt.Errorf("element %d: %w", i, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// scalarText renders a JSON string, number or boolean as text; null is "".
func scalarText(raw json.RawMessage) (string, error) {
	raw = trimSpace(raw)
	if len(raw) == 0 {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("bad JSON string %s", quoteShort(string(raw)))
		}
		return s, nil
	case '{', '[':
		return "", fmt.Errorf("%s is not a string, number or boolean", quoteShort(string(raw)))
	case 'n':
		if string(raw) == "null" {
			return "", nil
		}
	}
	return string(raw), nil
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// quoteShort quotes s for an error message, shortened to 60 bytes.
func quoteShort(s string) string {
	if len(s) > 60 {
		return strconv.Quote(s[:57] + "...")
	}
	return strconv.Quote(s)
}
