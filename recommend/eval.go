package recommend

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/shopmind/shopmind"
)

// Metrics are ranking metrics at a cutoff K, averaged over test users.
type Metrics struct {
	K         int           `json:"k"`
	NDCG      float64       `json:"ndcg"`
	Recall    float64       `json:"recall"` // hits / min(K, |test|)
	Precision float64       `json:"precision"`
	HitRate   float64       `json:"hit_rate"`
	Coverage  float64       `json:"coverage"` // distinct recommended items / catalog size
	Users     int           `json:"users"`    // users evaluated
	TrainTime time.Duration `json:"train_time_ns"`
}

func (m Metrics) String() string {
	return fmt.Sprintf("ndcg@%d=%.4f recall=%.4f precision=%.4f hr=%.4f coverage=%.4f users=%d train=%s",
		m.K, m.NDCG, m.Recall, m.Precision, m.HitRate, m.Coverage, m.Users, m.TrainTime.Round(time.Millisecond))
}

// UserMetrics computes one user's NDCG, recall, precision and hit at k for a
// ranked list and the set of relevant items.
func UserMetrics(ranked []int, relevant map[int]bool, k int) (ndcg, recall, precision, hit float64) {
	if len(relevant) == 0 || k <= 0 {
		return 0, 0, 0, 0
	}
	var dcg, idcg float64
	hits := 0
	for r := 0; r < len(ranked) && r < k; r++ {
		if relevant[ranked[r]] {
			hits++
			dcg += 1 / math.Log2(float64(r+2))
		}
	}
	m := min(k, len(relevant))
	for r := 0; r < m; r++ {
		idcg += 1 / math.Log2(float64(r+2))
	}
	if hits > 0 {
		hit = 1
	}
	return dcg / idcg, float64(hits) / float64(m), float64(hits) / float64(k), hit
}

// Holdout is a test set in a training Dataset's indices: user -> items.
type Holdout map[int][]int

// Holdout maps test interactions onto d. Users or items unknown to d, pairs
// already in d (seen in training) and non-positive values are dropped.
func (d *Dataset) Holdout(test []Interaction) Holdout {
	h := Holdout{}
	seen := map[[2]int]bool{}
	for _, x := range test {
		u, ok1 := d.UserIndex(x.User)
		i, ok2 := d.ItemIndex(x.Item)
		if !ok1 || !ok2 || x.Value <= 0 || seen[[2]int{u, i}] {
			continue
		}
		items, _ := d.UserItems(u)
		if p := searchItem(items, int32(i)); p < len(items) && items[p] == int32(i) {
			continue
		}
		seen[[2]int{u, i}] = true
		h[u] = append(h[u], i)
	}
	return h
}

// EvalOptions configure Evaluate.
type EvalOptions struct {
	K int // metric cutoff
	// Exclude is the serving exclusion the ranked lists apply (the served
	// model's, to describe what is served).
	Exclude Exclusion
	// TrendWindow is the "this week" of the popularity that cold-start
	// users get, as in serve.ServiceConfig.
	TrendWindow time.Duration
}

// DefaultEvalOptions returns K 10, DefaultExclusion and
// DefaultTrendWindow: what a serve.Service with its default configuration serves.
func DefaultEvalOptions() EvalOptions {
	return EvalOptions{K: 10, Exclude: DefaultExclusion(), TrendWindow: DefaultTrendWindow}
}

