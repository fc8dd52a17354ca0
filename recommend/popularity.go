package recommend

import (
	"context"
	"io"
	"math"
)

// PopularityParams are the hyper-parameters of Popularity.
type PopularityParams struct {
	// HalfLife in seconds: an interaction this old counts half. 0 disables
	// time decay. Decay is relative to the newest interaction in the data.
	HalfLife float64
	// Weighted sums interaction weights instead of counting users.
	Weighted bool
	// CategoryAffinity boosts items of the top-level categories a user's
	// history falls in: score * (1 + CategoryAffinity * share). 0 disables.
	// Popularity within one category is TopN with a Filter{Category}.
	CategoryAffinity float32
}

// DefaultPopularityParams returns plain user counts without decay.
func DefaultPopularityParams() PopularityParams { return PopularityParams{} }

// Popularity recommends the most popular items, optionally time-decayed.
// It is the non-personalised baseline and the cold-start fallback.
type Popularity struct {
	Params PopularityParams
	state  popularityState
}

type popularityState struct {
	Params   PopularityParams
	Pop      []float32
	Category []int32 // item -> top-level category index, -1 unknown
}

// NewPopularity returns a Popularity model with default parameters.
func NewPopularity() *Popularity { return &Popularity{Params: DefaultPopularityParams()} }

// Name implements Model.
func (m *Popularity) Name() string { return "popularity" }

// Fit implements Model.
func (m *Popularity) Fit(ctx context.Context, d *Dataset, progress Progress) error {
	if d.NNZ() == 0 {
		return errEmpty(m.Name())
	}
	p := m.Params
	now := d.MaxTime()
	pop := make([]float32, d.NumItems())
	for i := range pop {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		users, vals := d.ItemUsers(i)
		var s float64
		for n, u := range users {
			w := 1.0
			if p.Weighted {
				w = float64(vals[n])
			}
			if p.HalfLife > 0 {
				ts := d.UserTimes(int(u))
				items, _ := d.UserItems(int(u))
				if t := ts[searchItem(items, int32(i))]; t > 0 {
					w *= math.Exp2(-float64(now-t) / p.HalfLife)
				}
			}
			s += w
		}
		pop[i] = float32(s)
	}
	cats := map[string]int32{}
	category := make([]int32, d.NumItems())
	for i := range category {
		category[i] = -1
		if it := d.Item(i); it != nil && len(it.Category) > 0 {
			c, ok := cats[it.Category[0]]
			if !ok {
				c = int32(len(cats))
				cats[it.Category[0]] = c
			}
			category[i] = c
		}
	}
	progress.Report("popularity", d.NumItems(), d.NumItems())
	m.state = popularityState{Params: p, Pop: pop, Category: category}
	return nil
}

// searchItem returns the position of item in the ascending slice items.
func searchItem(items []int32, item int32) int {
	lo, hi := 0, len(items)
	for lo < hi {
		mid := (lo + hi) / 2
		if items[mid] < item {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// Score implements Model.
func (m *Popularity) Score(user int, history []int, dst []float32) {
	copy(dst, m.state.Pop)
	a := m.state.Params.CategoryAffinity
	if a == 0 || len(history) == 0 {
		return
	}
	share := map[int32]float32{}
	for _, i := range history {
		if i < len(m.state.Category) && m.state.Category[i] >= 0 {
			share[m.state.Category[i]] += 1 / float32(len(history))
		}
	}
	for i, c := range m.state.Category {
		if c >= 0 {
			dst[i] *= 1 + a*share[c]
		}
	}
}

// Marshal implements Model.
func (m *Popularity) Marshal(w io.Writer) error { return writeModel(w, m.Name(), &m.state) }

// Unmarshal implements Model.
func (m *Popularity) Unmarshal(r io.Reader) error {
	if err := readModel(r, m.Name(), &m.state); err != nil {
		return err
	}
	m.Params = m.state.Params
	return nil
}
