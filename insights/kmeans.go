package insights

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
)

// KMeans clusters the rows of x (n points of d features, row-major, already
// scaled) into k clusters with k-means++ seeding and Lloyd iterations, at
// most maxIter of them. It returns each point's cluster and the centroids
// (k rows of d). The result depends only on x, k and seed. It panics if
// len(x) is not a multiple of d.
func KMeans(ctx context.Context, x []float64, d, k, maxIter int, seed uint64) ([]int, []float64, error) {
	if d <= 0 || len(x)%d != 0 {
		panic("insights: KMeans: len(x) is not a multiple of d")
	}
	n := len(x) / d
	k = min(k, n)
	assign := make([]int, n)
	if k <= 0 {
		return assign, nil, nil
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	cent := make([]float64, 0, k*d)
	// k-means++: each next centre drawn with probability ~ squared distance.
	first := rng.IntN(n)
	cent = append(cent, x[first*d:(first+1)*d]...)
	dist := make([]float64, n)
	for i := range dist {
		dist[i] = sqdist(x[i*d:(i+1)*d], cent[:d])
	}
	for c := 1; c < k; c++ {
		var total float64
		for _, v := range dist {
			total += v
		}
		pick := 0
		if total > 0 {
			r := rng.Float64() * total
			for i, v := range dist {
				r -= v
				if r <= 0 {
					pick = i
					break
				}
			}
		} else {
			pick = rng.IntN(n)
		}
		cent = append(cent, x[pick*d:(pick+1)*d]...)
		for i := range dist {
			dist[i] = math.Min(dist[i], sqdist(x[i*d:(i+1)*d], cent[c*d:(c+1)*d]))
		}
	}
	sums := make([]float64, k*d)
	counts := make([]int, k)
	for iter := 0; iter < maxIter; iter++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		changed := 0
		for i := 0; i < n; i++ {
			p := x[i*d : (i+1)*d]
			best, bd := 0, math.Inf(1)
			for c := 0; c < k; c++ {
				if v := sqdist(p, cent[c*d:(c+1)*d]); v < bd {
					best, bd = c, v
				}
			}
			if assign[i] != best || iter == 0 {
				changed++
			}
			assign[i] = best
		}
		if changed == 0 {
			break
		}
		clear(sums)
		clear(counts)
		for i, c := range assign {
			counts[c]++
			for j := 0; j < d; j++ {
				sums[c*d+j] += x[i*d+j]
			}
		}
		for c := 0; c < k; c++ {
			if counts[c] == 0 {
				continue // keep an empty cluster's centre where it was
			}
			for j := 0; j < d; j++ {
				cent[c*d+j] = sums[c*d+j] / float64(counts[c])
			}
		}
	}
	return assign, cent, nil
}

func sqdist(a, b []float64) float64 {
	var s float64
	for i := range a {
		v := a[i] - b[i]
		s += v * v
	}
	return s
}

// standardize scales each of the d columns of x to mean 0 and sd 1 in place
// (a constant column becomes 0) and returns the means and sds.
func standardize(x []float64, d int) (mean, sd []float64) {
	n := len(x) / d
	mean, sd = make([]float64, d), make([]float64, d)
	if n == 0 {
		return mean, sd
	}
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			mean[j] += x[i*d+j]
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			v := x[i*d+j] - mean[j]
			sd[j] += v * v
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j] / float64(n))
	}
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			if sd[j] > 0 {
				x[i*d+j] = (x[i*d+j] - mean[j]) / sd[j]
			} else {
				x[i*d+j] = 0
			}
		}
	}
	return mean, sd
}

// clusterFeatureNames name the behavioural features, in column order.
var clusterFeatureNames = [4]string{"spend", "orders", "categories", "price level"}

// clusterLabel describes a centroid in standard units: the features more
// than 0.5 sd from the mean, strongest first, e.g. "high spend, low price
// level"; "typical" when none is.
func clusterLabel(z []float64) string {
	type f struct {
		name string
		v    float64
	}
	var fs []f
	for j, v := range z {
		if math.Abs(v) > 0.5 {
			fs = append(fs, f{clusterFeatureNames[j], v})
		}
	}
	sort.Slice(fs, func(a, b int) bool { return math.Abs(fs[a].v) > math.Abs(fs[b].v) })
	if len(fs) == 0 {
		return "typical"
	}
	parts := make([]string, 0, 2)
	for _, x := range fs[:min(2, len(fs))] {
		word := "high"
		if x.v < 0 {
			word = "low"
		}
		parts = append(parts, word+" "+x.name)
	}
	return strings.Join(parts, ", ")
}
