package recommend

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopmind/shopmind"
)

// movieLensGenres are the genre flag columns of MovieLens u.item, in order.
var movieLensGenres = [...]string{"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
	"Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
	"Thriller", "War", "Western"}

// ReadMovieLensItems reads MovieLens u.item (ISO-8859-1, "|"-separated) as
// catalog items: the title, the first genre as category, every genre as a
// tag and the release year as attribute "year".
func ReadMovieLensItems(r io.Reader) ([]*shopmind.Item, error) {
	sc := bufio.NewScanner(r)
	var out []*shopmind.Item
	for line := 1; sc.Scan(); line++ {
		raw := sc.Bytes()
		if len(raw) == 0 {
			continue
		}
		runes := make([]rune, len(raw)) // Latin-1: one byte is one code point
		for n, b := range raw {
			runes[n] = rune(b)
		}
		f := strings.Split(string(runes), "|")
		if len(f) < 5+len(movieLensGenres) {
			return nil, shopmind.FieldErrorf(fmt.Sprintf("line %d", line), "want %d fields, got %d", 5+len(movieLensGenres), len(f))
		}
		it := &shopmind.Item{ID: f[0], Title: f[1], Active: true, Stock: 1}
		for g, name := range movieLensGenres {
			if f[5+g] == "1" {
				it.Tags = append(it.Tags, name)
			}
		}
		if len(it.Tags) > 0 {
			it.Category = []string{it.Tags[0]}
		}
		if d := f[2]; len(d) >= 4 {
			it.Attributes = map[string]string{"year": d[len(d)-4:]}
		}
		out = append(out, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read movielens items: %w", err)
	}
	return out, nil
}

// ReadGroceriesItems reads the Groceries label files in dir
// (Groceries.labels, Groceries.cat1.labels, Groceries.cat2.labels) as catalog
// items whose id is the English name (the one groceries_baskets.csv uses)
// and whose category is the two-level English path.
func ReadGroceriesItems(dir string) ([]*shopmind.Item, error) {
	read := func(name string) ([][]string, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read groceries labels: %w", err)
		}
		var rows [][]string
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Split(strings.TrimRight(l, "\r"), "\t"); len(f) >= 2 {
				rows = append(rows, f)
			}
		}
		return rows, nil
	}
	labels, err := read("Groceries.labels")
	if err != nil {
		return nil, err
	}
	cats := map[string]string{}
	for _, name := range []string{"Groceries.cat1.labels", "Groceries.cat2.labels"} {
		rows, err := read(name)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			cats[r[0]] = r[1]
		}
	}
	out := make([]*shopmind.Item, 0, len(labels))
	for _, r := range labels {
		code := r[0]
		it := &shopmind.Item{ID: r[1], Title: r[1], Active: true, Stock: 1}
		if len(code) >= 2 && cats[code[:1]] != "" && cats[code[:2]] != "" {
			it.Category = []string{cats[code[:1]], cats[code[:2]]}
		}
		out = append(out, it)
	}
	return out, nil
}
