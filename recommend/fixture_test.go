package recommend

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

var update = flag.Bool("update", false, "regenerate testdata/shop fixtures")

// The fixture is a small shop: 6 categories of 20 items, 240 users who each
// like one or two categories, with a popularity skew inside each category.
const (
	fixtureCats     = 6
	fixturePerCat   = 20
	fixtureUsers    = 240
	fixtureDir      = "testdata/shop"
	fixtureEvents   = "interactions.csv"
	fixtureCatalog  = "catalog.json"
	fixtureNewItems = 2 // items per category without any interaction (cold items)
)

var catWords = [fixtureCats][]string{
	{"running", "shoe", "trail", "sneaker"},
	{"coffee", "espresso", "bean", "roast"},
	{"yoga", "mat", "stretch", "fitness"},
	{"novel", "book", "mystery", "paperback"},
	{"garden", "plant", "seed", "soil"},
	{"camera", "lens", "photo", "tripod"},
}

func generateFixture(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var items []*shopmind.Item
	for c := 0; c < fixtureCats; c++ {
		w := catWords[c]
		for k := 0; k < fixturePerCat+fixtureNewItems; k++ {
			items = append(items, &shopmind.Item{
				ID:          fmt.Sprintf("c%d-i%02d", c, k),
				Title:       fmt.Sprintf("%s %s model %d", strings.ToUpper(w[k%4][:1])+w[k%4][1:], w[(k+1)%4], k),
				Description: fmt.Sprintf("A %s for %s lovers, %s edition.", w[(k+2)%4], w[0], w[(k+3)%4]),
				Category:    []string{fmt.Sprintf("Cat%d", c), w[k%2]},
				Brand:       fmt.Sprintf("Brand%d", (c+k)%4),
				Price:       float64(5 + 10*c + k),
				Stock:       (k + c) % 5,
				Active:      true,
			})
		}
	}
	var b strings.Builder
	b.WriteString("user,item,value,timestamp\n")
	for u := 0; u < fixtureUsers; u++ {
		likes := []int{rng.IntN(fixtureCats)}
		if rng.IntN(2) == 0 {
			likes = append(likes, rng.IntN(fixtureCats))
		}
		n := 10 + rng.IntN(15)
		seen := map[string]bool{}
		for len(seen) < n {
			c := likes[rng.IntN(len(likes))]
			if rng.Float64() < 0.15 {
				c = rng.IntN(fixtureCats)
			}
			// Zipf-like skew: low k is popular.
			k := int(math.Floor(math.Pow(rng.Float64(), 2) * fixturePerCat))
			id := fmt.Sprintf("c%d-i%02d", c, k)
			if seen[id] {
				continue
			}
			seen[id] = true
			fmt.Fprintf(&b, "u%03d,%s,%d,%d\n", u, id, 1+rng.IntN(3), 1_700_000_000+rng.IntN(3_000_000))
		}
	}
	if err := os.MkdirAll(fixtureDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fixtureDir, fixtureEvents), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	js, err := json.MarshalIndent(items, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fixtureDir, fixtureCatalog), js, 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadFixture returns the fixture's interactions and catalog.
func loadFixture(t testing.TB) ([]Interaction, []*shopmind.Item) {
	t.Helper()
	inter, err := ReadFile(filepath.Join(fixtureDir, fixtureEvents))
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(filepath.Join(fixtureDir, fixtureCatalog))
	if err != nil {
		t.Fatal(err)
	}
	var items []*shopmind.Item
	if err := json.Unmarshal(js, &items); err != nil {
		t.Fatal(err)
	}
	return inter, items
}

func TestGenerateFixture(t *testing.T) {
	if !*update {
		t.Skip("run with -update to regenerate the fixture")
	}
	generateFixture(t)
}
