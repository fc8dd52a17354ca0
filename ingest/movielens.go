package ingest

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/shopmind/shopmind"
)

// mlGenres are ML-100K's genre flags in u.item column order (from u.genre).
var mlGenres = []string{"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
	"Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
	"Thriller", "War", "Western"}

// titleYear finds the release year at the end of a MovieLens title.
var titleYear = regexp.MustCompile(`\((\d{4})\)\s*$`)

func (p *parser) readMovieLens(f File, r io.Reader) error {
	switch f.Kind {
	case KindML100KData:
		return p.readMLRatings(r, "\t", false)
	case KindMLRatingsCSV:
		return p.readMLRatings(r, ",", true)
	case KindML100KItem:
		return p.readML100KItems(r)
	case KindML100KUser:
		return p.readML100KUsers(r)
	case KindMLMoviesCSV:
		return p.readMLMovies(r)
	case KindML1MRatings:
		return p.readMLRatings(r, "::", false)
	case KindML1MMovies:
		return p.readML1MMovies(r)
	case KindML1MUsers:
		return p.readML1MUsers(r)
	}
	return fmt.Errorf("%s: unknown MovieLens kind %q", f.Name(), f.Kind)
}

// eachLine calls fn with every non-blank line (without its line ending) and
// its 1-based number.
func (p *parser) eachLine(r io.Reader, fn func(line int, text string) error) error {
	rec := &errRecorder{r: r}
	sc := bufio.NewScanner(rec)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		t := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(t) == "" {
			continue
		}
		if rec.failed() {
			// The scanner hands out the partial line before a read error.
			return p.readErr(n-1, rec.err)
		}
		p.rows++
		if err := fn(n, t); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return p.readErr(n, err)
	}
	return nil
}

// fieldsError reports a row with the wrong number of fields.
func (p *parser) fieldsError(line, got, want int) error {
	return p.bad(&RowError{Line: line, Reason: fmt.Sprintf("wrong number of fields: %d, want %d", got, want)})
}

// readMLRatings reads user,item,rating,timestamp rows as rating events
// whose value is the stars, and asks for bare users to exist.
func (p *parser) readMLRatings(r io.Reader, sep string, header bool) error {
	users := make(map[string]bool)
	cols := [4]string{"user_id", "item_id", "rating", "timestamp"}
	if header {
		cols = [4]string{"userId", "movieId", "rating", "timestamp"}
	}
	var fields [4]string
	return p.eachLine(r, func(line int, text string) error {
		if header && line == 1 {
			p.rows--
			return nil
		}
		n := splitInto(fields[:], text, sep)
		if n != 4 {
			return p.fieldsError(line, n, 4)
		}
		e := &shopmind.Event{UserID: fields[0], ItemID: fields[1], Type: shopmind.EventRating}
		var err error
		if e.Value, err = parseFloat(fields[2]); err != nil {
			return p.bad(&RowError{Line: line, Column: cols[2], Reason: err.Error()})
		}
		if e.Time, err = parseTime(fields[3]); err != nil {
			return p.bad(&RowError{Line: line, Column: cols[3], Reason: err.Error()})
		}
		if err := p.checkEvent(e); err != nil {
			return p.bad(rowErr(p.file, line, mlColumn(shopmind.ErrorField(err), cols), err))
		}
		if !users[e.UserID] {
			users[e.UserID] = true
			p.cur.ensureUsers = append(p.cur.ensureUsers, e.UserID)
		}
		p.cur.events = append(p.cur.events, e)
		p.cur.eventLines = append(p.cur.eventLines, line)
		return p.added()
	})
}

// mlColumn names a validation error's field in MovieLens terms.
func mlColumn(field string, cols [4]string) string {
	switch field {
	case "user_id":
		return cols[0]
	case "item_id":
		return cols[1]
	case "value":
		return cols[2]
	case "time":
		return cols[3]
	}
	return field
}

// splitInto splits s by sep into dst and returns how many fields s has
// (which may exceed len(dst)). It does not allocate.
func splitInto(dst []string, s, sep string) int {
	n := 0
	for {
		i := strings.Index(s, sep)
		if i < 0 {
			if n < len(dst) {
				dst[n] = strings.TrimSpace(s)
			}
			return n + 1
		}
		if n < len(dst) {
			dst[n] = strings.TrimSpace(s[:i])
		}
		n++
		s = s[i+len(sep):]
	}
}

