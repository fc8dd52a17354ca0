package assistant

import (
	"context"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/shopmind/shopmind/nlp"
)

// calibrationRun trains on a stratified 80% of the shipped examples with
// one calibration and scores the shipped model on the other 20%.
func calibrationRun(t *testing.T, calibration string, seed uint64) (cal, test Metrics) {
	t.Helper()
	exs, err := DefaultExamples()
	if err != nil {
		t.Fatal(err)
	}
	train, held := stratifiedSplit(exs, 0.2, 100+seed)
	c, err := TrainIntents(context.Background(), train, TrainOptions{NewModel: testModel, Tokenizer: &nlp.Tokenizer{},
		OutOfScope: OutOfScope, MinPerIntent: 60, Seed: seed, Calibration: calibration, Folds: 5})
	if err != nil {
		t.Fatal(err)
	}
	preds := make([][]Scored, len(held))
	gold := make([]string, len(held))
	for i, e := range held {
		preds[i], gold[i] = c.Predict(e.Text), e.Intent
	}
	return c.Validation, Evaluate(preds, gold, c.Threshold, OutOfScope)
}

// holdsCalibration is the calibration TestCalibrationHoldsForShippedModel
// checks: the default.
var holdsCalibration = ""

// TestCalibrationHoldsForShippedModel checks that the default calibration
// keeps its promise on messages the shipped model never saw (three splits
// of the shipped examples): it recognises as many out-of-scope messages as
// its calibration scores said (before, fitted on a 90% model and shipped
// with the refit, it promised 0.75 and delivered 0.64 over five splits),
// and rejects few in-scope ones, as it said. Two-sided bands: a threshold
// that rejected nothing, or everything, would be as wrong.
func TestCalibrationHoldsForShippedModel(t *testing.T) {
	var cal, test Metrics
	const seeds = 3
	for seed := uint64(1); seed <= seeds; seed++ {
		c, m := calibrationRun(t, holdsCalibration, seed)
		cal.OOSRecall += c.OOSRecall / seeds
		cal.InScopeRejected += c.InScopeRejected / seeds
		test.OOSRecall += m.OOSRecall / seeds
		test.InScopeRejected += m.InScopeRejected / seeds
	}
	t.Logf("promised out-of-scope recall %.3f, in-scope rejected %.3f; on unseen messages %.3f, %.3f",
		cal.OOSRecall, cal.InScopeRejected, test.OOSRecall, test.InScopeRejected)
	if test.OOSRecall < cal.OOSRecall-0.05 || test.OOSRecall > 0.95 {
		t.Errorf("out-of-scope recall %.3f on unseen messages, %.3f promised", test.OOSRecall, cal.OOSRecall)
	}
	if test.InScopeRejected < 0.005 || test.InScopeRejected > 0.08 || test.InScopeRejected > cal.InScopeRejected+0.02 {
		t.Errorf("%.3f of unseen in-scope messages rejected, %.3f promised (band 0.005-0.08)", test.InScopeRejected, cal.InScopeRejected)
	}
}

// TestCalibrationComparison (SHOPMIND_FULL=1) compares the calibrations
// over five splits of the shipped examples; docs/assistant.md quotes it.
func TestCalibrationComparison(t *testing.T) {
	if os.Getenv("SHOPMIND_FULL") == "" {
		t.Skip("SHOPMIND_FULL=1 compares calibrations over five splits")
	}
	for _, calibration := range []string{CalibrateRefit, CalibrateHoldout, CalibrateCrossFit} {
		var sum struct{ acc, oos, rej, calOOS, calRej, gapRej, gapOOS float64 }
		const seeds = 5
		for seed := uint64(1); seed <= seeds; seed++ {
			cal, test := calibrationRun(t, calibration, seed)
			sum.acc += test.Accuracy
			sum.oos += test.OOSRecall
			sum.rej += test.InScopeRejected
			sum.calOOS += cal.OOSRecall
			sum.calRej += cal.InScopeRejected
			sum.gapRej += math.Abs(test.InScopeRejected - cal.InScopeRejected)
			sum.gapOOS += math.Abs(test.OOSRecall - cal.OOSRecall)
		}
		fmt.Printf("| %s | %.3f | %.3f (%.3f) | %.3f (%.3f) | %.3f | %.3f |\n", calibration, sum.acc/seeds,
			sum.oos/seeds, sum.calOOS/seeds, sum.rej/seeds, sum.calRej/seeds, sum.gapOOS/seeds, sum.gapRej/seeds)
	}
}
