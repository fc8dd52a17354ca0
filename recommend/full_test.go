package recommend

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// dataDir returns the shared data folder or skips the test.
func dataDir(t testing.TB, name string) string {
	t.Helper()
	root := os.Getenv("SHOPMIND_DATA")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "data")
	}
	dir := filepath.Join(root, name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("dataset %s not found (set SHOPMIND_DATA): %v", name, err)
	}
	return dir
}

func needFull(t testing.TB) {
	t.Helper()
	if os.Getenv("SHOPMIND_FULL") != "1" {
		t.Skip("full-data run: set SHOPMIND_FULL=1")
	}
}

// TestMovieLensFull tunes every model on a validation split and checks the
// test NDCG@10 against bands (80/20 per-user split, seed 42).
func TestMovieLensFull(t *testing.T) {
	needFull(t)
	dir := dataDir(t, "movielens-100k")
	inter, err := ReadFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "u.item"))
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := ReadMovieLensItems(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	train, test := SplitByUser(inter, 0.2, 42)
	min := map[string]float64{"popularity": 0.18, "itemknn": 0.30, "userknn": 0.33, "content": 0.03, "ease": 0.42,
		"als": 0.33, "bpr": 0.30, "neumf": 0.28, "hybrid": 0.42}
	models := Names()
	if s := os.Getenv("SHOPMIND_MODELS"); s != "" {
		models = filepath.SplitList(s)
	}
	for _, name := range models {
		res, err := Bench(context.Background(), name, train, test, catalog, BenchOptions{Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-10s %-36s valid=%.4f %s", name, res.Params, res.Valid, res.Metrics)
		if res.Metrics.NDCG < min[name] {
			t.Errorf("%s: NDCG@10 %.4f below band %.2f", name, res.Metrics.NDCG, min[name])
		}
	}
}

// TestGroceriesFull evaluates on baskets: each basket is a user and 20% of
// its items (at least one) are held out.
func TestGroceriesFull(t *testing.T) {
	needFull(t)
	dir := dataDir(t, "groceries-baskets")
	inter, err := ReadFile(filepath.Join(dir, "groceries_baskets.csv"))
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := ReadGroceriesItems(dir)
	if err != nil {
		t.Fatal(err)
	}
	train, test := SplitByUser(inter, 0.2, 42)
	models := Names()
	if s := os.Getenv("SHOPMIND_MODELS"); s != "" {
		models = filepath.SplitList(s)
	}
	got := map[string]float64{}
	for _, name := range models {
		res, err := Bench(context.Background(), name, train, test, catalog, BenchOptions{Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-10s %-36s valid=%.4f %s", name, res.Params, res.Valid, res.Metrics)
		got[name] = res.Metrics.NDCG
	}
	// Popularity is strong on baskets; the best models must still beat it.
	if p, ok := got["popularity"]; ok {
		for _, name := range []string{"ease", "hybrid", "itemknn"} {
			if g, ok := got[name]; ok && g <= p {
				t.Errorf("%s NDCG@10 %.4f does not beat popularity %.4f", name, g, p)
			}
		}
	}
}
