package insights

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

func TestKMeansSeparatesBlobs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	centres := [][2]float64{{0, 0}, {10, 0}, {0, 10}}
	var x []float64
	var truth []int
	for i := 0; i < 300; i++ {
		c := i % 3
		x = append(x, centres[c][0]+rng.NormFloat64(), centres[c][1]+rng.NormFloat64())
		truth = append(truth, c)
	}
	assign, cent, err := KMeans(context.Background(), x, 2, 3, 100, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Every true blob maps to one cluster, and distinct blobs to distinct clusters.
	m := map[int]int{}
	for i, c := range assign {
		if prev, ok := m[truth[i]]; ok && prev != c {
			t.Fatalf("blob %d split across clusters %d and %d", truth[i], prev, c)
		}
		m[truth[i]] = c
	}
	if len(map[int]bool{m[0]: true, m[1]: true, m[2]: true}) != 3 {
		t.Fatalf("blobs merged: %v", m)
	}
	for b, c := range m {
		dx, dy := cent[2*c]-centres[b][0], cent[2*c+1]-centres[b][1]
		if math.Hypot(dx, dy) > 0.5 {
			t.Errorf("centre of blob %d at (%.2f, %.2f)", b, cent[2*c], cent[2*c+1])
		}
	}
}

func TestKMeansMoreClustersThanPoints(t *testing.T) {
	assign, cent, err := KMeans(context.Background(), []float64{1, 2}, 1, 5, 10, 1)
	if err != nil || len(cent) != 2 || len(assign) != 2 {
		t.Fatalf("got %v %v %v", assign, cent, err)
	}
}

func TestClusterLabel(t *testing.T) {
	tests := []struct {
		z    []float64
		want string
	}{
		{[]float64{0, 0, 0, 0}, "typical"},
		{[]float64{1.5, 0.2, -0.9, 0}, "high spend, low categories"},
		{[]float64{0, 0, 0, -2}, "low price level"},
	}
	for _, tt := range tests {
		if got := clusterLabel(tt.z); got != tt.want {
			t.Errorf("clusterLabel(%v) = %q, want %q", tt.z, got, tt.want)
		}
	}
}
