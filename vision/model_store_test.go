package vision

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

// TestSplit checks the seeded hold-out: the same seed gives the same
// split, the shares add up, and a share under one image holds out nothing.
func TestSplit(t *testing.T) {
	d := &Dataset{N: 50, H: 2, W: 2, C: 1, X: make([]float32, 50*4), Labels: make([]int, 50)}
	for i := range d.Labels {
		d.Labels[i] = i
	}
	train, test := d.Split(0.1, 3)
	if train.N != 45 || test.N != 5 {
		t.Fatalf("split %d/%d, want 45/5", train.N, test.N)
	}
	seen := map[int]bool{}
	for _, y := range append(append([]int{}, train.Labels...), test.Labels...) {
		seen[y] = true
	}
	if len(seen) != 50 {
		t.Errorf("%d distinct images in the split, want 50", len(seen))
	}
	_, again := d.Split(0.1, 3)
	for i := range again.Labels {
		if again.Labels[i] != test.Labels[i] {
			t.Fatalf("seed 3 split differently: %v then %v", test.Labels, again.Labels)
		}
	}
	if tr, te := d.Split(0.01, 3); tr != d || te != nil {
		t.Errorf("share under one image: %v, %v", tr, te)
	}
}

// TestTrainAndSaveModel trains one epoch on a tiny set and saves it with
// its metrics as the next version of ModelName.
func TestTrainAndSaveModel(t *testing.T) {
	ctx := context.Background()
	d := &Dataset{N: 40, H: 28, W: 28, C: 1, X: make([]float32, 40*28*28), Labels: make([]int, 40)}
	for i := range d.N {
		d.Labels[i] = i % 2
		for k := range 28 * 28 / 2 {
			d.X[i*28*28+k+(i%2)*28*28/2] = 1
		}
	}
	train, test := d.Split(0.25, 1)
	opts := TrainOptions{Epochs: 1, BatchSize: 8, LR: 1e-3, Seed: 1, Now: time.Now}
	var epochs int
	m, hist, err := Train(ctx, train, test, []string{"top", "bottom"}, 0, opts, func(EpochStats) { epochs++ })
	if err != nil {
		t.Fatal(err)
	}
	if epochs != 1 || len(hist) != 1 || m.Config.Height != 28 || len(m.Config.Classes) != 2 {
		t.Fatalf("%d progress calls, history %+v, config %+v", epochs, hist, m.Config)
	}
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec, err := SaveModel(ctx, db, m, hist, train, test, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Version != 1 || rec.ConfigHash != ConfigHash(m.Config, opts) || rec.Metrics["train_images"] != 30 || rec.Metrics["test_images"] != 10 {
		t.Errorf("saved %s v%d hash %s metrics %v", rec.Name, rec.Version, rec.ConfigHash, rec.Metrics)
	}
	opts.Seed = 2
	if ConfigHash(m.Config, opts) == rec.ConfigHash {
		t.Error("the config hash ignores the seed")
	}
}

func TestClassNames(t *testing.T) {
	d := &Dataset{Labels: []int{0, 2, 1}}
	tests := []struct {
		name  string
		d     *Dataset
		names []string
		want  string
	}{
		{"Given", d, []string{"a", "b", "c"}, "a,b,c"},
		{"Numbers", d, nil, "0,1,2"},
		{"AtLeastTwo", &Dataset{Labels: []int{0, 0}}, nil, "0,1"},
		{"FashionMNIST", &Dataset{Labels: []int{9}}, nil, strings.Join(FashionMNISTClasses(), ",")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ClassNames(tt.d, tt.names)
			if err != nil || strings.Join(got, ",") != tt.want {
				t.Errorf("ClassNames = %q, %v; want %s", got, err, tt.want)
			}
		})
	}
	t.Run("ErrTooFew", func(t *testing.T) {
		_, err := ClassNames(d, []string{"a", "b"})
		if shopmind.ErrorField(err) != "classes" || !strings.Contains(shopmind.ErrorMessage(err), "2 class names but the labels go up to 2") {
			t.Errorf("too few names: %v", err)
		}
	})
}
