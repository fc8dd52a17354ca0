package nlp

import (
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestCategoryOnlineShoppingFull: the Chinese 10-way product category of
// online_shopping_10_cats, as `shopmind eval text --label cat --models
// logreg` measures it (seed-42 stratified 80/20, gse words): the default
// LogReg (character 1-2-grams, logistic regression and SVMs averaged,
// issue 15) scores 0.9054 since it trains on the whole training part (it
// holds out its own calibration tenth, so Train no longer holds out 10%
// more); 0.904 before that, logistic regression alone 0.900, without
// character n-grams 0.887. Two-sided band. SHOPMIND_FULL=1 only: about
// 35 s of CPU on an idle machine.
func TestCategoryOnlineShoppingFull(t *testing.T) {
	if os.Getenv("SHOPMIND_FULL") != "1" {
		t.Skip("full-data check; set SHOPMIND_FULL=1")
	}
	dir := dataDir(t, "online-shopping-10-cats")
	f, err := os.Open(filepath.Join(dir, "online_shopping_10_cats.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	texts, labels, _, err := ReadTable(gz, TableFormat{Comma: ','}, "review", "cat")
	if err != nil {
		t.Fatal(err)
	}
	tok := &Tokenizer{Segmenter: mustChinese(t)}
	tr, te := SplitExamples(labels, 0.2, 42)
	docs := make([][]string, len(texts))
	for i, x := range texts {
		docs[i] = tok.Words(x)
	}
	pick := func(idx []int) ([][]string, []string) {
		d, l := make([][]string, len(idx)), make([]string, len(idx))
		for k, i := range idx {
			d[k], l[k] = docs[i], labels[i]
		}
		return d, l
	}
	trainD, trainY := pick(tr)
	testD, testY := pick(te)
	c, err := Train(context.Background(), NewLogReg(DefaultLogRegParams()), trainD, trainY, TrainOptions{CalibrationFraction: 0.1, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	s := Evaluate(c, testD, testY)
	t.Logf("category: accuracy %.4f, macro-F1 %.4f, ECE %.4f on %d reviews", s.Accuracy, s.MacroF1, s.ECE, s.N)
	if s.Accuracy < 0.9 || s.Accuracy > 0.93 || s.ECE > 0.03 {
		t.Errorf("accuracy %.4f (want 0.90-0.93), ECE %.4f (want <= 0.03)", s.Accuracy, s.ECE)
	}
}
