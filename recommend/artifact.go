package recommend

import (
	"bytes"
	"context"
	"time"
)

// alsoBoughtK is how many co-purchased items are kept per item.
const alsoBoughtK = 50

// DefaultTrendWindow is the "this week" of "popular this week" when none
// is given.
const DefaultTrendWindow = 7 * 24 * time.Hour

// Artifact is what a recommendation service stores as a model's Data: the
// bundle plus the serving-side statistics that need the training data.
// DecodeArtifact reads one back; NewServing serves it.
type Artifact struct {
	Bundle      []byte
	Pop         []float32     // distinct users with a positive interaction, by item index
	Recent      []float32     // the same within TrendWindow before NewestEvent
	Also        neighbourList // co-purchase neighbours by item index (cosine)
	NewestEvent time.Time
	TrainedAt   time.Time
	Hist        TrainedHistory // every user's items, for request-time history
}

// BuildArtifact computes the serving statistics of a model fitted on d:
// popularity (all time and within trend), the co-purchases of purchases
// ((user, item) pairs) and the bundle; trainedAt is stored with them. The
// trained history (Hist) is left for the caller to set.
func BuildArtifact(ctx context.Context, m Model, d *Dataset, purchases [][2]string, trend time.Duration, trainedAt time.Time, progress Progress) (*Artifact, error) {
	var bb bytes.Buffer
	if err := NewBundle(m, d).Save(&bb); err != nil {
		return nil, err
	}
	pop, recent := popularity(d, trend)
	newest := d.MaxTime()
	also, err := coPurchases(ctx, d, purchases, progress)
	if err != nil {
		return nil, err
	}
	a := &Artifact{Bundle: bb.Bytes(), Pop: pop, Recent: recent, Also: *also, TrainedAt: trainedAt}
	if newest > 0 {
		a.NewestEvent = time.Unix(newest, 0).UTC()
	}
	return a, nil
}

// popularity counts each item's users with a positive interaction, all
// time and within trend before d's newest interaction.
func popularity(d *Dataset, trend time.Duration) (pop, recent []float32) {
	newest := d.MaxTime()
	since := newest - int64(trend/time.Second)
	pop = make([]float32, d.NumItems())
	recent = make([]float32, d.NumItems())
	for u := 0; u < d.NumUsers(); u++ {
		items, _ := d.UserItems(u)
		times := d.UserTimes(u)
		for n, i := range items {
			pop[i]++
			if newest > 0 && times[n] >= since {
				recent[i]++
			}
		}
	}
	return pop, recent
}

// coPurchases finds, for every item of d, the items most often bought by
// the same users (cosine with a small shrinkage).
func coPurchases(ctx context.Context, d *Dataset, purchases [][2]string, progress Progress) (*neighbourList, error) {
	byUser := map[string]map[int32]bool{}
	for _, p := range purchases {
		i, ok := d.ItemIndex(p[1])
		if !ok {
			continue
		}
		if byUser[p[0]] == nil {
			byUser[p[0]] = map[int32]bool{}
		}
		byUser[p[0]][int32(i)] = true
	}
	userItems := make([][]int32, 0, len(byUser))
	itemUsers := make([][]int32, d.NumItems())
	for _, set := range byUser {
		if len(set) < 2 {
			continue // a single purchase pairs with nothing
		}
		u := int32(len(userItems))
		row := make([]int32, 0, len(set))
		for i := range set {
			row = append(row, i)
			itemUsers[i] = append(itemUsers[i], u)
		}
		userItems = append(userItems, row)
	}
	return topNeighbours(ctx, d.NumItems(), alsoBoughtK, Cosine, 2,
		func(i int) []int32 { return itemUsers[i] }, func(u int) []int32 { return userItems[u] },
		"also bought", progress)
}
