package nlp

import (
	"math/rand/v2"
	"sort"
	"time"
)

// Scores are a classifier's quality on labelled test documents.
type Scores struct {
	Accuracy float64 `json:"accuracy"`
	MacroF1  float64 `json:"macro_f1"`
	// ECE is the expected calibration error of the top class (15 bins).
	ECE float64 `json:"ece"`
	// PredictPerSecond is the prediction throughput on tokenised documents.
	PredictPerSecond float64 `json:"predict_per_second"`
	N                int     `json:"n"`
}

// Evaluate scores c on tokenised docs with gold labels. A label the
// classifier never saw counts as an error in its own class.
func Evaluate(c *Classifier, docs [][]string, labels []string) Scores {
	start := time.Now()
	preds := make([]Prediction, len(docs))
	for i, d := range docs {
		preds[i] = c.Predict(d)
	}
	elapsed := time.Since(start).Seconds()
	s := Scores{N: len(docs)}
	if len(docs) == 0 {
		return s
	}
	if elapsed > 0 {
		s.PredictPerSecond = float64(len(docs)) / elapsed
	}
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	conf := make([]float64, len(docs))
	correct := make([]bool, len(docs))
	var hits int
	for i, p := range preds {
		conf[i] = p.Probability
		if p.Label == labels[i] {
			hits++
			correct[i] = true
			tp[p.Label]++
		} else {
			fp[p.Label]++
			fn[labels[i]]++
		}
	}
	s.Accuracy = float64(hits) / float64(len(docs))
	classes := map[string]bool{}
	for _, l := range labels {
		classes[l] = true
	}
	var f1 float64
	for l := range classes {
		if d := 2*tp[l] + fp[l] + fn[l]; d > 0 {
			f1 += 2 * float64(tp[l]) / float64(d)
		}
	}
	s.MacroF1 = f1 / float64(len(classes))
	s.ECE = ECE(conf, correct, 15)
	return s
}

// SplitExamples splits indexes 0..len(labels)-1 into a seeded, stratified
// training and test part, testFrac of each label going to the test part.
func SplitExamples(labels []string, testFrac float64, seed uint64) (train, test []int) {
	byLabel := map[string][]int{}
	var names []string
	for i, l := range labels {
		if _, ok := byLabel[l]; !ok {
			names = append(names, l)
		}
		byLabel[l] = append(byLabel[l], i)
	}
	sort.Strings(names)
	rng := rand.New(rand.NewPCG(seed, 0x5911))
	for _, l := range names {
		idx := byLabel[l]
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		n := int(testFrac*float64(len(idx)) + 0.5)
		test = append(test, idx[:n]...)
		train = append(train, idx[n:]...)
	}
	sort.Ints(train)
	sort.Ints(test)
	return train, test
}
