package recommend

import (
	"sort"

	"github.com/shopmind/shopmind"
)

// UserHistory is what a user did, as a request sees it.
type UserHistory struct {
	items    []histItem     // positive items known to the model, most recent first
	types    map[int]uint16 // every model item the user has events on: the set of their types (typeBit)
	disliked map[int]bool   // model items with a non-positive total weight
}

// strengths lists event types from weakest to strongest for explanations;
// an event type's strength is its position (0: none).
var strengths = []shopmind.EventType{"", shopmind.EventView, shopmind.EventClick, shopmind.EventRating,
	shopmind.EventLike, shopmind.EventCart, shopmind.EventPurchase}

func strengthOf(t shopmind.EventType) uint8 {
	for k, s := range strengths {
		if s == t {
			return uint8(k)
		}
	}
	return 0
}

// Flags of a trained history pair.
const (
	pairStrength = 0x07 // strengths index of the strongest positive event type
	pairBought   = 0x08 // the user purchased the item
)

// TrainedHistory is every training user's items, so that a request reads
// only the user's events that arrived after training (Seq) from the store.
type TrainedHistory struct {
	Ptr   []int32 // by bundle user index, len users+1
	Item  []int32
	Sum   []float32 // summed event weights
	Time  []int64   // latest event, Unix seconds
	Flags []uint8
	// Types are the event types seen on each pair (typeBit set); nil in
	// models trained before it existed, whose Flags stand in for it.
	Types []uint16
	// Seq is the store's arrival sequence at training (see
	// shopmind.EventService.EventSeq): the training data holds every event
	// at or below it, and a request merges the user's events above it,
	// whatever their own times. 0 (a model trained before sequences) means
	// the pairs above cannot be told apart from later events and are not
	// used.
	Seq int64
}

// PairKey and PairAgg summarise one user's events on one item.
type PairKey struct{ User, Item string }
type PairAgg struct {
	sum   float32
	time  int64
	flags uint8
	types uint16 // typeBit set of the events seen
}

func (a *PairAgg) Add(e *shopmind.Event, w float32) {
	a.sum += w
	if t := e.Time.Unix(); t > a.time {
		a.time = t
	}
	if st := strengthOf(e.Type); w > 0 && st > a.flags&pairStrength {
		a.flags = a.flags&^pairStrength | st
	}
	if e.Type == shopmind.EventPurchase {
		a.flags |= pairBought
	}
	a.types |= typeBit(e.Type)
}

// BuildTrainedHistory lays out pairs by d's user and item indices; seq is
// the arrival sequence the pairs were read up to.
func BuildTrainedHistory(d *Dataset, pairs map[PairKey]*PairAgg, seq int64) TrainedHistory {
	type entry struct {
		item int32
		agg  *PairAgg
	}
	rows := make([][]entry, d.NumUsers())
	for k, a := range pairs {
		u, ok1 := d.UserIndex(k.User)
		i, ok2 := d.ItemIndex(k.Item)
		if ok1 && ok2 {
			rows[u] = append(rows[u], entry{int32(i), a})
		}
	}
	h := TrainedHistory{Seq: seq, Ptr: make([]int32, d.NumUsers()+1), Item: make([]int32, 0, len(pairs)),
		Sum: make([]float32, 0, len(pairs)), Time: make([]int64, 0, len(pairs)), Flags: make([]uint8, 0, len(pairs)),
		Types: make([]uint16, 0, len(pairs))}
	for u, row := range rows {
		sort.Slice(row, func(a, b int) bool { return row[a].item < row[b].item })
		for _, e := range row {
			h.Item = append(h.Item, e.item)
			h.Sum = append(h.Sum, e.agg.sum)
			h.Time = append(h.Time, e.agg.time)
			h.Flags = append(h.Flags, e.agg.flags)
			h.Types = append(h.Types, e.agg.types)
		}
		h.Ptr[u+1] = int32(len(h.Item))
	}
	return h
}

// Usable reports whether the trained history can be merged with the
// events that arrived after it: it has a row per model user and the
// arrival sequence it was read up to.
func (h *TrainedHistory) Usable(users int) bool {
	return h.Seq > 0 && len(h.Ptr) == users+1
}

// TrainedPairs returns the user's pairs in the model's trained history, by
// item index (none for a user unknown to it).
func (sv *Serving) TrainedPairs(userID string) map[int]*PairAgg {
	byItem := map[int]*PairAgg{}
	th := &sv.art.Hist
	u, ok := sv.bundle.userIdx[userID]
	if !ok || !th.Usable(len(sv.bundle.Users)) {
		return byItem
	}
	withTypes := len(th.Types) == len(th.Item)
	for k := th.Ptr[u]; k < th.Ptr[u+1]; k++ {
		a := &PairAgg{sum: th.Sum[k], time: th.Time[k], flags: th.Flags[k]}
		if withTypes {
			a.types = th.Types[k]
		} else { // an older model: its strongest type and bought flag
			a.types = typeBit(strengths[a.flags&pairStrength])
			if a.flags&pairBought != 0 {
				a.types |= typeBit(shopmind.EventPurchase)
			}
		}
		byItem[int(th.Item[k])] = a
	}
	return byItem
}

// NewUserHistory sorts a user's pairs into history, type sets and dislikes.
func NewUserHistory(byItem map[int]*PairAgg) *UserHistory {
	h := &UserHistory{types: make(map[int]uint16, len(byItem)), disliked: map[int]bool{}}
	for i, a := range byItem {
		h.types[i] = a.types
		if a.sum > 0 {
			h.items = append(h.items, histItem{index: i, strength: strengths[a.flags&pairStrength]})
		} else {
			h.disliked[i] = true
		}
	}
	sort.Slice(h.items, func(x, y int) bool {
		ax, ay := byItem[h.items[x].index], byItem[h.items[y].index]
		return ax.time > ay.time || ax.time == ay.time && h.items[x].index < h.items[y].index
	})
	return h
}
