package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Kind tells how a MovieLens file maps onto shopmind entities.
type Kind string

// The MovieLens file kinds ingest reads.
const (
	KindNone         Kind = ""
	KindML100KData   Kind = "ml-100k ratings" // u.data, u1.base...: user \t item \t rating \t unix time
	KindML100KItem   Kind = "ml-100k items"   // u.item: id|title|release|video release|imdb url|19 genre flags (Latin-1)
	KindML100KUser   Kind = "ml-100k users"   // u.user: id|age|gender|occupation|zip
	KindMLRatingsCSV Kind = "ml-latest ratings"
	KindMLMoviesCSV  Kind = "ml-latest movies"
	KindML1MRatings  Kind = "ml-1m ratings" // ratings.dat: user::item::rating::unix time (ML-1M, ML-10M)
	KindML1MMovies   Kind = "ml-1m movies"  // movies.dat: id::title::genres (Latin-1)
	KindML1MUsers    Kind = "ml-1m users"   // users.dat: id::gender::age::occupation::zip
)

// File is one input and how it will be read.
type File struct {
	Path   string // the file's path; also its name in errors (base name)
	Format Format // never FormatAuto once planned
	Entity Entity // what the file holds (for MovieLens, the main entity)
	Kind   Kind   // the MovieLens kind, or KindNone
	Size   int64  // bytes on disk, for progress; 0 when unknown
	// Open, when set, opens the data instead of os.Open(Path) (stdin,
	// tests). Gzip is still detected from the content.
	Open func() (io.ReadCloser, error)
}

// Name is the base name used in error messages.
func (f File) Name() string { return filepath.Base(f.Path) }

var mlSplit = regexp.MustCompile(`^u[0-9a-z]*\.(base|test)$`)

// Plan expands directories and detects each path's format, entity and
// MovieLens kind, returning the files in the order Import writes them (users
// before items before events, see Entities). A directory contributes every
// file it recognises, MovieLens split files (u1.base...) excepted since they
// repeat u.data; a path named explicitly must be recognised or Plan fails.
func Plan(paths []string, opts Options) ([]File, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("no input files")
	}
	var files []File
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("plan import: %w", err)
		}
		if !st.IsDir() {
			f, err := Detect(p, opts)
			if err != nil {
				return nil, err
			}
			files = append(files, f)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("plan import: %w", err)
		}
		n := 0
		for _, e := range ents {
			if !e.Type().IsRegular() || mlSplit.MatchString(strings.TrimSuffix(e.Name(), ".gz")) {
				continue
			}
			f, err := Detect(filepath.Join(p, e.Name()), opts)
			if err != nil {
				continue // README, u.genre... : not data this importer knows
			}
			files = append(files, f)
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("plan import: %s holds no file ingest recognises (MovieLens u.data/u.item/u.user, ratings.csv/movies.csv, or <entity>.csv/.jsonl)", p)
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return rank(files[i]) < rank(files[j]) })
	return files, nil
}

func rank(f File) int {
	switch f.Kind {
	case KindML100KUser, KindML1MUsers:
		return 0
	case KindML100KItem, KindMLMoviesCSV, KindML1MMovies:
		return 1
	}
	for i, e := range Entities {
		if e == f.Entity {
			return i
		}
	}
	return len(Entities)
}

