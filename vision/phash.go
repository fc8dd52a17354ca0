package vision

import (
	"image"
	"math"
	"math/bits"
	"sort"
)

// PHash returns the 64-bit DCT perceptual hash of img: the image is
// reduced to 32x32 grayscale, transformed with a 2-D DCT-II, and each of
// the 8x8 lowest frequencies (the DC term included) becomes one bit, set
// when above the median of those 64. Re-encoding, resizing and small edits
// change few bits.
func PHash(img image.Image) uint64 {
	const n = 32
	px := Gray(img, n, n)
	// Separable DCT: rows then columns, keeping the first 8 coefficients.
	var cosT [8][n]float64
	for u := 0; u < 8; u++ {
		for x := 0; x < n; x++ {
			cosT[u][x] = math.Cos(float64(2*x+1) * float64(u) * math.Pi / (2 * n))
		}
	}
	var rows [n][8]float64
	for y := 0; y < n; y++ {
		for u := 0; u < 8; u++ {
			var s float64
			for x := 0; x < n; x++ {
				s += float64(px[y*n+x]) * cosT[u][x]
			}
			rows[y][u] = s
		}
	}
	var coef [64]float64
	for v := 0; v < 8; v++ {
		for u := 0; u < 8; u++ {
			var s float64
			for y := 0; y < n; y++ {
				s += rows[y][u] * cosT[v][y]
			}
			coef[v*8+u] = s
		}
	}
	sorted := coef
	sort.Float64s(sorted[:])
	median := (sorted[31] + sorted[32]) / 2
	var h uint64
	for i, c := range coef {
		if c > median {
			h |= 1 << uint(i)
		}
	}
	return h
}

// HammingDistance returns the number of differing bits of two hashes.
func HammingDistance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// DuplicateThreshold is the largest Hamming distance between perceptual
// hashes that counts as a near-duplicate.
const DuplicateThreshold = 6

// DuplicateGroups groups keys whose hashes are within threshold of each
// other (single linkage), returning only groups of two or more, each sorted,
// in order of their first key.
func DuplicateGroups(keys []string, hashes []uint64, threshold int) [][]string {
	parent := make([]int, len(keys))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if HammingDistance(hashes[i], hashes[j]) <= threshold {
				parent[find(j)] = find(i)
			}
		}
	}
	groups := map[int][]string{}
	var order []int
	for i, k := range keys {
		r := find(i)
		if _, ok := groups[r]; !ok {
			order = append(order, r)
		}
		groups[r] = append(groups[r], k)
	}
	var out [][]string
	for _, r := range order {
		if g := groups[r]; len(g) > 1 {
			sort.Strings(g)
			out = append(out, g)
		}
	}
	return out
}
