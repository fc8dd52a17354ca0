package vision

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// dataDir returns the Fashion-MNIST folder or skips the test.
func dataDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("SHOPMIND_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	dir = filepath.Join(dir, "fashion-mnist")
	if _, err := os.Stat(filepath.Join(dir, "t10k-images-idx3-ubyte.gz")); err != nil {
		t.Skipf("Fashion-MNIST not found in %s (set SHOPMIND_DATA): %v", dir, err)
	}
	return dir
}

func loadFashion(t testing.TB, split string) *Dataset {
	t.Helper()
	dir := dataDir(t)
	d, err := LoadIDX(filepath.Join(dir, split+"-images-idx3-ubyte.gz"), filepath.Join(dir, split+"-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func firstN(d *Dataset, n int) *Dataset {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return d.Subset(idx)
}

// TestFitSubset trains on 2,000 test-set images and checks a quality band on
// the next 1,000 (the official test split is balanced, so both are too).
func TestFitSubset(t *testing.T) {
	all := loadFashion(t, "t10k")
	idx := rand.New(rand.NewPCG(1, 1)).Perm(all.N)
	train, test := all.Subset(idx[:2000]), all.Subset(idx[2000:3000])
	cfg := DefaultConfig()
	cfg.Conv1, cfg.Conv2, cfg.Hidden, cfg.Dropout = 8, 16, 32, 0.1 // small: a few seconds
	m, err := NewCNN(cfg, 1)
	if err != nil {
		t.Fatal(err)
	}
	opts := DefaultTrainOptions()
	opts.Epochs = 2
	opts.LR = 3e-3
	var seen []int
	hist, err := Fit(context.Background(), m, train, test, opts, func(s EpochStats) { seen = append(seen, s.Epoch) })
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || len(seen) != 2 || seen[1] != 2 {
		t.Fatalf("history %v, progress %v", hist, seen)
	}
	if hist[1].Loss >= hist[0].Loss {
		t.Errorf("loss did not fall: %v then %v", hist[0].Loss, hist[1].Loss)
	}
	t.Logf("epochs: %+v", hist)
	if acc := hist[1].TestAcc; acc < 0.70 || acc > 0.95 {
		t.Fatalf("accuracy after 2 epochs on 2,000 images %.3f, want 0.70-0.95", acc)
	}
	ev := Evaluate(m, test)
	if math.Abs(ev.Accuracy-hist[1].TestAcc) > 1e-9 {
		t.Fatalf("Evaluate %.4f differs from the history %.4f", ev.Accuracy, hist[1].TestAcc)
	}
	total := 0
	for _, row := range ev.Confusion {
		for _, v := range row {
			total += v
		}
	}
	if total != test.N {
		t.Fatalf("confusion matrix counts %d images, want %d", total, test.N)
	}

	t.Run("RoundTrip", func(t *testing.T) {
		data, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		m2, err := UnmarshalCNN(data)
		if err != nil {
			t.Fatal(err)
		}
		p1, p2 := m.Predict(test.X[:784*5], 5), m2.Predict(test.X[:784*5], 5)
		for i := range p1 {
			if p1[i] != p2[i] {
				t.Fatalf("prediction %d differs after round trip: %v vs %v", i, p1[i], p2[i])
			}
		}
		if _, err := UnmarshalCNN(data[:len(data)-10]); err == nil {
			t.Fatal("want an error for a truncated model")
		}
		if _, err := UnmarshalCNN([]byte("not a model")); err == nil {
			t.Fatal("want an error for garbage")
		}
	})
	t.Run("Cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := Fit(ctx, m, train, nil, opts, nil); err == nil {
			t.Fatal("want the context's error")
		}
	})
}

// TestFitFashionMNIST is the full run: the 91% target on the official split.
func TestFitFashionMNIST(t *testing.T) {
	if os.Getenv("SHOPMIND_FULL") != "1" {
		t.Skip("full Fashion-MNIST training: set SHOPMIND_FULL=1")
	}
	train, test := loadFashion(t, "train"), loadFashion(t, "t10k")
	m, _ := NewCNN(DefaultConfig(), 1)
	opts := DefaultTrainOptions()
	opts.Now = time.Now
	if e := os.Getenv("SHOPMIND_EPOCHS"); e != "" {
		fmt.Sscan(e, &opts.Epochs)
	}
	hist, err := Fit(context.Background(), m, train, test, opts, func(s EpochStats) {
		t.Logf("%+v", s)
		// SHOPMIND_VISION_MODEL keeps the trained weights for later use.
		if path := os.Getenv("SHOPMIND_VISION_MODEL"); path != "" {
			data, err := m.MarshalBinary()
			if err == nil {
				err = os.WriteFile(path, data, 0o644)
			}
			if err != nil {
				t.Errorf("save model: %v", err)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if acc := hist[len(hist)-1].TestAcc; acc < 0.91 {
		t.Fatalf("test accuracy %.4f, want >= 0.91", acc)
	}
}

// BenchmarkPredict measures inference throughput of the Fashion-MNIST
// network in batches of 256 (weights need not be trained for speed).
func BenchmarkPredict(b *testing.B) {
	m, _ := NewCNN(DefaultConfig(), 1)
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float32, 256*28*28)
	for i := range x {
		x[i] = rng.Float32()
	}
	b.ResetTimer()
	for b.Loop() {
		m.Predict(x, 256)
	}
	b.ReportMetric(float64(b.N)*256/b.Elapsed().Seconds(), "images/s")
}

// BenchmarkTrainStep measures one forward, backward and Adam step at batch 64.
func BenchmarkTrainStep(b *testing.B) {
	m, _ := NewCNN(DefaultConfig(), 1)
	rng := rand.New(rand.NewPCG(1, 1))
	d := &Dataset{N: 64, H: 28, W: 28, C: 1, X: make([]float32, 64*28*28), Labels: make([]int, 64)}
	for i := range d.X {
		d.X[i] = rng.Float32()
	}
	for i := range d.Labels {
		d.Labels[i] = i % 10
	}
	opts := DefaultTrainOptions()
	opts.Epochs = 1
	b.ResetTimer()
	for b.Loop() {
		Fit(context.Background(), m, d, nil, opts, nil)
	}
	b.ReportMetric(float64(b.N)*64/b.Elapsed().Seconds(), "images/s")
}
