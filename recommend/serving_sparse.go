package recommend

import (
	"container/heap"
	"math"
	"sort"
	"sync"
)

// sparseModel scores a history without touching every item, with the same
// result as the model's dense Score followed by TopN. It covers the models
// whose scores are sums over neighbour lists (ItemKNN, SparseEASE, Content), plain
// Popularity, and Hybrid blends of those: an item no history neighbour
// reaches scores a constant plus its popularity term, so the best of them
// are the first ones in popularity order. This is what keeps a 100,000-item
// catalog fast to serve (docs/bench-recommend-serving.md).
type sparseModel struct {
	parts  []sparsePart
	n      int     // items
	order  []int32 // fill order of untouched items: popularity, then index; nil means index order
	hybrid bool    // parts are standardised and weighted as in Hybrid.Score
	pool   sync.Pool
}

// sparsePart is one term of the score: a neighbour list or a popularity
// vector (with its standardisation, fixed since it does not depend on the
// history).
type sparsePart struct {
	nl      *neighbourList // kNN part
	pop     []float32      // popularity part
	weight  float32
	content bool
	popA    float32 // popularity part: weight/std (0: it contributes nothing)
	popB    float32 // popularity part: mean
}

type sparseScratch struct {
	acc     [][]float32 // per part, by item
	mark    []bool
	touched []int32
}

// newSparseModel returns the sparse form of m, or nil when m has none.
func newSparseModel(m Model) *sparseModel {
	sm := &sparseModel{}
	var add func(m Model, w float32) bool
	add = func(m Model, w float32) bool {
		switch mm := m.(type) {
		case *ItemKNN:
			sm.parts = append(sm.parts, sparsePart{nl: &mm.state.N, weight: w})
			sm.n = mm.state.NItems
		case *SparseEASE:
			sm.parts = append(sm.parts, sparsePart{nl: &mm.state.N, weight: w})
			sm.n = mm.state.NItems
		case *Content:
			sm.parts = append(sm.parts, sparsePart{nl: &mm.state.N, weight: w, content: true})
			sm.n = mm.state.NItems
		case *Popularity:
			if mm.state.Params.CategoryAffinity != 0 {
				return false // depends on the history's categories
			}
			for _, p := range sm.parts {
				if p.pop != nil {
					return false
				}
			}
			sm.parts = append(sm.parts, sparsePart{pop: mm.state.Pop, weight: w, popA: 1})
			sm.n = len(mm.state.Pop)
		default:
			return false
		}
		return true
	}
	if h, ok := m.(*Hybrid); ok {
		sm.hybrid = true
		for _, p := range h.Parts {
			if !add(p.Model, p.Weight) {
				return nil
			}
		}
	} else if !add(m, 1) {
		return nil
	}
	for k := range sm.parts {
		p := &sm.parts[k]
		if p.pop == nil {
			continue
		}
		if sm.hybrid {
			var sum, sq float64
			for _, v := range p.pop {
				sum += float64(v)
				sq += float64(v) * float64(v)
			}
			n := float64(len(p.pop))
			mean := sum / n
			std := math.Sqrt(max(sq/n-mean*mean, 0))
			p.popA, p.popB = 0, 0
			if std >= 1e-12 {
				p.popA, p.popB = p.weight/float32(std), float32(mean)
			}
		}
		sm.order = make([]int32, len(p.pop))
		for i := range sm.order {
			sm.order[i] = int32(i)
		}
		pop := p.pop
		sort.SliceStable(sm.order, func(a, b int) bool { return pop[sm.order[a]] > pop[sm.order[b]] })
	}
	sm.pool.New = func() any {
		s := &sparseScratch{acc: make([][]float32, len(sm.parts)), mark: make([]bool, sm.n)}
		for k, p := range sm.parts {
			if p.nl != nil {
				s.acc[k] = make([]float32, sm.n)
			}
		}
		return s
	}
	return sm
}

