package recommend

import (
	"context"
	"math"
	"slices"
	"testing"
)

// TestEvaluateGroups splits the fixture's test users into new and active
// (every user in exactly one) and checks that the groups partition the
// users and that their user-weighted metrics add up to Evaluate's; a
// segment group given to every third user covers exactly those users.
func TestEvaluateGroups(t *testing.T) {
	m, d, h := fitFixture(t, "ease")
	opt := DefaultEvalOptions()
	all, err := Evaluate(context.Background(), m, d, h, opt)
	if err != nil {
		t.Fatal(err)
	}
	segments := map[string]string{}
	want := 0
	for u := range h {
		if u%3 == 0 {
			segments[d.Users[u]] = "champions"
			want++
		}
	}
	// The fixture's users all have 5+ items: split them at the median
	// history length instead of at NewUserItems.
	lens := make([]int, 0, len(h))
	for u := range h {
		items, _ := d.UserItems(u)
		lens = append(lens, len(items))
	}
	slices.Sort(lens)
	median := lens[len(lens)/2]
	groups := func(u int) []string {
		items, _ := d.UserItems(u)
		g := []string{"active"}
		if len(items) < median {
			g[0] = "new"
		}
		if s := segments[d.Users[u]]; s != "" {
			g = append(g, "segment:"+s)
		}
		return g
	}
	gm, err := EvaluateGroups(context.Background(), m, d, h, opt, groups)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]GroupMetrics{}
	for _, g := range gm {
		by[g.Group] = g
		t.Logf("%-18s %s", g.Group, g.Metrics)
	}
	if len(gm) != 3 || by["segment:champions"].Users != want {
		t.Fatalf("groups %v, want new, active and segment:champions with %d users", gm, want)
	}
	n, a := by["new"], by["active"]
	if n.Users+a.Users != all.Users || n.Users == 0 || a.Users == 0 {
		t.Fatalf("new %d + active %d users, want %d, both non-empty", n.Users, a.Users, all.Users)
	}
	mix := (n.NDCG*float64(n.Users) + a.NDCG*float64(a.Users)) / float64(all.Users)
	if math.Abs(mix-all.NDCG) > 1e-9 {
		t.Fatalf("user-weighted NDCG of the groups %.6f, Evaluate %.6f", mix, all.NDCG)
	}
	for _, g := range gm {
		if g.NDCG <= 0 || g.NDCG > 1 || g.HitRate < g.Precision || g.K != opt.K {
			t.Errorf("%s: implausible %s", g.Group, g.Metrics)
		}
	}
}

// TestActivityGroups checks the groups Train evaluates by: fewer than
// NewUserItems items in training is "new", and a known segment adds
// "segment:<name>".
func TestActivityGroups(t *testing.T) {
	var inter []Interaction
	for i := range NewUserItems - 1 {
		inter = append(inter, Interaction{User: "newbie", Item: string(rune('a' + i)), Value: 1, Time: int64(i)})
	}
	for i := range NewUserItems {
		inter = append(inter, Interaction{User: "regular", Item: string(rune('a' + i)), Value: 1, Time: int64(i)})
	}
	d := NewDataset(inter, nil)
	groups := ActivityGroups(d, map[string]string{"regular": "champions"})
	for _, tt := range []struct {
		user string
		want []string
	}{{"newbie", []string{"new"}}, {"regular", []string{"active", "segment:champions"}}} {
		u, ok := d.UserIndex(tt.user)
		if !ok {
			t.Fatalf("no user %s", tt.user)
		}
		if got := groups(u); !slices.Equal(got, tt.want) {
			t.Errorf("%s: groups %v, want %v", tt.user, got, tt.want)
		}
	}
}
