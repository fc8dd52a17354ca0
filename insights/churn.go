package insights

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/shopmind/shopmind"
)

// ModelName is the name of the churn and propensity model in the store.
const ModelName = "insights/churn"

// FeatureNames names the churn and propensity features, in column order.
// Counts and durations enter as log(1+v).
var FeatureNames = []string{
	"recency_days", "orders", "spend", "tenure_days", "orders_90d",
	"views_30d", "carts_30d", "recency_over_gap",
}

// ChurnOptions sets the windows of the churn and propensity labels.
type ChurnOptions struct {
	ChurnDays      int     // churned = no counted order in this many days; default 90
	PropensityDays int     // propensity = a counted order within this many days; default 30
	Lambda         float64 // L2 penalty; default 1
}

func (o *ChurnOptions) defaults() {
	if o.ChurnDays <= 0 {
		o.ChurnDays = 90
	}
	if o.PropensityDays <= 0 {
		o.PropensityDays = 30
	}
	if o.Lambda <= 0 {
		o.Lambda = 1
	}
}

// ChurnModel scores customers' churn risk and next-purchase propensity.
type ChurnModel struct {
	Features       []string  `json:"features"`
	ChurnDays      int       `json:"churn_days"`
	PropensityDays int       `json:"propensity_days"`
	Churn          *Logistic `json:"churn"`
	Propensity     *Logistic `json:"propensity"`
	DataEnd        time.Time `json:"data_end"` // end of the history it was trained on
}

// Marshal writes the model as JSON.
func (m *ChurnModel) Marshal(w io.Writer) error {
	if err := json.NewEncoder(w).Encode(m); err != nil {
		return fmt.Errorf("write churn model: %w", err)
	}
	return nil
}

// UnmarshalChurnModel reads a model written by Marshal; EINVALID for
// anything else.
func UnmarshalChurnModel(r io.Reader) (*ChurnModel, error) {
	var m ChurnModel
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, shopmind.Errorf(shopmind.EINVALID, "read churn model: %v", err)
	}
	d := len(FeatureNames)
	for _, l := range []*Logistic{m.Churn, m.Propensity} {
		if l == nil || len(l.Weights) != d || len(l.Mean) != d || len(l.SD) != d {
			return nil, shopmind.Errorf(shopmind.EINVALID, "read churn model: want %d features", d)
		}
	}
	return &m, nil
}

// Features computes the feature rows of every customer with a counted order
// before t: their user indices and len(users)*len(FeatureNames) values.
func Features(h *History, t time.Time) (users []int32, x []float64) {
	type acc struct {
		first, last time.Time
		orders, o90 int
		spend       float64
		views, cart int
	}
	pos := make(map[int32]int)
	var as []acc
	t90 := t.AddDate(0, 0, -90)
	for _, o := range h.Orders {
		if !o.Time.Before(t) {
			break
		}
		k, ok := pos[o.User]
		if !ok {
			k = len(as)
			pos[o.User] = k
			as = append(as, acc{first: o.Time})
			users = append(users, o.User)
		}
		a := &as[k]
		a.last = o.Time
		a.orders++
		a.spend += o.Total
		if !o.Time.Before(t90) {
			a.o90++
		}
	}
	t30 := t.AddDate(0, 0, -30)
	for _, e := range h.Activity {
		if e.Time.Before(t30) {
			continue
		}
		if !e.Time.Before(t) {
			break
		}
		if k, ok := pos[e.User]; ok {
			if e.Type == shopmind.EventCart {
				as[k].cart++
			} else {
				as[k].views++
			}
		}
	}
	d := len(FeatureNames)
	x = make([]float64, len(as)*d)
	for k, a := range as {
		rec := t.Sub(a.last).Hours() / 24
		tenure := t.Sub(a.first).Hours() / 24
		gap := tenure/float64(a.orders) + 1
		row := x[k*d : (k+1)*d]
		row[0] = math.Log1p(rec)
		row[1] = math.Log1p(float64(a.orders))
		row[2] = math.Log1p(a.spend)
		row[3] = math.Log1p(tenure)
		row[4] = math.Log1p(float64(a.o90))
		row[5] = math.Log1p(float64(a.views))
		row[6] = math.Log1p(float64(a.cart))
		row[7] = math.Log1p(rec / gap)
	}
	return users, x
}

// buyers returns the users with a counted order in [from, to).
func buyers(h *History, from, to time.Time) map[int32]bool {
	out := map[int32]bool{}
	for _, o := range h.Orders {
		if !o.Time.Before(from) && o.Time.Before(to) {
			out[o.User] = true
		}
	}
	return out
}