// latin1 returns s as UTF-8: unchanged when it already is valid UTF-8, and
// otherwise read as ISO-8859-1, where every byte is its own code point.
func latin1(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

// movieItem builds an item for a movie: its first genre as category, all
// its genres as tags, the year from the title as an attribute.
func movieItem(id, title string, genres []string) *shopmind.Item {
	it := &shopmind.Item{ID: id, Title: title, Active: true, Tags: genres}
	for _, g := range genres {
		if g != "unknown" {
			it.Category = []string{g}
			break
		}
	}
	if m := titleYear.FindStringSubmatch(title); m != nil {
		it.Attributes = map[string]string{"year": m[1]}
	}
	return it
}

// readML100KItems reads u.item (Latin-1, "|"-separated, 19 genre flags).
func (p *parser) readML100KItems(r io.Reader) error {
	seen := make(map[string]int)
	fields := make([]string, 5+len(mlGenres))
	return p.eachLine(r, func(line int, text string) error {
		text = latin1(text)
		if n := splitInto(fields, text, "|"); n != len(fields) {
			return p.fieldsError(line, n, len(fields))
		}
		var genres []string
		for i, g := range mlGenres {
			switch fields[5+i] {
			case "1":
				genres = append(genres, g)
			case "0", "":
			default:
				return p.bad(&RowError{Line: line, Column: g, Reason: fmt.Sprintf("genre flag %s is not 0 or 1", quoteShort(fields[5+i]))})
			}
		}
		it := movieItem(fields[0], fields[1], genres)
		for k, v := range map[string]string{"release_date": fields[2], "video_release_date": fields[3], "imdb_url": fields[4]} {
			if v != "" {
				setAttr(&it.Attributes, k, v)
			}
		}
		return p.acceptItem(it, line, seen, "movie_id")
	})
}

func (p *parser) acceptItem(it *shopmind.Item, line int, seen map[string]int, idCol string) error {
	if first, ok := seen[it.ID]; ok {
		return p.bad(&RowError{Line: line, Column: idCol, Reason: fmt.Sprintf("duplicate id %s (first on line %d)", quoteShort(it.ID), first)})
	}
	seen[it.ID] = line
	if err := it.Validate(); err != nil {
		col := shopmind.ErrorField(err)
		if col == "id" {
			col = idCol
		}
		return p.bad(rowErr(p.file, line, col, err))
	}
	p.cur.items = append(p.cur.items, it)
	return p.added()
}

// readML100KUsers reads u.user: id|age|gender|occupation|zip, all kept as
// user attributes.
func (p *parser) readML100KUsers(r io.Reader) error {
	seen := make(map[string]int)
	var fields [5]string
	return p.eachLine(r, func(line int, text string) error {
		if n := splitInto(fields[:], latin1(text), "|"); n != 5 {
			return p.fieldsError(line, n, 5)
		}
		if _, err := parseInt(fields[1]); err != nil {
			return p.bad(&RowError{Line: line, Column: "age", Reason: err.Error()})
		}
		u := &shopmind.User{ID: fields[0], Attributes: map[string]string{
			"age": fields[1], "gender": fields[2], "occupation": fields[3], "zip": fields[4]}}
		if first, ok := seen[u.ID]; ok {
			return p.bad(&RowError{Line: line, Column: "user_id", Reason: fmt.Sprintf("duplicate id %s (first on line %d)", quoteShort(u.ID), first)})
		}
		seen[u.ID] = line
		if err := u.Validate(); err != nil {
			return p.bad(rowErr(p.file, line, "user_id", err))
		}
		p.cur.users = append(p.cur.users, u)
		return p.added()
	})
}

// readMLMovies reads ML-latest movies.csv: movieId,title,genres with
// "|"-separated genres ("(no genres listed)" means none).
func (p *parser) readMLMovies(r io.Reader) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	seen := make(map[string]int)
	if _, err := cr.Read(); err != nil {
		if err == io.EOF {
			return nil
		}
		if isReadError(err) {
			return p.readErr(0, err)
		}
		return csvError(p.file, err)
	}
	last := 1 // the line of the last record read
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if isReadError(err) {
			return p.readErr(last, err)
		}
		p.rows++
		if err != nil {
			if e := p.bad(csvError(p.file, err)); e != nil {
				return e
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		last = line
		if len(rec) != 3 {
			if e := p.fieldsError(line, len(rec), 3); e != nil {
				return e
			}
			continue
		}
		var genres []string
		for _, g := range splitList(rec[2], "|") {
			if g != "(no genres listed)" {
				genres = append(genres, g)
			}
		}
		if err := p.acceptItem(movieItem(strings.TrimSpace(rec[0]), rec[1], genres), line, seen, "movieId"); err != nil {
			return err
		}
	}
}

// readML1MMovies reads ML-1M/10M movies.dat: id::title::genres, with
// "|"-separated genres, in Latin-1.
func (p *parser) readML1MMovies(r io.Reader) error {
	seen := make(map[string]int)
	var fields [3]string
	return p.eachLine(r, func(line int, text string) error {
		if n := splitInto(fields[:], latin1(text), "::"); n != 3 {
			return p.fieldsError(line, n, 3)
		}
		var genres []string
		for _, g := range splitList(fields[2], "|") {
			if g != "(no genres listed)" {
				genres = append(genres, g)
			}
		}
		return p.acceptItem(movieItem(fields[0], fields[1], genres), line, seen, "movie_id")
	})
}

// readML1MUsers reads ML-1M users.dat: id::gender::age::occupation::zip,
// where age and occupation are ML-1M's codes, kept as attributes.
func (p *parser) readML1MUsers(r io.Reader) error {
	seen := make(map[string]int)
	var fields [5]string
	return p.eachLine(r, func(line int, text string) error {
		if n := splitInto(fields[:], latin1(text), "::"); n != 5 {
			return p.fieldsError(line, n, 5)
		}
		u := &shopmind.User{ID: fields[0], Attributes: map[string]string{
			"gender": fields[1], "age": fields[2], "occupation": fields[3], "zip": fields[4]}}
		if first, ok := seen[u.ID]; ok {
			return p.bad(&RowError{Line: line, Column: "user_id", Reason: fmt.Sprintf("duplicate id %s (first on line %d)", quoteShort(u.ID), first)})
		}
		seen[u.ID] = line
		if err := u.Validate(); err != nil {
			return p.bad(rowErr(p.file, line, "user_id", err))
		}
		p.cur.users = append(p.cur.users, u)
		return p.added()
	})
}
