package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/nlp"
)

// EvalTextCommand is "shopmind eval text": it trains each text classifier
// on one labelled table and scores it on another (or on a seeded 80/20
// split of one).
type EvalTextCommand struct {
	env *Env
}

const evalTextUsage = `Usage: shopmind eval text --train FILE [--test FILE] --text COL --label COL [flags]

Trains the text classifiers (fastText-style and TF-IDF + logistic regression)
on --train and reports accuracy, macro-F1, calibration error (ECE), training
time and prediction throughput on --test; without --test, on a stratified
80/20 split of --train seeded by --seed. Files are CSV (.csv) or TSV (.tsv,
.txt), optionally gzipped (.gz), with a header naming the columns (or
--no-header and columns named by number). Chinese text is segmented with gse
(--segmenter chars: single characters). The fasttext flags default to
nlp.DefaultFastTextParams (character 2-4-grams on; --maxn 0 turns them off).

Flags:
`

// textReport is one classifier's row (one JSON object with --json).
type textReport struct {
	Model        string  `json:"model"`
	Train        int     `json:"train"`
	Test         int     `json:"test"`
	Classes      int     `json:"classes"`
	TrainSeconds float64 `json:"train_seconds"`
	Temperature  float64 `json:"temperature"`
	nlp.Scores
}