// Evaluate ranks, for every test user, the top opt.K list the serving
// service would serve them right after training m on d: through the same code
// (Serving.ForUser), so with the same history (d's pairs, scored as a
// history, not by the user's training index), the same candidates (active
// catalog items when d has a catalog), the same exclusions (opt.Exclude;
// disliked items always) and the same popular fallback for users without
// positive history. It averages the metrics over the test users and uses
// GOMAXPROCS goroutines.
func Evaluate(ctx context.Context, m Model, d *Dataset, test Holdout, opt EvalOptions) (Metrics, error) {
	k := opt.K
	sv := NewEvalServing(m, d, opt.TrendWindow)
	x := opt.Exclude.Compile()
	users := make([]int, 0, len(test))
	for u := range test {
		users = append(users, u)
	}
	type acc struct {
		ndcg, rec, prec, hit float64
		items                map[int]bool
	}
	workers := Workers(ctx)
	accs := make([]acc, workers)
	eachWorker(workers, func(w int) {
		a := acc{items: map[int]bool{}}
		for n := w; n < len(users); n += workers {
			if n%64 == w && ctx.Err() != nil {
				break
			}
			u := users[n]
			ranked := sv.evalRank(d.Users[u], x, k)
			for _, i := range ranked {
				a.items[i] = true
			}
			rel := make(map[int]bool, len(test[u]))
			for _, i := range test[u] {
				rel[i] = true
			}
			nd, rc, pr, hr := UserMetrics(ranked, rel, k)
			a.ndcg += nd
			a.rec += rc
			a.prec += pr
			a.hit += hr
		}
		accs[w] = a
	})
	if err := ctx.Err(); err != nil {
		return Metrics{}, err
	}
	var out Metrics
	out.K = k
	out.Users = len(users)
	all := map[int]bool{}
	for _, a := range accs {
		out.NDCG += a.ndcg
		out.Recall += a.rec
		out.Precision += a.prec
		out.HitRate += a.hit
		for i := range a.items {
			all[i] = true
		}
	}
	if n := float64(len(users)); n > 0 {
		out.NDCG /= n
		out.Recall /= n
		out.Precision /= n
		out.HitRate /= n
	}
	if d.NumItems() > 0 {
		out.Coverage = float64(len(all)) / float64(d.NumItems())
	}
	return out, nil
}

// evalRank returns the item indices of the top k list sv serves userID
// from their trained history.
func (sv *Serving) evalRank(userID string, x *Excluder, k int) []int {
	top, _ := sv.ForUser(NewUserHistory(sv.TrainedPairs(userID)), x, shopmind.RecommendOptions{N: k})
	ranked := make([]int, len(top))
	for r, s := range top {
		ranked[r] = s.Item
	}
	return ranked
}

// NewEvalServing returns the serving Evaluate ranks with: the one the
// serving service would load right after training m on d, with the bundle,
// popularity within trend, d's pairs as the trained history and d's
// catalog (no co-purchases: user lists do not use them).
func NewEvalServing(m Model, d *Dataset, trend time.Duration) *Serving {
	art := &Artifact{Also: neighbourList{Ptr: make([]int, d.NumItems()+1)}}
	art.Pop, art.Recent = popularity(d, trend)
	pairs := map[PairKey]*PairAgg{}
	for u := 0; u < d.NumUsers(); u++ {
		items, vals := d.UserItems(u)
		times, types := d.UserTimes(u), d.userTypesOf(u)
		for n, i := range items {
			a := &PairAgg{sum: vals[n], time: times[n], types: types[n]}
			for s := len(strengths) - 1; s > 0; s-- {
				if types[n]&typeBit(strengths[s]) != 0 {
					a.flags = uint8(s)
					break
				}
			}
			if types[n]&typeBit(shopmind.EventPurchase) != 0 {
				a.flags |= pairBought
			}
			pairs[PairKey{d.Users[u], d.Items[i]}] = a
		}
		for _, i := range d.Disliked(u) {
			pairs[PairKey{d.Users[u], d.Items[i]}] = &PairAgg{sum: -1}
		}
	}
	// d holds every event there is: no later arrival to merge.
	art.Hist = BuildTrainedHistory(d, pairs, math.MaxInt64)
	var items []*shopmind.Item
	for _, it := range d.Catalog {
		if it != nil {
			items = append(items, it)
		}
	}
	return NewServing(&shopmind.Model{}, NewBundle(m, d), art, items)
}

// SplitByUser splits each user's interactions at random: a fraction testFrac
// (rounded, at least 1) goes to test, the rest to train. Users with fewer than
// two interactions stay in train. The split depends only on seed and the
// order of inter.
func SplitByUser(inter []Interaction, testFrac float64, seed uint64) (train, test []Interaction) {
	rng := rand.New(rand.NewPCG(seed, 0x2545f491))
	byUser := map[string][]int{}
	var order []string
	for n, x := range inter {
		if _, ok := byUser[x.User]; !ok {
			order = append(order, x.User)
		}
		byUser[x.User] = append(byUser[x.User], n)
	}
	for _, u := range order {
		idx := byUser[u]
		if len(idx) < 2 {
			for _, n := range idx {
				train = append(train, inter[n])
			}
			continue
		}
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		nt := int(math.Round(testFrac * float64(len(idx))))
		nt = max(1, min(nt, len(idx)-1))
		for k, n := range idx {
			if k < nt {
				test = append(test, inter[n])
			} else {
				train = append(train, inter[n])
			}
		}
	}
	return train, test
}
