package recommend

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// benchData returns MovieLens-100K u1.base when available (the numbers in
// docs/recommend.md), else the fixture shop.
func benchData(b *testing.B) *Dataset {
	b.Helper()
	root := os.Getenv("SHOPMIND_DATA")
	if root == "" {
		root = filepath.Join("..", "..", "shared", "data")
	}
	if inter, err := ReadFile(filepath.Join(root, "movielens-100k", "u1.base.gz")); err == nil {
		return NewDataset(inter, nil)
	}
	inter, catalog := loadFixture(b)
	return NewDataset(inter, catalog)
}

// BenchmarkFit measures training time per model with default parameters.
func BenchmarkFit(b *testing.B) {
	d := benchData(b)
	for _, name := range Names() {
		if name == "content" || name == "hybrid" {
			continue // need a catalog; MovieLens is loaded without one here
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				m, _ := New(name)
				if err := m.Fit(context.Background(), d, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRecommend measures serving: scoring every item and taking the top
// 10 for one known user.
func BenchmarkRecommend(b *testing.B) {
	d := benchData(b)
	for _, name := range Names() {
		if name == "content" || name == "hybrid" {
			continue
		}
		m, _ := New(name)
		if err := m.Fit(context.Background(), d, nil); err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			u := 0
			for b.Loop() {
				Recommend(m, d, u, d.History(u), 10, nil)
				u = (u + 1) % d.NumUsers()
			}
		})
	}
}
