package recommend

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// ReadCSV reads interactions from CSV with a header naming the columns user,
// item and optionally value (default 1), timestamp (Unix seconds or
// RFC 3339) and type (an event type, default purchase). Column order is
// free; other columns are ignored. Errors are EINVALID and name the line.
// MovieLens' ratings.csv (userId,movieId,rating,timestamp) is read as
// ReadMovieLens reads u.data.
func ReadCSV(r io.Reader) ([]Interaction, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, shopmind.Errorf(shopmind.EINVALID, "read csv header: %v", err)
	}
	if isMovieLensCSV(head) {
		return readMovieLensCSV(cr)
	}
	col := map[string]int{"user": -1, "item": -1, "value": -1, "timestamp": -1, "type": -1}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, ok := col[h]; ok {
			col[h] = i
		}
	}
	if col["user"] < 0 || col["item"] < 0 {
		return nil, shopmind.FieldErrorf("header", "csv header must name user and item columns, got %q", strings.Join(head, ","))
	}
	var out []Interaction
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, shopmind.Errorf(shopmind.EINVALID, "read csv line %d: %v", line, err)
		}
		get := func(name string) string {
			if i := col[name]; i >= 0 && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		x := Interaction{User: get("user"), Item: get("item"), Value: 1, Type: shopmind.EventPurchase}
		if x.User == "" || x.Item == "" {
			return nil, shopmind.FieldErrorf(fmt.Sprintf("line %d", line), "user and item are required")
		}
		if v := get("value"); v != "" {
			f, err := strconv.ParseFloat(v, 32)
			if err != nil {
				return nil, shopmind.FieldErrorf(fmt.Sprintf("line %d", line), "value %q is not a number", v)
			}
			x.Value = float32(f)
		}
		if t := get("type"); t != "" {
			if typeBit(shopmind.EventType(t)) == 0 {
				return nil, shopmind.FieldErrorf(fmt.Sprintf("line %d", line), "type %q is not an event type", t)
			}
			x.Type = shopmind.EventType(t)
		}
		if t := get("timestamp"); t != "" {
			if x.Time, err = parseTime(t); err != nil {
				return nil, shopmind.FieldErrorf(fmt.Sprintf("line %d", line), "%v", err)
			}
		}
		out = append(out, x)
	}
}

func parseTime(s string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(f), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	return 0, fmt.Errorf("timestamp %q is neither Unix seconds nor RFC 3339", s)
}

// ReadMovieLens reads MovieLens u.data format (tab-separated user, item,
// rating, timestamp; no header). Every rating becomes a rating interaction of
// value 1: the evaluation protocol treats every rating as a positive.
func ReadMovieLens(r io.Reader) ([]Interaction, error) {
	sc := bufio.NewScanner(r)
	var out []Interaction
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) < 4 {
			return nil, shopmind.FieldErrorf(fmt.Sprintf("line %d", line), "want user, item, rating, timestamp")
		}
		t, err := strconv.ParseInt(f[3], 10, 64)
		if err != nil {
			return nil, shopmind.FieldErrorf(fmt.Sprintf("line %d", line), "timestamp %q is not an integer", f[3])
		}
		out = append(out, Interaction{User: f[0], Item: f[1], Value: 1, Time: t, Type: shopmind.EventRating})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read movielens: %w", err)
	}
	return out, nil
}

// isMovieLensCSV reports whether a CSV header is that of the ratings.csv of
// MovieLens' "latest" releases: userId,movieId,rating,timestamp.
func isMovieLensCSV(head []string) bool {
	return len(head) == 4 && strings.TrimPrefix(head[0], "\ufeff") == "userId" && head[1] == "movieId" &&
		head[2] == "rating" && head[3] == "timestamp"
}

// readMovieLensCSV reads the rows of a MovieLens ratings.csv after its
// header. As with ReadMovieLens, every rating becomes a rating interaction
// of value 1.
func readMovieLensCSV(cr *csv.Reader) ([]Interaction, error) {
	var out []Interaction
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, shopmind.Errorf(shopmind.EINVALID, "read csv line %d: %v", line, err)
		}
		if len(rec) < 4 || rec[0] == "" || rec[1] == "" {
			return nil, shopmind.FieldErrorf(fmt.Sprintf("line %d", line), "want userId, movieId, rating, timestamp")
		}
		t, err := strconv.ParseInt(rec[3], 10, 64)
		if err != nil {
			return nil, shopmind.FieldErrorf(fmt.Sprintf("line %d", line), "timestamp %q is not an integer", rec[3])
		}
		out = append(out, Interaction{User: rec[0], Item: rec[1], Value: 1, Time: t, Type: shopmind.EventRating})
	}
}

// ReadBaskets reads market baskets, one per line, items comma-separated (the
// groceries_baskets.csv format). Each basket becomes a "user" named
// "basket-<line>" with value-1 purchases; repeated items count once.
func ReadBaskets(r io.Reader) ([]Interaction, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out []Interaction
	for line := 1; sc.Scan(); line++ {
		seen := map[string]bool{}
		user := "basket-" + strconv.Itoa(line)
		for _, it := range strings.Split(sc.Text(), ",") {
			it = strings.TrimSpace(it)
			if it == "" || seen[it] {
				continue
			}
			seen[it] = true
			out = append(out, Interaction{User: user, Item: it, Value: 1, Type: shopmind.EventPurchase})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read baskets: %w", err)
	}
	return out, nil
}

// OpenFile opens path for reading, transparently decompressing a .gz file.
// For a directory it opens u.data or ratings.csv (.gz) inside it (a
// MovieLens folder).
func OpenFile(path string) (io.ReadCloser, error) {
	path, err := dataFile(path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, shopmind.Errorf(shopmind.ENOTFOUND, "file %s does not exist", path)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, nil
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, shopmind.Errorf(shopmind.EINVALID, "%s is not gzip: %v", path, err)
	}
	return &gzipFile{z, f}, nil
}

// dataFile returns path, or for a MovieLens folder the ratings file in it:
// u.data (100k) or ratings.csv (the "latest" releases), optionally .gz.
func dataFile(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil || !st.IsDir() {
		return path, nil
	}
	for _, name := range []string{"u.data", "u.data.gz", "ratings.csv", "ratings.csv.gz"} {
		if _, err := os.Stat(filepath.Join(path, name)); err == nil {
			return filepath.Join(path, name), nil
		}
	}
	return "", shopmind.Errorf(shopmind.ENOTFOUND, "no u.data or ratings.csv (.gz) in %s", path)
}

type gzipFile struct {
	*gzip.Reader
	f *os.File
}

func (g *gzipFile) Close() error {
	err := g.Reader.Close()
	if cerr := g.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// ReadFile reads interactions from path, choosing the format by name: a
// MovieLens folder or u.data/*.base/*.test(.gz) file, a baskets file (name
// containing "basket"), or header CSV otherwise.
func ReadFile(path string) ([]Interaction, error) {
	rc, err := OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	path, _ = dataFile(path) // OpenFile succeeded, so this does too
	base := strings.TrimSuffix(filepath.Base(path), ".gz")
	switch {
	case base == "u.data", strings.HasSuffix(base, ".base"), strings.HasSuffix(base, ".test"):
		return ReadMovieLens(rc)
	case strings.Contains(base, "basket"):
		return ReadBaskets(rc)
	}
	return ReadCSV(rc)
}
