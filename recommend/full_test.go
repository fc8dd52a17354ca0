package recommend

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
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

func TestMovieLensQuick(t *testing.T) {
	needFull(t)
	inter, err := ReadFile(dataDir(t, "movielens-100k"))
	if err != nil {
		t.Fatal(err)
	}
	train, test := SplitByUser(inter, 0.2, 42)
	d := NewDataset(train, nil)
	h := d.Holdout(test)
	for _, m := range []Model{NewPopularity(), NewItemKNN(), NewUserKNN(), NewEASE(), NewALS(), NewBPR(), NewNeuMF()} {
		start := time.Now()
		if err := m.Fit(context.Background(), d, nil); err != nil {
			t.Fatal(err)
		}
		el := time.Since(start)
		met, err := Evaluate(context.Background(), m, d, h, 10)
		if err != nil {
			t.Fatal(err)
		}
		met.TrainTime = el
		t.Logf("%-10s %s", m.Name(), met)
	}
}
