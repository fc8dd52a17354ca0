// Package demo builds a believable, seeded sample shop (catalog, shoppers with
// hidden tastes, their sessions, orders and reviews) so shopmind can be tried
// on day one without any data of one's own. Everything it makes is generated,
// except the product images: a small bundled subset of Fashion-MNIST (MIT
// licence, Copyright (c) 2017 Zalando SE; see assets/LICENSE).
package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/shopmind/shopmind"
)

// department is one branch of the generated category tree.
type department struct {
	name     string
	subs     []string
	brands   []string
	nouns    []string // product nouns, one per sub-category position where it fits
	minPrice float64
	maxPrice float64
	attrs    map[string][]string
}

// departments is the demo shop's category tree. Prices are in USD.
func departments() []department {
	return []department{
		{"Clothing", []string{"T-shirts", "Trousers", "Pullovers", "Dresses", "Coats", "Shirts"},
			[]string{"Northwind", "Urban Loom", "Kestrel", "Mavi Lane", "Tidewear"},
			[]string{"T-shirt", "Trousers", "Pullover", "Dress", "Coat", "Shirt"}, 12, 180,
			map[string][]string{"color": {"black", "white", "navy", "red", "green", "grey"}, "size": {"XS", "S", "M", "L", "XL"}, "material": {"cotton", "wool", "linen", "polyester"}}},
		{"Shoes", []string{"Sneakers", "Sandals", "Ankle boots"},
			[]string{"Stride", "Kestrel", "Pace & Co", "Bergfeld"},
			[]string{"Sneaker", "Sandal", "Ankle boot"}, 25, 220,
			map[string][]string{"color": {"black", "white", "brown", "blue"}, "size": {"38", "39", "40", "41", "42", "43", "44"}}},
		{"Bags", []string{"Backpacks", "Handbags", "Travel"},
			[]string{"Carryall", "Urban Loom", "Bergfeld"},
			[]string{"Backpack", "Handbag", "Duffel"}, 20, 260,
			map[string][]string{"color": {"black", "tan", "olive", "burgundy"}, "capacity": {"10 l", "20 l", "30 l", "45 l"}}},
		{"Electronics", []string{"Headphones", "Phone accessories", "Smart home", "Cameras"},
			[]string{"Voltix", "Sonara", "Lumio", "Arcwave"},
			[]string{"Headphones", "Phone case", "Smart plug", "Action camera"}, 9, 450,
			map[string][]string{"color": {"black", "white", "silver"}, "warranty": {"1 year", "2 years"}}},
		{"Home & Kitchen", []string{"Cookware", "Coffee", "Bedding", "Lighting"},
			[]string{"Hearth", "Maison Vert", "Lumio", "Oakline"},
			[]string{"Frying pan", "Coffee grinder", "Duvet cover", "Desk lamp"}, 8, 300,
			map[string][]string{"color": {"white", "black", "sage", "oak"}, "material": {"steel", "ceramic", "cotton", "wood"}}},
		{"Sports", []string{"Running", "Yoga", "Cycling", "Outdoor"},
			[]string{"Pace & Co", "Summit", "Stride", "Zenflow"},
			[]string{"Running jacket", "Yoga mat", "Cycling gloves", "Trekking poles"}, 10, 240,
			map[string][]string{"color": {"black", "orange", "teal", "purple"}, "level": {"beginner", "intermediate", "pro"}}},
		{"Beauty", []string{"Skincare", "Hair care", "Fragrance"},
			[]string{"Petal & Pine", "Aurelle", "Nordlys"},
			[]string{"Face cream", "Shampoo", "Eau de parfum"}, 6, 120,
			map[string][]string{"skin type": {"dry", "oily", "normal", "sensitive"}, "volume": {"50 ml", "100 ml", "200 ml"}}},
		{"Toys & Games", []string{"Board games", "Puzzles", "Building sets"},
			[]string{"Playforge", "Brightbox", "Kestrel Kids"},
			[]string{"Board game", "Puzzle", "Building set"}, 8, 90,
			map[string][]string{"age": {"3+", "6+", "8+", "12+", "adult"}, "players": {"1", "2-4", "2-6"}}},
	}
}

