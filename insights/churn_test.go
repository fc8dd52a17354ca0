package insights

import (
	"bytes"
	"context"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestTrainChurnDemo(t *testing.T) {
	h := demoHistory(t)
	m, metrics, err := TrainChurn(context.Background(), h, ChurnOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("metrics %v", metrics)
	for _, k := range []string{"churn_auc", "propensity_auc"} {
		if metrics[k] < 0.65 || metrics[k] > 1 {
			t.Errorf("%s = %.3f, want in [0.65, 1]", k, metrics[k])
		}
	}
	var buf bytes.Buffer
	if err := m.Marshal(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalChurnModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	_, x := Features(h, h.End)
	d := len(FeatureNames)
	for i := 0; i < 10; i++ {
		if a, b := m.Churn.Predict(x[i*d:(i+1)*d]), back.Churn.Predict(x[i*d:(i+1)*d]); a != b {
			t.Fatalf("round trip changed a prediction: %g != %g", a, b)
		}
	}
}

func TestTrainChurnTooShort(t *testing.T) {
	h := demoHistory(t)
	short := NewHistory(h.Items, nil, nil, h.End)
	_, _, err := TrainChurn(context.Background(), short, ChurnOptions{})
	if shopmind.ErrorCode(err) != shopmind.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
}
