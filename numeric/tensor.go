package numeric

import (
	"runtime"
	"sync"
)

// Tensor is a batch of N images with H rows, W columns and C channels,
// stored channels-last (NHWC): element (n, y, x, c) is at
// ((n*H+y)*W+x)*C+c. Channels-last lets a convolution be one GEMM over the
// whole batch and a flattened tensor feed a Dense layer directly.
type Tensor struct {
	N, H, W, C int
	Data       []float32
}

// NewTensor returns a zero n x h x w x c tensor.
func NewTensor(n, h, w, c int) *Tensor {
	return &Tensor{N: n, H: h, W: w, C: c, Data: make([]float32, n*h*w*c)}
}

// Reshape sets the shape to n x h x w x c, reusing Data when it is large
// enough, and returns t. The contents are unspecified afterwards.
func (t *Tensor) Reshape(n, h, w, c int) *Tensor {
	size := n * h * w * c
	if cap(t.Data) < size {
		t.Data = make([]float32, size)
	}
	t.N, t.H, t.W, t.C, t.Data = n, h, w, c, t.Data[:size]
	return t
}

// Sample returns the data of image i (H*W*C values).
func (t *Tensor) Sample(i int) []float32 {
	k := t.H * t.W * t.C
	return t.Data[i*k : (i+1)*k]
}

// PerSample returns the number of values per image, H*W*C.
func (t *Tensor) PerSample() int { return t.H * t.W * t.C }

// parallelFor runs fn over [0, n) split into contiguous chunks, one per
// available core (at most n); it is how the per-image loops of the layers use
// both cores.
func parallelFor(n int, fn func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}
