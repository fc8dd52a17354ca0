package recommend

import (
	"context"
	"fmt"
	"sort"
)

// NewUserItems is the number of distinct items in a user's training history
// below which the holdout evaluation counts them as a "new" user; the others
// are "active".
const NewUserItems = 5

// GroupMetrics are one group's holdout metrics.
type GroupMetrics struct {
	Group string
	Metrics
}

// EvaluateGroups is Evaluate broken down by user group: groups returns the
// groups a test user (by index into d) belongs to, any number of them. The
// lists are ranked as Evaluate ranks them; every group's metrics average over
// its own users (Coverage over the items its lists show). Groups come back
// sorted by name.
func EvaluateGroups(ctx context.Context, m Model, d *Dataset, test Holdout, opt EvalOptions, groups func(u int) []string) ([]GroupMetrics, error) {
	k := opt.K
	sv := NewEvalServing(m, d, opt.TrendWindow)
	x := opt.Exclude.Compile()
	users := make([]int, 0, len(test))
	for u := range test {
		users = append(users, u)
	}
	type acc struct {
		Metrics
		items map[int]bool
	}
	workers := Workers(ctx)
	accs := make([]map[string]*acc, workers)
	eachWorker(workers, func(w int) {
		mine := map[string]*acc{}
		for n := w; n < len(users); n += workers {
			if n%64 == w && ctx.Err() != nil {
				break
			}
			u := users[n]
			gs := groups(u)
			if len(gs) == 0 {
				continue
			}
			ranked := sv.evalRank(d.Users[u], x, k)
			rel := make(map[int]bool, len(test[u]))
			for _, i := range test[u] {
				rel[i] = true
			}
			nd, rc, pr, hr := UserMetrics(ranked, rel, k)
			for _, g := range gs {
				a := mine[g]
				if a == nil {
					a = &acc{items: map[int]bool{}}
					mine[g] = a
				}
				a.NDCG += nd
				a.Recall += rc
				a.Precision += pr
				a.HitRate += hr
				a.Users++
				for _, i := range ranked {
					a.items[i] = true
				}
			}
		}
		accs[w] = mine
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	total := map[string]*acc{}
	for _, mine := range accs {
		for g, a := range mine {
			t := total[g]
			if t == nil {
				t = &acc{items: map[int]bool{}}
				total[g] = t
			}
			t.NDCG += a.NDCG
			t.Recall += a.Recall
			t.Precision += a.Precision
			t.HitRate += a.HitRate
			t.Users += a.Users
			for i := range a.items {
				t.items[i] = true
			}
		}
	}
	out := make([]GroupMetrics, 0, len(total))
	for g, t := range total {
		met := t.Metrics
		met.K = k
		n := float64(met.Users)
		met.NDCG, met.Recall, met.Precision, met.HitRate = met.NDCG/n, met.Recall/n, met.Precision/n, met.HitRate/n
		if d.NumItems() > 0 {
			met.Coverage = float64(len(t.items)) / float64(d.NumItems())
		}
		out = append(out, GroupMetrics{Group: g, Metrics: met})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Group < out[b].Group })
	return out, nil
}

// ActivityGroups returns the groups of EvaluateGroups for d: "new" or
// "active" by the user's training history (NewUserItems), and
// "segment:<name>" when segments (user id -> segment) names the user.
func ActivityGroups(d *Dataset, segments map[string]string) func(u int) []string {
	return func(u int) []string {
		items, _ := d.UserItems(u)
		g := []string{"active"}
		if len(items) < NewUserItems {
			g[0] = "new"
		}
		if s, ok := segments[d.Users[u]]; ok && s != "" {
			g = append(g, "segment:"+s)
		}
		return g
	}
}

// GroupMetricKey is the key of one group's metric in a stored model's
// Metrics, e.g. "group/new/ndcg@10"; "group/new/users" counts its users.
func GroupMetricKey(group, metric string) string {
	return fmt.Sprintf("group/%s/%s", group, metric)
}
