package assistant

import "sort"

// Metrics are the quality numbers of an intent classifier on labelled data.
type Metrics struct {
	N         int     `json:"n"`
	Accuracy  float64 `json:"accuracy"` // after the threshold: unconfident in-scope messages count as errors
	MacroF1   float64 `json:"macro_f1"` // over the gold intents, after the threshold
	Threshold float64 `json:"threshold"`
	// OOSRecall is the share of out-of-scope messages recognised as such
	// (by their label or the threshold); -1 when the data has none.
	OOSRecall float64 `json:"oos_recall"`
	// InScopeRejected is the share of in-scope messages the threshold
	// turned into out-of-scope.
	InScopeRejected float64 `json:"in_scope_rejected"`
}

// decide applies the threshold to one prediction.
func decide(p []Scored, threshold float64, oos string) string {
	if len(p) == 0 || p[0].Score < threshold {
		if oos == "" {
			return OutOfScope
		}
		return oos
	}
	return p[0].Intent
}

// Evaluate scores predictions against gold labels at a threshold. oos is
// the out-of-scope label ("" when the data has none).
func Evaluate(preds [][]Scored, gold []string, threshold float64, oos string) Metrics {
	m := Metrics{N: len(gold), Threshold: threshold, OOSRecall: -1}
	if len(gold) == 0 {
		return m
	}
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	labels := map[string]bool{}
	correct, oosN, oosHit, inN, rejected := 0, 0, 0, 0, 0
	for i, g := range gold {
		labels[g] = true
		got := decide(preds[i], threshold, oos)
		if got == g {
			correct++
			tp[g]++
		} else {
			fp[got]++
			fn[g]++
		}
		if oos != "" && g == oos {
			oosN++
			if got == oos {
				oosHit++
			}
		} else {
			inN++
			if len(preds[i]) == 0 || preds[i][0].Score < threshold {
				rejected++
			}
		}
	}
	m.Accuracy = float64(correct) / float64(len(gold))
	names := make([]string, 0, len(labels))
	for l := range labels {
		names = append(names, l)
	}
	sort.Strings(names)
	sum := 0.0
	for _, l := range names {
		if d := 2*tp[l] + fp[l] + fn[l]; d > 0 {
			sum += 2 * float64(tp[l]) / float64(d)
		}
	}
	m.MacroF1 = sum / float64(len(names))
	if oosN > 0 {
		m.OOSRecall = float64(oosHit) / float64(oosN)
	}
	if inN > 0 {
		m.InScopeRejected = float64(rejected) / float64(inN)
	}
	return m
}

// maxRejected is the largest share of in-scope validation messages the
// threshold may turn away: out-of-scope examples are few, and a threshold
// fitted to them alone would reject too many real questions.
const maxRejected = 0.05

// ChooseThreshold picks the out-of-scope threshold on validation
// predictions. With out-of-scope examples (oos set and present in gold) it
// maximises the mean of in-scope accuracy and out-of-scope recall among the
// thresholds that reject at most 5% of in-scope messages; without
// them it takes the highest threshold that rejects at most 5% of the
// correctly classified in-scope messages, so an unfamiliar message tends to
// fall below it.
func ChooseThreshold(preds [][]Scored, gold []string, oos string) float64 {
	var cands []float64
	for _, p := range preds {
		if len(p) > 0 {
			cands = append(cands, p[0].Score)
		}
	}
	if len(cands) == 0 {
		return 0
	}
	sort.Float64s(cands)
	hasOOS := false
	for _, g := range gold {
		if oos != "" && g == oos {
			hasOOS = true
			break
		}
	}
	if !hasOOS {
		var right []float64
		for i, p := range preds {
			if len(p) > 0 && p[0].Intent == gold[i] {
				right = append(right, p[0].Score)
			}
		}
		if len(right) == 0 {
			return 0
		}
		sort.Float64s(right)
		return right[len(right)*5/100]
	}
	best, bestT := -1.0, 0.0
	for _, t := range append([]float64{0}, cands...) {
		inOK, inN, oosOK, oosN := 0, 0, 0, 0
		for i, g := range gold {
			got := decide(preds[i], t, oos)
			if g == oos {
				oosN++
				if got == oos {
					oosOK++
				}
			} else {
				inN++
				if got == g {
					inOK++
				}
			}
		}
		rejected := 0
		for i, g := range gold {
			if g != oos && (len(preds[i]) == 0 || preds[i][0].Score < t) {
				rejected++
			}
		}
		if ratio(rejected, inN) > maxRejected {
			break // thresholds only grow from here
		}
		score := 0.5 * (ratio(inOK, inN) + ratio(oosOK, oosN))
		if score > best+1e-12 {
			best, bestT = score, t
		}
	}
	return bestT
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
