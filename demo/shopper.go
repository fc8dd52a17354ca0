package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
)

// taste is a simulated shopper's hidden preferences. See docs/demo.md for the
// shopper model.
type taste struct {
	dept     []float64       // probability of browsing each department; sums to 1
	brands   map[string]bool // favourite brands
	budget   float64         // typical price the shopper is happy to pay, USD
	rate     float64         // sessions per week
	loyalty  float64         // 0..1: how strongly brand preference drives choice
	joined   time.Time
	reviewer float64 // probability of reviewing a delivered purchase
}

var (
	countries = []string{"US", "US", "US", "CA", "GB", "DE", "FR", "AU"}
	ageBands  = []string{"18-24", "25-34", "25-34", "35-44", "35-44", "45-54", "55+"}
	firstName = []string{"Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn", "Robin", "Drew"}
	lastName  = []string{"Smith", "Garcia", "Chen", "Müller", "Martin", "Kowalski", "Okafor", "Silva", "Novak", "Larsen"}
)

func buildShoppers(rng *rand.Rand, n int, start, end time.Time) ([]*shopmind.User, []*shopmind.UserPersonal, []taste) {
	deps := departments()
	users := make([]*shopmind.User, 0, n)
	pers := make([]*shopmind.UserPersonal, 0, n)
	tastes := make([]taste, 0, n)
	span := end.Sub(start)
	for i := 0; i < n; i++ {
		// Department taste: a sparse Dirichlet draw (shape 0.3) concentrates
		// most shoppers on one or two departments.
		w := make([]float64, len(deps))
		var sum float64
		for d := range w {
			w[d] = gamma(rng, 0.3) + 1e-6
			sum += w[d]
		}
		for d := range w {
			w[d] /= sum
		}
		brands := map[string]bool{}
		for k := 0; k < 1+rng.IntN(3); k++ {
			d := sample(rng, w)
			brands[deps[d].brands[rng.IntN(len(deps[d].brands))]] = true
		}
		// 70% of shoppers exist from the start; the rest join during the period.
		joined := start.Add(-time.Duration(rng.IntN(400)) * 24 * time.Hour)
		if rng.Float64() < 0.3 {
			joined = start.Add(time.Duration(rng.Int64N(int64(span))))
		}
		id := fmt.Sprintf("U%05d", i+1)
		fn, ln := firstName[rng.IntN(len(firstName))], lastName[rng.IntN(len(lastName))]
		users = append(users, &shopmind.User{
			ID:         id,
			Attributes: map[string]string{"country": countries[rng.IntN(len(countries))], "age_band": ageBands[rng.IntN(len(ageBands))]},
			CreatedAt:  joined.UTC(),
		})
		pers = append(pers, &shopmind.UserPersonal{
			UserID: id, Name: fn + " " + ln,
			Email: fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(fn), strings.ToLower(strings.ReplaceAll(ln, "ü", "ue")), i+1),
		})
		tastes = append(tastes, taste{
			dept:     w,
			brands:   brands,
			budget:   math.Exp(rng.NormFloat64()*0.6 + math.Log(45)),
			rate:     math.Exp(rng.NormFloat64()*0.9 + math.Log(0.25)),
			loyalty:  rng.Float64(),
			joined:   joined,
			reviewer: clamp(rng.NormFloat64()*0.1+0.15, 0, 0.6),
		})
	}
	return users, pers, tastes
}

// gamma draws from Gamma(shape, 1); shapes below 1 use the boost
// Gamma(a) = Gamma(a+1) * U^(1/a).
func gamma(rng *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gamma(rng, shape+1) * math.Pow(rng.Float64(), 1/shape)
	}
	// Marsaglia and Tsang.
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// sample draws an index with probability proportional to w.
func sample(rng *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	r := rng.Float64() * sum
	for i, x := range w {
		r -= x
		if r < 0 {
			return i
		}
	}
	return len(w) - 1
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
