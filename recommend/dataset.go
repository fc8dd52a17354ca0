package recommend

import (
	"sort"

	"github.com/shopmind/shopmind"
)

// Interaction is one implicit-feedback observation: a user did something with
// an item, worth Value (a confidence weight; <= 0 is negative feedback), at
// Time (Unix seconds, 0 when unknown). Type is the event type behind it,
// which decides whether the item is still recommended to the user (see
// Exclusion); empty counts as a purchase.
type Interaction struct {
	User  string
	Item  string
	Value float32
	Time  int64
	Type  shopmind.EventType
}

// Weights converts event types to implicit-feedback weights. A user's weights
// for one item are summed; pairs whose sum is <= 0 become "disliked": they are
// never recommended and never used as positives.
type Weights struct {
	View     float32
	Click    float32
	Cart     float32
	Purchase float32
	Like     float32
	Dislike  float32 // usually negative
	Return   float32 // usually negative
	// Rating is the weight of a rating event with Value >= MinRating; a
	// rating below MinRating counts as Dislike.
	Rating    float32
	MinRating float64
}

// DefaultWeights returns weights with view < click < cart < purchase and
// negative dislike and return.
func DefaultWeights() Weights {
	return Weights{View: 1, Click: 1.5, Cart: 3, Purchase: 5, Like: 3, Dislike: -5, Return: -3, Rating: 3, MinRating: 3}
}

// Of returns the weight of one event.
func (w Weights) Of(e *shopmind.Event) float32 {
	switch e.Type {
	case shopmind.EventView:
		return w.View
	case shopmind.EventClick:
		return w.Click
	case shopmind.EventCart:
		return w.Cart
	case shopmind.EventPurchase:
		return w.Purchase
	case shopmind.EventLike:
		return w.Like
	case shopmind.EventDislike:
		return w.Dislike
	case shopmind.EventReturn:
		return w.Return
	case shopmind.EventRating:
		if e.Value >= w.MinRating {
			return w.Rating
		}
		return w.Dislike
	}
	return 0
}

// FromEvents converts events to interactions with the given weights, dropping
// events whose weight is 0.
func FromEvents(events []*shopmind.Event, w Weights) []Interaction {
	out := make([]Interaction, 0, len(events))
	for _, e := range events {
		v := w.Of(e)
		if v == 0 {
			continue
		}
		var t int64
		if !e.Time.IsZero() {
			t = e.Time.Unix()
		}
		out = append(out, Interaction{User: e.UserID, Item: e.ItemID, Value: v, Time: t, Type: e.Type})
	}
	return out
}

// Dataset is an implicit-feedback user-item matrix with string ids mapped to
// dense indices, stored both by user and by item (compressed sparse rows).
// Only pairs with a positive summed weight are in the matrix; the others are
// kept as each user's disliked items. A Dataset is read-only once built and is
// safe for concurrent use.
type Dataset struct {
	Users []string // user index -> id
	Items []string // item index -> id
	// Catalog holds item metadata by item index; entries may be nil and the
	// slice may be nil when no catalog is known. Content models and filters
	// use it.
	Catalog []*shopmind.Item

	userIdx map[string]int
	itemIdx map[string]int

	userPtr   []int
	userItems []int32
	userVals  []float32
	userTimes []int64
	userTypes []uint16 // typeBit set of the pair's interactions
	itemPtr   []int
	itemUsers []int32
	itemVals  []float32
	disliked  map[int][]int32
}