var adjectives = []string{"Classic", "Essential", "Premium", "Lightweight", "Everyday", "Pro", "Compact", "Organic", "Vintage", "Modern", "Soft", "Rugged", "Slim", "Deluxe", "Eco"}

// itemInfo is what the simulation knows about an item beyond the catalog.
type itemInfo struct {
	dept, sub int
	brand     string
	price     float64
	quality   float64 // hidden: 0..1, drives ratings and returns
	appeal    float64 // hidden: general popularity, log-normal
}

func buildCatalog(rng *rand.Rand, n int) ([]*shopmind.Item, []itemInfo) {
	deps := departments()
	items := make([]*shopmind.Item, 0, n)
	infos := make([]itemInfo, 0, n)
	for i := 0; i < n; i++ {
		d := rng.IntN(len(deps))
		dep := deps[d]
		s := rng.IntN(len(dep.subs))
		brand := dep.brands[rng.IntN(len(dep.brands))]
		adj := adjectives[rng.IntN(len(adjectives))]
		noun := dep.nouns[s]
		attrs := map[string]string{}
		for _, k := range sortedKeys(dep.attrs) { // sorted: map order would break the seed
			vs := dep.attrs[k]
			attrs[k] = vs[rng.IntN(len(vs))]
		}
		// Log-uniform prices, rounded to shop-like .99 endings.
		price := math.Exp(math.Log(dep.minPrice) + rng.Float64()*(math.Log(dep.maxPrice)-math.Log(dep.minPrice)))
		price = math.Max(1, math.Round(price)) - 0.01
		quality := clamp(rng.NormFloat64()*0.18+0.7, 0.05, 1)
		title := fmt.Sprintf("%s %s %s", brand, adj, noun)
		if c, ok := attrs["color"]; ok {
			title += " (" + c + ")"
		}
		it := &shopmind.Item{
			ID:          fmt.Sprintf("P%05d", i+1),
			Title:       title,
			Description: describe(rng, dep, s, adj, noun, brand, attrs),
			Category:    []string{dep.name, dep.subs[s]},
			Brand:       brand,
			Price:       price,
			Currency:    "USD",
			Attributes:  attrs,
			Tags:        []string{strings.ToLower(adj), strings.ToLower(dep.subs[s])},
			Stock:       rng.IntN(120),
			Active:      rng.Float64() > 0.03,
		}
		items = append(items, it)
		infos = append(infos, itemInfo{dept: d, sub: s, brand: brand, price: price, quality: quality, appeal: math.Exp(rng.NormFloat64() * 0.8)})
	}
	return items, infos
}

func describe(rng *rand.Rand, dep department, s int, adj, noun, brand string, attrs map[string]string) string {
	openers := []string{
		"%s %s %s from %s, made for everyday use.",
		"The %s %s by %s combines comfort and durability.",
		"%s's take on the %s %s: simple, well made and easy to care for.",
	}
	var first string
	switch k := rng.IntN(len(openers)); k {
	case 2:
		first = fmt.Sprintf(openers[k], brand, strings.ToLower(adj), strings.ToLower(noun))
	case 0:
		first = fmt.Sprintf(openers[k], article(adj), strings.ToLower(adj), strings.ToLower(noun), brand)
	default:
		first = fmt.Sprintf(openers[k], strings.ToLower(adj), strings.ToLower(noun), brand)
	}
	var details []string
	for _, k := range sortedKeys(attrs) {
		details = append(details, k+": "+attrs[k])
	}
	return first + " Part of our " + strings.ToLower(dep.subs[s]) + " range. " + strings.Join(details, ", ") + "."
}

// article returns "An" before a word starting with a vowel, else "A".
func article(word string) string {
	if word != "" && strings.ContainsRune("AEIOUaeiou", rune(word[0])) {
		return "An"
	}
	return "A"
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
