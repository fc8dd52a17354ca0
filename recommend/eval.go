package recommend

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"
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

// Evaluate ranks all items for every test user with m (trained on d),
// excluding the user's training items, and averages the metrics at k. It
// uses GOMAXPROCS goroutines.
func Evaluate(ctx context.Context, m Model, d *Dataset, test Holdout, k int) (Metrics, error) {
	users := make([]int, 0, len(test))
	for u := range test {
		users = append(users, u)
	}
	type acc struct {
		ndcg, rec, prec, hit float64
		items                map[int]bool
	}
	workers := runtime.GOMAXPROCS(0)
	accs := make([]acc, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			a := acc{items: map[int]bool{}}
			scores := make([]float32, d.NumItems())
			for n := w; n < len(users); n += workers {
				if n%64 == w && ctx.Err() != nil {
					break
				}
				u := users[n]
				hist := d.History(u)
				m.Score(u, hist, scores)
				excl := hist
				for _, i := range d.Disliked(u) {
					excl = append(excl, int(i))
				}
				top := TopN(scores, k, excl, nil)
				ranked := make([]int, len(top))
				for r, s := range top {
					ranked[r] = s.Item
					a.items[s.Item] = true
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
		}(w)
	}
	wg.Wait()
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
