package vision

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shopmind/shopmind"
)

// Split holds out a seeded share of d as a test set (nil when that share
// is under one image).
func (d *Dataset) Split(testFrac float64, seed uint64) (train, test *Dataset) {
	order := rand.New(rand.NewPCG(seed, seed+7)).Perm(d.N)
	nTest := int(float64(d.N) * testFrac)
	if nTest == 0 {
		return d, nil
	}
	return d.Subset(order[nTest:]), d.Subset(order[:nTest])
}

// ClassNames names the classes of d's labels 0, 1, ...: names when given
// (an EINVALID error when they are fewer than the labels), Fashion-MNIST's
// for 10 labels, else the numbers (at least two).
func ClassNames(d *Dataset, names []string) ([]string, error) {
	n := 0
	for _, y := range d.Labels {
		n = max(n, y+1)
	}
	switch {
	case len(names) > 0:
		if len(names) < n {
			return nil, shopmind.FieldErrorf("classes", "%d class names but the labels go up to %d", len(names), n-1)
		}
		return names, nil
	case n == 10:
		return FashionMNISTClasses(), nil
	}
	var out []string
	for i := 0; i < max(n, 2); i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out, nil
}

// Train builds the default CNN for train's image shape and classes (with
// dropout before the last layer) and fits it; progress, when not nil, is
// called after every epoch.
func Train(ctx context.Context, train, test *Dataset, classes []string, dropout float32, opts TrainOptions, progress func(EpochStats)) (*CNN, []EpochStats, error) {
	cfg := DefaultConfig()
	cfg.Height, cfg.Width, cfg.Channels, cfg.Classes, cfg.Dropout = train.H, train.W, train.C, classes, dropout
	m, err := NewCNN(cfg, opts.Seed)
	if err != nil {
		return nil, nil, err
	}
	if progress == nil {
		progress = func(EpochStats) {}
	}
	hist, err := Fit(ctx, m, train, test, opts, progress)
	return m, hist, err
}

// ConfigHash hashes the architecture and training options.
func ConfigHash(cfg Config, opts TrainOptions) string {
	b, _ := json.Marshal(struct {
		Config        Config
		Epochs, Batch int
		LR, Momentum  float32
		Seed          uint64
	}{cfg, opts.Epochs, opts.BatchSize, opts.LR, opts.Momentum, opts.Seed})
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

// SaveModel stores m as the next version of ModelName with its training
// metrics (images, epochs, seconds per epoch, final test accuracy when
// test is not nil).
func SaveModel(ctx context.Context, models shopmind.ModelService, m *CNN, hist []EpochStats, train, test *Dataset, opts TrainOptions) (*shopmind.Model, error) {
	blob, err := m.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var secs float64
	for _, e := range hist {
		secs += e.Seconds
	}
	metrics := map[string]float64{"train_images": float64(train.N), "epochs": float64(len(hist)), "seconds_per_epoch": secs / float64(len(hist))}
	if test != nil {
		metrics["test_images"] = float64(test.N)
		metrics["test_accuracy"] = hist[len(hist)-1].TestAcc
	}
	rec := &shopmind.Model{Name: ModelName, ConfigHash: ConfigHash(m.Config, opts), Data: blob, Metrics: metrics}
	if err := models.SaveModel(ctx, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// InferenceRate classifies d once in batches of 256 and returns images per
// second.
func InferenceRate(m *CNN, d *Dataset) float64 {
	start := time.Now()
	Evaluate(m, d)
	if s := time.Since(start).Seconds(); s > 0 {
		return float64(d.N) / s
	}
	return 0
}
