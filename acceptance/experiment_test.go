package acceptance

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
)

// jaccard is |a ∩ b| / |a ∪ b| of two lists of ids.
func jaccard(a, b []string) float64 {
	in := map[string]bool{}
	for _, x := range a {
		in[x] = true
	}
	both, union := 0, len(in)
	for _, x := range slices.Compact(slices.Sorted(slices.Values(b))) {
		if in[x] {
			both++
		} else {
			union++
		}
	}
	if union == 0 {
		return 1
	}
	return float64(both) / float64(union)
}

// meanJaccard is the mean jaccard of every pair of as with bs (every pair
// within as when bs is nil).
func meanJaccard(as, bs [][]string) float64 {
	var sum float64
	n := 0
	for i := range as {
		if bs == nil {
			for j := i + 1; j < len(as); j++ {
				sum += jaccard(as[i], as[j])
				n++
			}
			continue
		}
		for j := range bs {
			sum += jaccard(as[i], bs[j])
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

func itemIDs(l *shopmind.RecommendationList) []string {
	ids := make([]string, len(l.Items))
	for i, r := range l.Items {
		ids[i] = r.ItemID
	}
	return ids
}

// An experiment's arms get their own models.
//
// The owner creates "popularity vs EASE" on the home page's surface, as
// docs/experiments.md shows (POST /v1/experiments, then start, which
// waits for the variants' models), and shoppers ask for their
// recommendations (GET /v1/users/{id}/recommendations). Each arm must be served by its own model: the list says
// so (model "recommend/popularity" or "recommend/ease"), the popularity
// arm's lists are nearly the same for everyone (best sellers, mean pairwise
// overlap at least 0.5) while the EASE arm's are personal (at most 0.3),
// and the two arms' lists differ (mean overlap at most 0.3). Every list
// served is logged as an exposure of the user's arm with the items shown,
// and a click on a list is attributed to its arm. A variant naming a model
// that cannot be served is refused when the experiment is created: 400
// naming the variant.
func TestExperimentArmsGetTheirOwnModels(t *testing.T) {
	const (
		users     = 40
		minEvents = 8
		popLo     = 0.5 // mean overlap of two popularity lists, at least
		easeHi    = 0.3 // mean overlap of two EASE lists, at most
		crossHi   = 0.3 // mean overlap of an EASE and a popularity list, at most
		// armWait is how long the variants' models may take to train
		// before the experiment can start.
		armWait = 3 * time.Minute
	)
	variant := func(name, model string) shopmind.Variant {
		return shopmind.Variant{Name: name, Share: 0.5, Config: map[string]string{"model": model}}
	}
	cleanup := func(id string) {
		call(t, "POST", "/v1/experiments/"+id+"/stop", nil, nil)
		call(t, "DELETE", "/v1/experiments/"+id, nil, nil)
	}

	t.Run("ErrUnservableModel", func(t *testing.T) {
		x := shopmind.Experiment{ID: "accept-unservable", Name: "popularity vs a model that does not exist", Surface: "user",
			Variants: []shopmind.Variant{variant("popularity", "popularity"), variant("nonsense", "no-such-model")}, Horizon: 100}
		st, e := call(t, "POST", "/v1/experiments", x, nil)
		if st/100 == 2 {
			cleanup(x.ID)
		}
		if st != http.StatusBadRequest || !strings.HasPrefix(e.Field, "variants[1]") {
			t.Errorf("POST /v1/experiments with a variant of model %q: %d %s %q (field %q), want 400 naming variants[1]",
				"no-such-model", st, e.Code, e.Message, e.Field)
		}
	})

	x := shopmind.Experiment{ID: "accept-popularity-vs-ease", Name: "Best sellers vs EASE on the home page", Surface: "home",
		Variants: []shopmind.Variant{variant("popularity", "popularity"), variant("ease", "ease")}, Horizon: 100}
	if st, e := call(t, "POST", "/v1/experiments", x, nil); st != http.StatusCreated && st != http.StatusOK {
		t.Fatalf("POST /v1/experiments: %d %s %q (field %q)", st, e.Code, e.Message, e.Field)
	}
	t.Cleanup(func() { cleanup(x.ID) })
	// The experiment starts once every variant's model is trained (409
	// naming the variant until then; docs/experiments.md).
	var st int
	var e apiError
	waitFor(armWait, func() bool {
		st, e = call(t, "POST", "/v1/experiments/"+x.ID+"/start", nil, nil)
		return st != http.StatusConflict || !strings.HasPrefix(e.Field, "variants[")
	})
	if st != http.StatusOK {
		t.Fatalf("start: %d %s %q (field %q)", st, e.Code, e.Message, e.Field)
	}

	events := map[string]int{}
	for _, e := range shop.truth.Shop.Events {
		events[e.UserID]++
	}
	served := map[string]int{} // lists served per arm
	type servedList struct {
		user, variant string
		list          shopmind.RecommendationList
	}
	var all []servedList
	lists := map[string][][]string{}
	wrong := map[string]int{} // what was wrong -> lists
	for _, u := range shop.truth.Shop.Users {
		if len(all) == users {
			break
		}
		if events[u.ID] < minEvents {
			continue
		}
		var a struct {
			Assigned   bool                 `json:"assigned"`
			Assignment *shopmind.Assignment `json:"assignment"`
		}
		mustGet(t, "/v1/assignment?surface=home&user_id="+url.QueryEscape(u.ID), &a)
		if !a.Assigned || a.Assignment == nil || a.Assignment.ExperimentID != x.ID {
			t.Fatalf("%s is not assigned in %s: %+v", u.ID, x.ID, a)
		}
		s := servedList{user: u.ID, variant: a.Assignment.Variant}
		path := "/v1/users/" + url.PathEscape(u.ID) + "/recommendations?n=10"
		want := "recommend/" + a.Assignment.Config["model"]
		mustGet(t, path, &s.list)
		served[s.variant]++
		if s.list.Model != want {
			wrong[s.variant+" is served by "+s.list.Model+", want "+want]++
		}
		all = append(all, s)
		lists[s.variant] = append(lists[s.variant], itemIDs(&s.list))
	}
	for _, w := range slices.Sorted(maps.Keys(wrong)) {
		t.Errorf("arm %s: %d lists", w, wrong[w])
	}
	pop, ease := lists["popularity"], lists["ease"]
	if len(pop) < 5 || len(ease) < 5 {
		t.Fatalf("%d users in the popularity arm and %d in the EASE arm", len(pop), len(ease))
	}
	popSame, easeSame, cross := meanJaccard(pop, nil), meanJaccard(ease, nil), meanJaccard(ease, pop)
	t.Logf("%d users: mean overlap of two popularity lists %.2f, of two EASE lists %.2f, of an EASE and a popularity list %.2f",
		len(all), popSame, easeSame, cross)
	if popSame < popLo {
		t.Errorf("popularity arm: mean overlap of two users' lists %.2f, want at least %.2f (best sellers are the same for everyone)", popSame, popLo)
	}
	if easeSame > easeHi {
		t.Errorf("EASE arm: mean overlap of two users' lists %.2f, want at most %.2f (personal lists)", easeSame, easeHi)
	}
	if cross > crossHi {
		t.Errorf("mean overlap of an EASE list with a popularity list %.2f, want at most %.2f: the arms get the same lists", cross, crossHi)
	}

	// Every list was logged as an exposure of its arm, with what it showed.
	var exp struct {
		Exposures []shopmind.Exposure `json:"exposures"`
	}
	mustGet(t, "/v1/experiments/"+x.ID+"/exposures?limit=1000", &exp)
	byID := map[string]shopmind.Exposure{}
	for _, e := range exp.Exposures {
		byID[e.RecommendationID] = e
	}
	for _, s := range all {
		e, ok := byID[s.list.ID]
		switch {
		case !ok:
			t.Errorf("list %s served to %s is not logged as an exposure", s.list.ID, s.user)
		case e.UserID != s.user || e.Variant != s.variant || !slices.Equal(e.ItemIDs, itemIDs(&s.list)):
			t.Errorf("exposure %s = %s/%s %v, want %s/%s %v", s.list.ID, e.UserID, e.Variant, e.ItemIDs, s.user, s.variant, itemIDs(&s.list))
		}
	}

	// A click on the first item of one list per arm counts for that arm.
	time.Sleep(1100 * time.Millisecond) // clicks come after the lists, in whole seconds too
	clicked := map[string]bool{}
	var clicks []*shopmind.Event
	for _, s := range all {
		if clicked[s.variant] || len(s.list.Items) == 0 {
			continue
		}
		clicked[s.variant] = true
		clicks = append(clicks, &shopmind.Event{ID: "accept-click-" + s.variant, UserID: s.user, ItemID: s.list.Items[0].ItemID,
			Type: shopmind.EventClick, Time: time.Now().UTC(), RecommendationID: s.list.ID})
	}
	if st, e := call(t, "POST", "/v1/events", map[string]any{"events": clicks}, nil); st != http.StatusOK {
		t.Fatalf("POST /v1/events (clicks): %d %s %q (field %q)", st, e.Code, e.Message, e.Field)
	}
	t.Cleanup(func() {
		for _, c := range clicks {
			call(t, "DELETE", "/v1/events/"+c.ID, nil, nil)
		}
	})
	var res shopmind.ExperimentResults
	mustGet(t, "/v1/experiments/"+x.ID+"/results", &res)
	for _, v := range res.Variants {
		users := map[string]bool{}
		for _, s := range all {
			if s.variant == v.Variant {
				users[s.user] = true
			}
		}
		want := fmt.Sprintf("%d users, %d exposures, 1 click", len(users), served[v.Variant])
		got := fmt.Sprintf("%d users, %d exposures, %d click", v.Users, v.Exposures, v.Clicks)
		if v.Clicks != 1 {
			got += "s"
		}
		if got != want {
			t.Errorf("results of arm %q: %s, want %s", v.Variant, got, want)
		}
	}
}
