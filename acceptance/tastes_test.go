package acceptance

import (
	"fmt"
	"net/url"
	"slices"
	"testing"

	"github.com/shopmind/shopmind"
)

// Shoppers' hidden tastes show up in their recommendations' categories.
//
// The demo gives every shopper hidden department preferences (a sparse
// Dirichlet draw: most care about one or two departments) that drive what
// they browse and buy. For a sample of shoppers with a strong preference
// (at least 60% of their sessions go to one department) and some history,
// the share of their recommended items that are in that department must be
// well above the department's share of the catalog (a recommender that
// learned nothing scores about the catalog share, 1 in 8), and below
// "every item, for every shopper" (these shoppers spend up to 40% of their
// sessions elsewhere, so a perfect score would mean the recommender sees
// something it should not).
func TestHiddenTastesShowInRecommendations(t *testing.T) {
	const (
		sample    = 80  // shoppers asked about
		minPref   = 0.6 // strength of the preference that selects them
		minEvents = 8   // history that selects them
		n         = 10  // recommendations per shopper
		// The band of the mean share of recommended items in the
		// preferred department (the catalog share is about 0.125).
		lo, hi = 0.40, 0.97
	)
	truth := shop.truth
	deps := truth.Departments()
	dept := map[string]string{} // item id -> department
	catalog := map[string]int{} // active items per department
	active := 0
	for _, it := range truth.Shop.Items {
		dept[it.ID] = it.Category[0]
		if it.Active {
			catalog[it.Category[0]]++
			active++
		}
	}
	events := map[string]int{}
	for _, e := range truth.Shop.Events {
		events[e.UserID]++
	}

	var users, items, inPref int
	var catalogShare float64
	perDept := map[string][2]int{} // department -> recommended items in it, items
	for _, u := range truth.Shop.Users {
		if users == sample {
			break
		}
		p := truth.DepartmentPreferences(u.ID)
		best := slices.Index(p, slices.Max(p))
		if p[best] < minPref || events[u.ID] < minEvents {
			continue
		}
		var list shopmind.RecommendationList
		mustGet(t, fmt.Sprintf("/v1/users/%s/recommendations?n=%d", url.PathEscape(u.ID), n), &list)
		if len(list.Items) == 0 {
			t.Fatalf("no recommendations for %s (model %s)", u.ID, list.Model)
		}
		users++
		catalogShare += float64(catalog[deps[best]]) / float64(active)
		c := perDept[deps[best]]
		for _, r := range list.Items {
			items++
			c[1]++
			if dept[r.ItemID] == deps[best] {
				inPref++
				c[0]++
			}
		}
		perDept[deps[best]] = c
	}
	if users < sample/2 {
		t.Fatalf("only %d shoppers with a preference of at least %.0f%% and %d events", users, 100*minPref, minEvents)
	}
	share := float64(inPref) / float64(items)
	catalogShare /= float64(users)
	for _, d := range deps {
		if c := perDept[d]; c[1] > 0 {
			t.Logf("%-15s %3d of %3d recommended items in the preferred department", d, c[0], c[1])
		}
	}
	t.Logf("%d shoppers: %.3f of %d recommended items are in their preferred department (catalog share %.3f, lift %.1f); band [%.2f, %.2f]",
		users, share, items, catalogShare, share/catalogShare, lo, hi)
	if share < lo || share > hi {
		t.Errorf("share of recommendations in the shoppers' preferred department = %.3f, want in [%.2f, %.2f] (catalog share %.3f)",
			share, lo, hi, catalogShare)
	}
}