// labelled returns features at t and labels: 1 when the user bought in
// [t, t+days) (want true) or did not (want false).
func labelled(h *History, t time.Time, days int, bought bool) ([]int32, []float64, []float64) {
	users, x := Features(h, t)
	b := buyers(h, t, t.AddDate(0, 0, days))
	y := make([]float64, len(users))
	for i, u := range users {
		if b[u] == bought {
			y[i] = 1
		}
	}
	return users, x, y
}

// TrainChurn fits the churn and propensity models on h with a time-based
// split. For a window of W days (ChurnDays or PropensityDays) and data end
// E, a model is fitted on features at E-2W with labels from [E-2W, E-W) and
// evaluated by AUC on features at E-W with labels from [E-W, E); the model
// returned is refitted on that last cut, the most recent one with known
// labels. Metrics hold churn_auc, propensity_auc, the AUC of ranking by
// recency alone (churn_auc_recency, propensity_auc_recency) for
// comparison, the positive rates and the customer counts. It returns
// EINVALID when the history is too short or one-sided.
func TrainChurn(ctx context.Context, h *History, opt ChurnOptions) (*ChurnModel, map[string]float64, error) {
	opt.defaults()
	m := &ChurnModel{Features: FeatureNames, ChurnDays: opt.ChurnDays, PropensityDays: opt.PropensityDays, DataEnd: h.End}
	metrics := map[string]float64{}
	for _, task := range []struct {
		name   string
		days   int
		bought bool
		dst    **Logistic
	}{
		{"churn", opt.ChurnDays, false, &m.Churn},
		{"propensity", opt.PropensityDays, true, &m.Propensity},
	} {
		t1 := h.End.AddDate(0, 0, -task.days)
		t0 := t1.AddDate(0, 0, -task.days)
		_, x0, y0 := labelled(h, t0, task.days, task.bought)
		_, x1, y1 := labelled(h, t1, task.days, task.bought)
		if len(y0) < 20 || len(y1) < 20 {
			return nil, nil, shopmind.Errorf(shopmind.EINVALID,
				"not enough history for the %s model: %d and %d customers at the cutoffs %s and %s (need 20 each; the data must span %d days)",
				task.name, len(y0), len(y1), t0.Format(time.DateOnly), t1.Format(time.DateOnly), 2*task.days)
		}
		d := len(FeatureNames)
		train, err := FitLogistic(ctx, x0, d, y0, opt.Lambda)
		if err != nil {
			return nil, nil, fitError(ctx, task.name, err)
		}
		pred := make([]float64, len(y1))
		rec := make([]float64, len(y1))
		var rate float64
		for i := range y1 {
			pred[i] = train.Predict(x1[i*d : (i+1)*d])
			rec[i] = x1[i*d] // log recency: higher means more likely to churn
			if task.bought {
				rec[i] = -rec[i]
			}
			rate += y1[i]
		}
		metrics[task.name+"_auc"] = AUC(pred, y1)
		metrics[task.name+"_auc_recency"] = AUC(rec, y1)
		metrics[task.name+"_rate"] = rate / float64(len(y1))
		metrics[task.name+"_train_customers"] = float64(len(y0))
		metrics[task.name+"_test_customers"] = float64(len(y1))
		final, err := FitLogistic(ctx, x1, d, y1, opt.Lambda)
		if err != nil {
			return nil, nil, fitError(ctx, task.name, err)
		}
		*task.dst = final
	}
	return m, metrics, nil
}

// Score fills ChurnRisk and Propensity of customers (from ComputeRFM at
// asOf) with the model's probabilities.
func (m *ChurnModel) Score(h *History, asOf time.Time, cs []*shopmind.CustomerInsight, idx []int) {
	users, x := Features(h, asOf)
	d := len(FeatureNames)
	for i, u := range users {
		k := idx[u]
		if k < 0 {
			continue
		}
		row := x[i*d : (i+1)*d]
		cs[k].ChurnRisk = math.Round(m.Churn.Predict(row)*1e4) / 1e4
		cs[k].Propensity = math.Round(m.Propensity.Predict(row)*1e4) / 1e4
	}
}

// fitError reports a failed fit of the named model: cancelling is passed on
// as the context's error (not bad data), anything else is EINVALID.
func fitError(ctx context.Context, name string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s model: %w", name, ctx.Err())
	}
	return shopmind.Errorf(shopmind.EINVALID, "%s model: %v", name, err)
}
