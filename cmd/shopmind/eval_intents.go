package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/assistant"
	"github.com/shopmind/shopmind/nlp"
)

// EvalIntentsCommand is "shopmind eval intents": it trains the assistant's
// intent classifier (threshold and temperature fitted on out-of-fold scores
// of --train) and scores it on --test.
type EvalIntentsCommand struct {
	env *Env
}

const evalIntentsUsage = `Usage: shopmind eval intents --train FILE --test FILE --text COL --label COL [--oos LABEL] [flags]

Trains the assistant's intent classifier on --train the way serve does:
five models, each fitted without one stratified fold, score the examples
they did not see; the temperature and the out-of-scope confidence threshold
are fitted on those out-of-fold scores, and the model is fitted on all of
--train (--calibration crossfit; holdout and refit use a --valid-frac split
instead, see docs/assistant.md). Prints,
on --test, accuracy and macro-F1 with no threshold (closed set) and with the
threshold (an unconfident answer counts as out of scope), and, with --oos,
the recall of the out-of-scope label. Files are CSV or TSV (.gz allowed)
with a header.

Flags:
`

// intentsReport is what eval intents prints.
type intentsReport struct {
	Model        string            `json:"model"`
	Calibration  string            `json:"calibration"`
	Prior        string            `json:"prior"`
	Train        int               `json:"train"`
	Test         int               `json:"test"`
	Intents      int               `json:"intents"`
	TrainSeconds float64           `json:"train_seconds"`
	Temperature  float64           `json:"temperature"`
	ClosedSet    assistant.Metrics `json:"closed_set"`     // threshold 0
	Thresholded  assistant.Metrics `json:"with_threshold"` // at the chosen threshold
	Validation   assistant.Metrics `json:"validation"`
	MicrosPerMsg float64           `json:"micros_per_message"`
}

// Run parses flags, trains and prints the report.
func (c *EvalIntentsCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("eval intents", flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalIntentsUsage)
		fs.PrintDefaults()
	}
	trainPath := fs.String("train", "", "labelled training table")
	testPath := fs.String("test", "", "labelled test table")
	textCol := fs.String("text", "", "text column")
	labelCol := fs.String("label", "", "label column")
	oos := fs.String("oos", "", "the out-of-scope label, when the data has one")
	model := fs.String("model", defaultAssistantConfig().Model, "classifier: logreg or fasttext")
	validFrac := fs.Float64("valid-frac", 0.1, "share of --train held out to choose the threshold (holdout and refit calibrations)")
	calibration := fs.String("calibration", assistant.CalibrateCrossFit, "how threshold and temperature are fitted: crossfit (out-of-fold scores, model refitted on all), holdout (ship the model fitted without the validation split) or refit (the old way: fitted on a 90% model, shipped with the refit)")
	folds := fs.Int("folds", 5, "folds of --calibration crossfit")
	segmenter := fs.String("segmenter", "chars", "Chinese tokens: chars or gse")
	prior := fs.String("prior", assistant.PriorTrain, "intent prior: train (as frequent as in --train) or uniform (every intent equally likely, e.g. for a class-balanced test set such as BANKING77's)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *trainPath == "" || *testPath == "" || *textCol == "" || *labelCol == "" {
		return &usageError{"eval intents: --train, --test, --text and --label are required"}
	}
	if *validFrac <= 0 || *validFrac >= 0.5 {
		return &usageError{"--valid-frac must be in (0, 0.5)"}
	}
	switch *calibration {
	case assistant.CalibrateCrossFit, assistant.CalibrateHoldout, assistant.CalibrateRefit:
	default:
		return &usageError{fmt.Sprintf("--calibration %q is not crossfit, holdout or refit", *calibration)}
	}
	if *prior != assistant.PriorTrain && *prior != assistant.PriorUniform {
		return &usageError{fmt.Sprintf("--prior %q is not train or uniform", *prior)}
	}
	if *folds < 2 || *folds > 20 {
		return &usageError{"--folds must be in [2, 20]"}
	}
	cfg := AssistantConfig{Model: *model, Segmenter: *segmenter, CatalogReload: Duration{time.Minute}}
	if err := cfg.validate(); err != nil {
		return &usageError{shopmind.ErrorMessage(err)}
	}
	trainX, trainY, err := nlp.ReadTableFile(*trainPath, false, *textCol, *labelCol)
	if err != nil {
		return err
	}
	testX, testY, err := nlp.ReadTableFile(*testPath, false, *textCol, *labelCol)
	if err != nil {
		return err
	}
	if err := nlp.ValidateExamples(trainX, trainY); err != nil {
		return fmt.Errorf("%s: %w", *trainPath, err)
	}
	if len(testX) == 0 {
		return shopmind.Errorf(shopmind.EINVALID, "%s: no test examples", *testPath)
	}
	if *segmenter == "chars" && nlp.HasHan(trainX) {
		fmt.Fprintln(c.env.Stderr, "Chinese text is cut into characters; --segmenter gse segments words")
	}
	tok, err := assistant.NewTokenizer(cfg.Segmenter)
	if err != nil {
		return err
	}
	exs := make([]assistant.Example, len(trainX))
	for i := range trainX {
		exs[i] = assistant.Example{Text: trainX[i], Intent: trainY[i]}
	}
	start := time.Now()
	cl, err := assistant.TrainIntents(ctx, exs, assistant.TrainOptions{
		NewModel:  func() assistant.TextModel { return assistant.NewIntentModel(*model) },
		Tokenizer: tok, ValidFraction: *validFrac, OutOfScope: *oos, Seed: 1,
		Calibration: *calibration, Folds: *folds, Prior: *prior,
	})
	if err != nil {
		return err
	}
	r := intentsReport{Model: *model, Calibration: *calibration, Prior: *prior, Train: len(trainX), Test: len(testX), Intents: len(cl.Labels),
		TrainSeconds: time.Since(start).Seconds(), Temperature: cl.Temperature, Validation: cl.Validation}
	preds := make([][]assistant.Scored, len(testX))
	start = time.Now()
	for i, t := range testX {
		preds[i] = cl.Predict(t)
	}
	r.MicrosPerMsg = float64(time.Since(start).Microseconds()) / float64(len(testX))
	r.ClosedSet = assistant.Evaluate(preds, testY, 0, *oos)
	r.Thresholded = assistant.Evaluate(preds, testY, cl.Threshold, *oos)
	if *asJSON {
		enc := json.NewEncoder(c.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "model\t%s, %s calibration, %s prior (%d intents, %d train, %d test, trained in %.1fs, temperature %.2f, %.0f µs/message)\n",
		r.Model, r.Calibration, r.Prior, r.Intents, r.Train, r.Test, r.TrainSeconds, r.Temperature, r.MicrosPerMsg)
	fmt.Fprintf(tw, "\taccuracy\tmacro-F1\tout-of-scope recall\tin-scope rejected\n")
	row := func(name string, m assistant.Metrics) {
		oosR := "-"
		if m.OOSRecall >= 0 {
			oosR = fmt.Sprintf("%.4f", m.OOSRecall)
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%s\t%.4f\n", name, m.Accuracy, m.MacroF1, oosR, m.InScopeRejected)
	}
	row("closed set (no threshold)", r.ClosedSet)
	row(fmt.Sprintf("threshold %.3f", cl.Threshold), r.Thresholded)
	row("calibration scores (threshold)", r.Validation)
	return tw.Flush()
}