// rank returns the need best items for history among those ok accepts,
// best first, scored as the dense model would.
func (sm *sparseModel) rank(history []int, need int, ok func(int) bool) []Scored {
	s := sm.pool.Get().(*sparseScratch)
	defer func() {
		for _, i := range s.touched {
			s.mark[i] = false
			for k := range s.acc {
				if s.acc[k] != nil {
					s.acc[k][i] = 0
				}
			}
		}
		s.touched = s.touched[:0]
		sm.pool.Put(s)
	}()
	for k, p := range sm.parts {
		if p.nl == nil {
			continue
		}
		acc := s.acc[k]
		for _, h := range history {
			if h < 0 || h >= sm.n {
				continue
			}
			idx, sim := p.nl.row(h)
			for j, i := range idx {
				if !s.mark[i] {
					s.mark[i] = true
					s.touched = append(s.touched, i)
				}
				acc[i] += sim[j]
			}
		}
	}
	// a*(v-b) per part, as Hybrid.Score does; a plain model is a=1, b=0.
	a := make([]float32, len(sm.parts))
	b := make([]float32, len(sm.parts))
	for k, p := range sm.parts {
		switch {
		case p.pop != nil:
			a[k], b[k] = p.popA, p.popB
		case !sm.hybrid:
			a[k] = 1
		default:
			var sum, sq float64
			for _, i := range s.touched {
				v := float64(s.acc[k][i])
				sum += v
				sq += v * v
			}
			n := float64(sm.n)
			mean := sum / n
			std := math.Sqrt(max(sq/n-mean*mean, 0))
			if std >= 1e-12 {
				a[k], b[k] = p.weight/float32(std), float32(mean)
			}
		}
	}
	score := func(i int32) float32 {
		var v float32
		for k, p := range sm.parts {
			if a[k] == 0 {
				continue
			}
			var x float32
			if p.pop != nil {
				x = p.pop[i]
			} else {
				x = s.acc[k][i]
			}
			v += a[k] * (x - b[k])
		}
		return v
	}
	h := make(minHeap, 0, need+1)
	push := func(sc Scored) {
		if len(h) < need {
			heap.Push(&h, sc)
		} else if better(sc, h[0]) {
			h[0] = sc
			heap.Fix(&h, 0)
		}
	}
	for _, i := range s.touched {
		// Score first: most touched items cannot enter a full heap, and
		// skipping their filter check saves a catalog lookup each.
		sc := Scored{int(i), score(i)}
		if len(h) == need && !better(sc, h[0]) {
			continue
		}
		if ok == nil || ok(int(i)) {
			push(sc)
		}
	}
	// Untouched items in fill order score in that order: the first need of
	// them that pass are the only ones that can enter the top.
	taken := 0
	for n := 0; n < sm.n && taken < need; n++ {
		i := int32(n)
		if sm.order != nil {
			i = sm.order[n]
		}
		if s.mark[i] || ok != nil && !ok(int(i)) {
			continue
		}
		taken++
		push(Scored{int(i), score(i)})
	}
	out := make([]Scored, len(h))
	for k := len(h) - 1; k >= 0; k-- {
		out[k] = heap.Pop(&h).(Scored)
	}
	return out
}

// similar returns the need items most similar to item by the model's
// neighbour lists (blended with the part weights), best first.
func (sm *sparseModel) similar(item, need int, ok func(int) bool) []Scored {
	acc := map[int32]float32{}
	for _, p := range sm.parts {
		if p.nl == nil || item < 0 || item >= sm.n {
			continue
		}
		idx, sim := p.nl.row(item)
		for j, i := range idx {
			acc[i] += p.weight * sim[j]
		}
	}
	cand := make([]Scored, 0, len(acc))
	for i, v := range acc {
		if int(i) != item && (ok == nil || ok(int(i))) {
			cand = append(cand, Scored{int(i), v})
		}
	}
	sort.Slice(cand, func(a, b int) bool { return better(cand[a], cand[b]) })
	return cand[:min(need, len(cand))]
}

// hasNeighbours reports whether the model has any neighbour list.
func (sm *sparseModel) hasNeighbours() bool {
	for _, p := range sm.parts {
		if p.nl != nil {
			return true
		}
	}
	return false
}
