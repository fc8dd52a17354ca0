package experiment

import (
	"fmt"
	"math"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestPick(t *testing.T) {
	e := &shopmind.Experiment{ID: "exp", Surface: "home", Variants: []shopmind.Variant{
		{Name: "a", Share: 0.5}, {Name: "b", Share: 0.3}, {Name: "c", Share: 0.2}}}
	const n = 20000
	counts := map[string]int{}
	for i := range n {
		u := fmt.Sprintf("user-%d", i)
		v := Pick(e, u)
		if again := Pick(e, u); again.Name != v.Name {
			t.Fatalf("user %s got %s then %s", u, v.Name, again.Name)
		}
		counts[v.Name]++
	}
	for _, v := range e.Variants {
		got := float64(counts[v.Name]) / n
		// 4 binomial standard deviations.
		if tol := 4 * math.Sqrt(v.Share*(1-v.Share)/n); math.Abs(got-v.Share) > tol {
			t.Errorf("variant %s share %.4f, want %.2f ± %.4f", v.Name, got, v.Share, tol)
		}
	}
}

func TestBucketIndependentAcrossExperiments(t *testing.T) {
	// The same users split independently in two experiments: about a
	// quarter land in the lower half of both.
	const n = 20000
	both := 0
	for i := range n {
		u := fmt.Sprintf("u%d", i)
		if Bucket("one", u) < 0.5 && Bucket("two", u) < 0.5 {
			both++
		}
	}
	if got := float64(both) / n; math.Abs(got-0.25) > 0.015 {
		t.Errorf("lower half in both experiments: %.3f, want 0.25", got)
	}
	if b := Bucket("x", "y"); b < 0 || b >= 1 {
		t.Errorf("bucket %g out of [0, 1)", b)
	}
}