// Run parses flags, trains and prints one row per classifier.
func (c *EvalTextCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("eval text", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalTextUsage)
		fs.PrintDefaults()
	}
	trainPath := fs.String("train", "", "labelled training table (CSV or TSV, .gz allowed)")
	testPath := fs.String("test", "", "labelled test table; empty: an 80/20 split of --train")
	textCol := fs.String("text", "", "text column: header name, or 1-based number")
	labelCol := fs.String("label", "", "label column: header name, or 1-based number")
	noHeader := fs.Bool("no-header", false, "the tables have no header row")
	models := fs.String("models", "fasttext,logreg", "comma-separated classifiers: fasttext, logreg")
	seed := fs.Uint64("seed", 42, "seed of the split and the models")
	testFrac := fs.Float64("test-frac", 0.2, "held-out share without --test")
	calib := fs.Float64("calibrate", 0.1, "share of the training data held out to fit the temperature (0: none)")
	d := nlp.DefaultFastTextParams()
	epochs := fs.Int("epochs", d.Epochs, "fasttext epochs")
	dim := fs.Int("dim", d.Dim, "fasttext dimension")
	lr := fs.Float64("lr", d.LR, "fasttext learning rate")
	wordNgrams := fs.Int("word-ngrams", d.WordNgrams, "fasttext word n-grams: 1 words, 2 words and bigrams")
	minn := fs.Int("minn", d.MinN, "fasttext shortest character n-gram")
	maxn := fs.Int("maxn", d.MaxN, "fasttext longest character n-gram (0: no character n-grams)")
	threads := fs.Int("threads", d.Threads, "fasttext goroutines")
	segmenter := fs.String("segmenter", "gse", "Chinese tokens: gse (words) or chars (single characters, as the served sentiment model reads them)")
	writeSplit := fs.String("write-split", "", "write the tokenised train/test split in fastText format to this folder")
	asJSON := fs.Bool("json", false, "print one JSON object per classifier")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *trainPath == "" || *textCol == "" || *labelCol == "" {
		return &usageError{"eval text: --train, --text and --label are required"}
	}
	if *testFrac <= 0 || *testFrac >= 1 {
		return &usageError{"--test-frac must be in (0, 1)"}
	}
	if *calib < 0 || *calib >= 0.5 {
		return &usageError{"--calibrate must be in [0, 0.5)"}
	}
	if *segmenter != "gse" && *segmenter != "chars" {
		return &usageError{fmt.Sprintf("--segmenter %q is not gse or chars", *segmenter)}
	}
	kinds := strings.Split(*models, ",")
	for i := range kinds {
		kinds[i] = strings.TrimSpace(kinds[i])
		if _, err := nlp.NewModel(kinds[i]); err != nil {
			return &usageError{shopmind.ErrorMessage(err)}
		}
	}

	trainX, trainY, err := nlp.ReadTableFile(*trainPath, *noHeader, *textCol, *labelCol)
	if err != nil {
		return err
	}
	var testX, testY []string
	if *testPath != "" {
		if testX, testY, err = nlp.ReadTableFile(*testPath, *noHeader, *textCol, *labelCol); err != nil {
			return err
		}
	} else {
		if err := nlp.ValidateExamples(trainX, trainY); err != nil {
			return fmt.Errorf("%s: %w", *trainPath, err)
		}
		tr, te := nlp.SplitExamples(trainY, *testFrac, *seed)
		testX, testY = nlp.Pick(trainX, te), nlp.Pick(trainY, te)
		trainX, trainY = nlp.Pick(trainX, tr), nlp.Pick(trainY, tr)
	}
	if err := nlp.ValidateExamples(trainX, trainY); err != nil {
		return fmt.Errorf("%s: %w", *trainPath, err)
	}
	if len(testX) == 0 {
		return shopmind.Errorf(shopmind.EINVALID, "no test examples")
	}

	tok := &nlp.Tokenizer{}
	if *segmenter == "gse" && nlp.HasHan(trainX) {
		start := time.Now()
		zh, err := nlp.LoadChinese()
		if err != nil {
			return err
		}
		tok.Segmenter = zh
		fmt.Fprintf(c.env.Stderr, "loaded the Chinese segmenter in %.1fs\n", time.Since(start).Seconds())
	}
	start := time.Now()
	trainD, testD := tok.WordsAll(trainX), tok.WordsAll(testX)
	chars := 0
	for _, t := range trainX {
		chars += len([]rune(t))
	}
	for _, t := range testX {
		chars += len([]rune(t))
	}
	el := time.Since(start).Seconds()
	fmt.Fprintf(c.env.Stderr, "tokenised %d texts (%d characters) in %.2fs: %.0f characters/s\n", len(trainX)+len(testX), chars, el, float64(chars)/el)
	if *writeSplit != "" {
		if err := writeFastTextSplit(*writeSplit, trainD, trainY, testD, testY); err != nil {
			return err
		}
	}

	var reports []textReport
	for _, kind := range kinds {
		m, _ := nlp.NewModel(kind)
		if ft, ok := m.(*nlp.FastText); ok {
			p := ft.Params
			p.Epochs, p.Dim, p.LR, p.WordNgrams, p.MinN, p.MaxN = *epochs, *dim, *lr, *wordNgrams, *minn, *maxn
			p.Threads, p.Seed = *threads, *seed
			if err := p.Validate(); err != nil {
				return &usageError{shopmind.ErrorMessage(err)}
			}
			ft.Params = p
		}
		start := time.Now()
		cl, err := nlp.Train(ctx, m, trainD, trainY, nlp.TrainOptions{CalibrationFraction: *calib, Seed: *seed})
		if err != nil {
			return err
		}
		r := textReport{Model: kind, Train: len(trainD), Test: len(testD), Classes: len(cl.Labels),
			TrainSeconds: time.Since(start).Seconds(), Temperature: cl.Temperature}
		r.Scores = nlp.Evaluate(cl, testD, testY)
		reports = append(reports, r)
	}
	if *asJSON {
		enc := json.NewEncoder(c.env.Stdout)
		for _, r := range reports {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	fmt.Fprintf(c.env.Stdout, "%d training and %d test texts, %d classes\n", len(trainD), len(testD), reports[0].Classes)
	tw := tabwriter.NewWriter(c.env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\taccuracy\tmacro-F1\tECE\ttrain s\tpredict/s\t")
	for _, r := range reports {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%.2f\t%.0f\t\n", r.Model, r.Accuracy, r.MacroF1, r.ECE, r.TrainSeconds, r.PredictPerSecond)
	}
	return tw.Flush()
}

// writeFastTextSplit writes train.txt and test.txt in fastText's format.
func writeFastTextSplit(dir string, trainD [][]string, trainY []string, testD [][]string, testY []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	write := func(name string, docs [][]string, labels []string) error {
		var b bytes.Buffer
		if err := nlp.WriteFastText(&b, docs, labels); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
	}
	if err := write("train.txt", trainD, trainY); err != nil {
		return err
	}
	return write("test.txt", testD, testY)
}
