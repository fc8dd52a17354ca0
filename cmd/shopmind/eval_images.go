package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/vision"
)

// EvalImagesCommand is "shopmind eval images": it trains the vision CNN on
// labelled images (IDX files or class folders) and reports test accuracy,
// per-class accuracy, the confusion matrix and time per epoch.
type EvalImagesCommand struct {
	env *Env
}

const evalImagesUsage = `Usage: shopmind eval images (--train-images F --train-labels F --test-images F --test-labels F | --train-dir D --test-dir D) [flags]

Trains the vision CNN (conv 32 3x3, pool, conv 64 3x3, pool, dense 64,
dense 10 classes; Adam, batch 64) and reports, after every epoch, the
training loss, test accuracy and seconds, then per-class accuracy and the
confusion matrix on the test set. IDX files may be gzipped; a class folder
has one sub-folder per class with JPEG, PNG, GIF or WebP images.

Flags:
`

// imagesReport is the --json output.
type imagesReport struct {
	Train      int                 `json:"train"`
	Test       int                 `json:"test"`
	Epochs     []vision.EpochStats `json:"epochs"`
	Evaluation vision.Evaluation   `json:"evaluation"`
	Inference  float64             `json:"inference_images_sec"`
	Options    vision.TrainOptions `json:"-"`
}

// imageData are the flags naming a labelled train/test set.
type imageData struct {
	trainImages, trainLabels, testImages, testLabels, trainDir, testDir *string
	classes                                                             *string
}

func addImageDataFlags(fs *flag.FlagSet) imageData {
	return imageData{
		trainImages: fs.String("train-images", "", "IDX training images (.gz allowed)"),
		trainLabels: fs.String("train-labels", "", "IDX training labels"),
		testImages:  fs.String("test-images", "", "IDX test images"),
		testLabels:  fs.String("test-labels", "", "IDX test labels"),
		trainDir:    fs.String("train-dir", "", "training folder with one sub-folder per class"),
		testDir:     fs.String("test-dir", "", "test folder with one sub-folder per class"),
		classes:     fs.String("classes", "", "comma-separated names of IDX labels 0, 1, ... (default: Fashion-MNIST's names for 10 labels, else the numbers)"),
	}
}

// given reports whether any data flag is set.
func (d imageData) given() bool {
	return *d.trainImages != "" || *d.trainLabels != "" || *d.testImages != "" || *d.testLabels != "" || *d.trainDir != "" || *d.testDir != ""
}

// load reads the training set and, when named, the test set, with their
// class names (Fashion-MNIST's for 10-class IDX data).
func (d imageData) load(needTest bool) (train, test *vision.Dataset, classes []string, err error) {
	switch {
	case *d.trainImages != "" || *d.trainLabels != "":
		if *d.trainImages == "" || *d.trainLabels == "" {
			return nil, nil, nil, &usageError{"--train-images and --train-labels go together"}
		}
		if train, err = vision.LoadIDX(*d.trainImages, *d.trainLabels); err != nil {
			return nil, nil, nil, err
		}
		if *d.testImages != "" || *d.testLabels != "" {
			if *d.testImages == "" || *d.testLabels == "" {
				return nil, nil, nil, &usageError{"--test-images and --test-labels go together"}
			}
			if test, err = vision.LoadIDX(*d.testImages, *d.testLabels); err != nil {
				return nil, nil, nil, err
			}
		}
		var names []string
		if *d.classes != "" {
			for _, c := range strings.Split(*d.classes, ",") {
				names = append(names, strings.TrimSpace(c))
			}
		}
		if classes, err = vision.ClassNames(train, names); err != nil {
			return nil, nil, nil, &usageError{"--classes: " + shopmind.ErrorMessage(err)}
		}
	case *d.trainDir != "":
		if train, classes, err = vision.LoadFolder(*d.trainDir, 28, nil); err != nil {
			return nil, nil, nil, err
		}
		if *d.testDir != "" {
			if test, _, err = vision.LoadFolder(*d.testDir, 28, classes); err != nil {
				return nil, nil, nil, err
			}
		}
	default:
		return nil, nil, nil, &usageError{"give --train-images and --train-labels, or --train-dir"}
	}
	if needTest && test == nil {
		return nil, nil, nil, &usageError{"give a test set: --test-images and --test-labels, or --test-dir"}
	}
	return train, test, classes, nil
}