// NewDataset builds a Dataset from interactions. items, when not nil, lists
// catalog items: every one gets an index even without interactions (so it can
// be recommended by content or popularity), and its metadata is kept.
func NewDataset(inter []Interaction, items []*shopmind.Item) *Dataset {
	d := &Dataset{userIdx: map[string]int{}, itemIdx: map[string]int{}, disliked: map[int][]int32{}}
	for _, it := range items {
		if _, ok := d.itemIdx[it.ID]; !ok {
			d.itemIdx[it.ID] = len(d.Items)
			d.Items = append(d.Items, it.ID)
			d.Catalog = append(d.Catalog, it)
		}
	}
	type key struct{ u, i int32 }
	type agg struct {
		v     float32
		t     int64
		types uint16
	}
	sums := map[key]agg{}
	for _, x := range inter {
		u, ok := d.userIdx[x.User]
		if !ok {
			u = len(d.Users)
			d.userIdx[x.User] = u
			d.Users = append(d.Users, x.User)
		}
		i, ok := d.itemIdx[x.Item]
		if !ok {
			i = len(d.Items)
			d.itemIdx[x.Item] = i
			d.Items = append(d.Items, x.Item)
			if d.Catalog != nil {
				d.Catalog = append(d.Catalog, nil)
			}
		}
		k := key{int32(u), int32(i)}
		a := sums[k]
		a.v += x.Value
		if x.Time > a.t {
			a.t = x.Time
		}
		a.types |= interactionType(x.Type)
		sums[k] = a
	}
	keys := make([]key, 0, len(sums))
	for k, a := range sums {
		if a.v > 0 {
			keys = append(keys, k)
		} else {
			d.disliked[int(k.u)] = append(d.disliked[int(k.u)], k.i)
		}
	}
	sort.Slice(keys, func(a, b int) bool {
		if keys[a].u != keys[b].u {
			return keys[a].u < keys[b].u
		}
		return keys[a].i < keys[b].i
	})
	nu, ni := len(d.Users), len(d.Items)
	d.userPtr = make([]int, nu+1)
	d.userItems = make([]int32, len(keys))
	d.userVals = make([]float32, len(keys))
	d.userTimes = make([]int64, len(keys))
	d.userTypes = make([]uint16, len(keys))
	d.itemPtr = make([]int, ni+1)
	for n, k := range keys {
		d.userPtr[k.u+1]++
		d.itemPtr[k.i+1]++
		d.userItems[n] = k.i
		d.userVals[n] = sums[k].v
		d.userTimes[n] = sums[k].t
		d.userTypes[n] = sums[k].types
	}
	for u := 0; u < nu; u++ {
		d.userPtr[u+1] += d.userPtr[u]
	}
	for i := 0; i < ni; i++ {
		d.itemPtr[i+1] += d.itemPtr[i]
	}
	d.itemUsers = make([]int32, len(keys))
	d.itemVals = make([]float32, len(keys))
	next := append([]int(nil), d.itemPtr[:ni]...)
	for n, k := range keys { // keys are sorted by user, so item rows are sorted by user too
		p := next[k.i]
		next[k.i]++
		d.itemUsers[p] = k.u
		d.itemVals[p] = d.userVals[n]
	}
	for u := range d.disliked {
		s := d.disliked[u]
		sort.Slice(s, func(a, b int) bool { return s[a] < s[b] })
	}
	return d
}

// NumUsers returns the number of users.
func (d *Dataset) NumUsers() int { return len(d.Users) }

// NumItems returns the number of items.
func (d *Dataset) NumItems() int { return len(d.Items) }

// NNZ returns the number of positive user-item pairs.
func (d *Dataset) NNZ() int { return len(d.userItems) }

// UserIndex returns the index of a user id.
func (d *Dataset) UserIndex(id string) (int, bool) { i, ok := d.userIdx[id]; return i, ok }

// ItemIndex returns the index of an item id.
func (d *Dataset) ItemIndex(id string) (int, bool) { i, ok := d.itemIdx[id]; return i, ok }

// UserItems returns user u's positive items (ascending) and their weights.
// The slices must not be modified.
func (d *Dataset) UserItems(u int) ([]int32, []float32) {
	a, b := d.userPtr[u], d.userPtr[u+1]
	return d.userItems[a:b], d.userVals[a:b]
}

// interactionType is the type set bit of an interaction: a purchase when
// its type is empty or unknown.
func interactionType(t shopmind.EventType) uint16 {
	if b := typeBit(t); b != 0 {
		return b
	}
	return typeBit(shopmind.EventPurchase)
}

// userTypes returns the event types (typeBit set) of each of UserItems(u).
func (d *Dataset) userTypesOf(u int) []uint16 { return d.userTypes[d.userPtr[u]:d.userPtr[u+1]] }

// UserTimes returns the latest interaction time of each of UserItems(u).
func (d *Dataset) UserTimes(u int) []int64 { return d.userTimes[d.userPtr[u]:d.userPtr[u+1]] }

// ItemUsers returns item i's users (ascending) and their weights.
func (d *Dataset) ItemUsers(i int) ([]int32, []float32) {
	a, b := d.itemPtr[i], d.itemPtr[i+1]
	return d.itemUsers[a:b], d.itemVals[a:b]
}

// Disliked returns the items user u gave a non-positive total weight.
func (d *Dataset) Disliked(u int) []int32 { return d.disliked[u] }

// History returns user u's positive items as ints, the form Model.Score takes.
func (d *Dataset) History(u int) []int {
	items, _ := d.UserItems(u)
	h := make([]int, len(items))
	for n, i := range items {
		h[n] = int(i)
	}
	return h
}

// MaxTime returns the latest interaction time, or 0.
func (d *Dataset) MaxTime() int64 {
	var m int64
	for _, t := range d.userTimes {
		m = max(m, t)
	}
	return m
}

// Item returns item i's metadata, or nil.
func (d *Dataset) Item(i int) *shopmind.Item {
	if i < len(d.Catalog) {
		return d.Catalog[i]
	}
	return nil
}
