package vision

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shopmind/shopmind/numeric"
)

// TrainOptions are the training hyper-parameters.
type TrainOptions struct {
	Epochs    int
	BatchSize int
	LR        float32 // Adam learning rate, or SGD's with Momentum > 0
	Momentum  float32 // > 0 selects SGD with (Nesterov) momentum instead of Adam
	Seed      uint64  // shuffling and dropout
	Now       func() time.Time
}

// DefaultTrainOptions are Adam 1e-3, batch 64, 10 epochs.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{Epochs: 10, BatchSize: 64, LR: 1e-3, Seed: 1, Now: time.Now}
}

// EpochStats reports one finished epoch.
type EpochStats struct {
	Epoch     int     `json:"epoch"`
	Loss      float64 `json:"loss"`       // mean training loss
	TrainAcc  float64 `json:"train_acc"`  // accuracy on the training batches, with dropout
	TestAcc   float64 `json:"test_acc"`   // accuracy on the test set (0 without one)
	Seconds   float64 `json:"seconds"`    // training time of the epoch, excluding the test pass
	ImagesSec float64 `json:"images_sec"` // training throughput
}

// Fit trains m on train for opts.Epochs epochs, evaluating on test (which
// may be nil) after each and calling progress (which may be nil). It stops
// with ctx's error when ctx is cancelled.
func Fit(ctx context.Context, m *CNN, train, test *Dataset, opts TrainOptions, progress func(EpochStats)) ([]EpochStats, error) {
	c := m.Config
	if train.H != c.Height || train.W != c.Width || train.C != c.Channels {
		return nil, fmt.Errorf("fit: images are %dx%dx%d, model wants %dx%dx%d", train.H, train.W, train.C, c.Height, c.Width, c.Channels)
	}
	if opts.BatchSize < 1 || opts.Epochs < 1 || opts.LR <= 0 {
		return nil, fmt.Errorf("fit: epochs, batch size and learning rate must be positive")
	}
	for _, y := range train.Labels {
		if y < 0 || y >= len(c.Classes) {
			return nil, fmt.Errorf("fit: label %d outside the %d classes", y, len(c.Classes))
		}
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var opt numeric.Optimizer = numeric.NewAdam(opts.LR)
	if opts.Momentum > 0 {
		opt = &numeric.Momentum{LR: opts.LR, Mu: opts.Momentum, Nesterov: true}
	}
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed+1))
	k, classes := train.H*train.W*train.C, len(c.Classes)
	params := m.Params()
	batchX := make([]float32, opts.BatchSize*k)
	labels := make([]int, opts.BatchSize)
	grad := make([]float32, opts.BatchSize*classes)
	var history []EpochStats
	for epoch := 1; epoch <= opts.Epochs; epoch++ {
		start := opts.Now()
		order := rng.Perm(train.N)
		var lossSum float64
		correct := 0
		for b := 0; b < train.N; b += opts.BatchSize {
			if err := ctx.Err(); err != nil {
				return history, err
			}
			n := min(opts.BatchSize, train.N-b)
			for j := 0; j < n; j++ {
				i := order[b+j]
				copy(batchX[j*k:(j+1)*k], train.Image(i))
				labels[j] = train.Labels[i]
			}
			logits, _ := m.forward(batchX[:n*k], n, rng)
			for j := 0; j < n; j++ {
				if numeric.Argmax(logits[j*classes:(j+1)*classes]) == labels[j] {
					correct++
				}
			}
			loss := numeric.SoftmaxCrossEntropy(grad[:n*classes], logits, labels[:n], classes)
			lossSum += float64(loss) * float64(n)
			m.backward(grad[:n*classes], n)
			opt.Step(params)
		}
		secs := opts.Now().Sub(start).Seconds()
		st := EpochStats{Epoch: epoch, Loss: lossSum / float64(train.N), TrainAcc: float64(correct) / float64(train.N), Seconds: secs}
		if secs > 0 {
			st.ImagesSec = float64(train.N) / secs
		}
		if test != nil {
			st.TestAcc = Evaluate(m, test).Accuracy
		}
		history = append(history, st)
		if progress != nil {
			progress(st)
		}
	}
	return history, nil
}

// Evaluation is a classifier's quality on a labelled set.
type Evaluation struct {
	Accuracy      float64   `json:"accuracy"`
	ClassAccuracy []float64 `json:"class_accuracy"` // recall per true class
	Confusion     [][]int   `json:"confusion"`      // [true][predicted] counts
	Classes       []string  `json:"classes"`
}

// Evaluate classifies every image of d in batches and compares with its
// labels.
func Evaluate(m *CNN, d *Dataset) Evaluation {
	classes := len(m.Config.Classes)
	ev := Evaluation{Classes: m.Config.Classes, Confusion: make([][]int, classes), ClassAccuracy: make([]float64, classes)}
	for i := range ev.Confusion {
		ev.Confusion[i] = make([]int, classes)
	}
	k := d.H * d.W * d.C
	const batch = 256
	correct := 0
	for b := 0; b < d.N; b += batch {
		n := min(batch, d.N-b)
		logits, _ := m.forward(d.X[b*k:(b+n)*k], n, nil)
		for j := 0; j < n; j++ {
			p, y := numeric.Argmax(logits[j*classes:(j+1)*classes]), d.Labels[b+j]
			if y >= 0 && y < classes {
				ev.Confusion[y][p]++
			}
			if p == y {
				correct++
			}
		}
	}
	if d.N > 0 {
		ev.Accuracy = float64(correct) / float64(d.N)
	}
	for y, row := range ev.Confusion {
		total := 0
		for _, v := range row {
			total += v
		}
		if total > 0 {
			ev.ClassAccuracy[y] = float64(row[y]) / float64(total)
		}
	}
	return ev
}