// Run parses flags, trains, evaluates and prints the report.
func (c *EvalImagesCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("eval images", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalImagesUsage)
		fs.PrintDefaults()
	}
	data := addImageDataFlags(fs)
	def := vision.DefaultTrainOptions()
	epochs := fs.Int("epochs", def.Epochs, "training epochs")
	batch := fs.Int("batch", def.BatchSize, "mini-batch size")
	lr := fs.Float64("lr", float64(def.LR), "learning rate")
	momentum := fs.Float64("momentum", 0, "SGD with Nesterov momentum instead of Adam when > 0")
	dropout := fs.Float64("dropout", 0, "dropout before the last layer")
	seed := fs.Uint64("seed", 1, "seed of the weights, shuffling and dropout")
	limit := fs.Int("limit", 0, "use only the first N training images (0: all)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	train, test, classes, err := data.load(true)
	if err != nil {
		return err
	}
	if *limit > 0 && *limit < train.N {
		idx := make([]int, *limit)
		for i := range idx {
			idx[i] = i
		}
		train = train.Subset(idx)
	}
	opts := vision.TrainOptions{Epochs: *epochs, BatchSize: *batch, LR: float32(*lr), Momentum: float32(*momentum), Seed: *seed, Now: time.Now}
	m, hist, err := trainVision(ctx, c.env, train, test, classes, float32(*dropout), opts, !*asJSON)
	if err != nil {
		return err
	}
	rep := imagesReport{Train: train.N, Test: test.N, Epochs: hist, Evaluation: vision.Evaluate(m, test), Inference: vision.InferenceRate(m, test)}
	if *asJSON {
		enc := json.NewEncoder(c.env.Stdout)
		return enc.Encode(rep)
	}
	printImagesReport(c.env.Stdout, rep)
	return nil
}

// trainVision trains the CNN (vision.Train), printing one line per epoch
// to stderr when verbose.
func trainVision(ctx context.Context, env *Env, train, test *vision.Dataset, classes []string, dropout float32, opts vision.TrainOptions, verbose bool) (*vision.CNN, []vision.EpochStats, error) {
	if verbose {
		fmt.Fprintf(env.Stderr, "training on %d images (%dx%d), %d classes, %d epochs\n", train.N, train.H, train.W, len(classes), opts.Epochs)
	}
	return vision.Train(ctx, train, test, classes, dropout, opts, func(s vision.EpochStats) {
		if !verbose {
			return
		}
		line := fmt.Sprintf("epoch %d/%d: loss %.4f, train accuracy %.4f", s.Epoch, opts.Epochs, s.Loss, s.TrainAcc)
		if test != nil {
			line += fmt.Sprintf(", test accuracy %.4f", s.TestAcc)
		}
		fmt.Fprintf(env.Stderr, "%s, %.1f s (%.0f images/s)\n", line, s.Seconds, s.ImagesSec)
	})
}

func printImagesReport(w io.Writer, r imagesReport) {
	fmt.Fprintf(w, "train %d images, test %d images\n\n", r.Train, r.Test)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "epoch\tloss\ttrain acc\ttest acc\tseconds\timages/s\t")
	for _, e := range r.Epochs {
		fmt.Fprintf(tw, "%d\t%.4f\t%.4f\t%.4f\t%.1f\t%.0f\t\n", e.Epoch, e.Loss, e.TrainAcc, e.TestAcc, e.Seconds, e.ImagesSec)
	}
	tw.Flush()
	ev := r.Evaluation
	fmt.Fprintf(w, "\ntest accuracy %.4f; inference %.0f images/s\n\nper class:\n", ev.Accuracy, r.Inference)
	for i, c := range ev.Classes {
		fmt.Fprintf(w, "  %-14s %.4f\n", c, ev.ClassAccuracy[i])
	}
	fmt.Fprintln(w, "\nconfusion matrix (rows: true class, columns: predicted):")
	tw = tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	head := []string{""}
	for i := range ev.Classes {
		head = append(head, fmt.Sprint(i))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for i, row := range ev.Confusion {
		cells := []string{fmt.Sprintf("%d %s", i, ev.Classes[i])}
		for _, v := range row {
			cells = append(cells, fmt.Sprint(v))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	tw.Flush()
}