// Detect tells how one file will be read: MovieLens files by name (ratings.csv
// and movies.csv only when their header is MovieLens's), Shopify and
// WooCommerce exports by their CSV header, others by extension
// (.csv, .tsv, .jsonl, .ndjson, .json, each optionally .gz) unless
// opts.Format says, and the entity from opts.Entity or the base name
// ("items.csv", "events.jsonl.gz").
func Detect(path string, opts Options) (File, error) {
	f := File{Path: path}
	if st, err := os.Stat(path); err == nil {
		f.Size = st.Size()
	}
	name := strings.ToLower(filepath.Base(path))
	name = strings.TrimSuffix(name, ".gz")
	if opts.Format == FormatAuto || opts.Format == FormatMovieLens {
		kind, err := movieLensKind(path, name)
		if err != nil {
			return f, err
		}
		if kind != KindNone {
			f.Format, f.Kind = FormatMovieLens, kind
			f.Entity = EntityEvents
			switch kind {
			case KindML100KItem, KindMLMoviesCSV, KindML1MMovies:
				f.Entity = EntityItems
			case KindML100KUser, KindML1MUsers:
				f.Entity = EntityUsers
			}
			return f, nil
		}
		if opts.Format == FormatMovieLens {
			return f, fmt.Errorf("%s: not a MovieLens file this importer knows (u.data, u.item, u.user, u*.base/test, ratings.csv, movies.csv, ratings.dat, movies.dat, users.dat)", f.Name())
		}
	}
	f.Format = opts.Format
	ext := filepath.Ext(name)
	if f.Format == FormatAuto {
		switch ext {
		case ".csv":
			f.Format = FormatCSV
		case ".tsv", ".tab":
			f.Format = FormatTSV
		case ".jsonl", ".ndjson", ".json":
			f.Format = FormatJSONL
		default:
			return f, fmt.Errorf("%s: cannot tell the format from the extension; give it (csv, tsv, jsonl, movielens)", f.Name())
		}
	}
	if f.Format == FormatCSV && opts.Entity == "" {
		// A file that cannot be read yet is told by its name; reading it
		// later reports the error.
		if h, err := firstLine(path); err == nil {
			if k := platformKind(h); k != KindNone {
				f.Kind, f.Entity = k, k.entity()
				return f, nil
			}
		}
	}
	f.Entity = opts.Entity
	if f.Entity == "" {
		stem, _, _ := strings.Cut(name, ".")
		e, err := ParseEntity(stem)
		if err != nil {
			return f, fmt.Errorf("%s: cannot tell what the file holds from its name; give the entity (items, users, personal, events, orders, reviews, promotions)", f.Name())
		}
		f.Entity = e
	}
	return f, nil
}

// movieLensKind recognises MovieLens files by name; ratings.csv and
// movies.csv also need MovieLens's header, and the .dat files its "::"
// separator, since a shop may have files of those names.
func movieLensKind(path, name string) (Kind, error) {
	switch {
	case name == "u.data" || mlSplit.MatchString(name):
		return KindML100KData, nil
	case name == "u.item":
		return KindML100KItem, nil
	case name == "u.user":
		return KindML100KUser, nil
	case name == "ratings.csv" || name == "movies.csv":
		h, err := firstLine(path)
		if err != nil {
			return KindNone, err
		}
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if name == "ratings.csv" && strings.HasPrefix(h, "userid,movieid,rating") {
			return KindMLRatingsCSV, nil
		}
		if name == "movies.csv" && strings.HasPrefix(h, "movieid,title") {
			return KindMLMoviesCSV, nil
		}
	case name == "ratings.dat" || name == "movies.dat" || name == "users.dat":
		h, err := firstLine(path)
		if err != nil {
			return KindNone, err
		}
		if strings.Contains(h, "::") || h == "" {
			return map[string]Kind{"ratings.dat": KindML1MRatings, "movies.dat": KindML1MMovies, "users.dat": KindML1MUsers}[name], nil
		}
	}
	return KindNone, nil
}

func firstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("read header: %w", err)
	}
	defer f.Close()
	r, closeR, err := decompress(bufio.NewReader(f))
	if err != nil {
		return "", fmt.Errorf("read header of %s: %w", filepath.Base(path), err)
	}
	defer closeR()
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read header of %s: %w", filepath.Base(path), err)
	}
	return line, nil
}

// decompress returns a reader of r's content, gunzipping it when it starts
// with the gzip magic bytes, and a function that releases the decompressor.
func decompress(r *bufio.Reader) (io.Reader, func(), error) {
	magic, _ := r.Peek(2)
	if !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		return r, func() {}, nil
	}
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, nil, fmt.Errorf("gunzip: %w", err)
	}
	return z, func() { z.Close() }, nil
}

// countingReader counts the bytes read through it, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
