// Package recommend holds shopmind's recommendation models and their offline
// evaluation.
//
// Every model implements Model: Fit on a Dataset of implicit interactions,
// then Score all items for a user (known by index, or unknown and described by
// a history of item indices). TopN turns scores into a ranked list, excluding
// the user's seen items and applying business filters. Models save and load
// themselves with Marshal and Unmarshal; a Bundle adds the string-id mapping
// so that a saved model serves without its training Dataset.
package recommend

import (
	"container/heap"
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/shopmind/shopmind"
)

// Progress reports training progress: done of total units of stage. It may
// be nil.
type Progress func(stage string, done, total int)

func (p Progress) Report(stage string, done, total int) {
	if p != nil {
		p(stage, done, total)
	}
}

// Model is a trained (or trainable) recommender.
type Model interface {
	// Name returns the model family, e.g. "ease".
	Name() string
	// Fit trains the model on d. It returns ctx.Err() when cancelled.
	Fit(ctx context.Context, d *Dataset, progress Progress) error
	// Score writes a score for every item into dst (len NumItems of the
	// training data; higher is better). user is a training user index, or
	// -1 for a user the model has not seen; history holds the user's item
	// indices (for a known user, usually Dataset.History). Score is safe for
	// concurrent use after Fit.
	Score(user int, history []int, dst []float32)
	// Marshal writes the trained model.
	Marshal(w io.Writer) error
	// Unmarshal reads a model written by Marshal of the same type.
	Unmarshal(r io.Reader) error
}

// Scored is an item index with its score.
type Scored struct {
	Item  int
	Score float32
}

// TopN returns the n best-scoring items among candidates, best first,
// excluding the items in exclude. candidate may be nil (every item). Ties are
// broken by lower item index, so results are deterministic.
func TopN(scores []float32, n int, exclude []int, candidate func(item int) bool) []Scored {
	skip := make(map[int]struct{}, len(exclude))
	for _, i := range exclude {
		skip[i] = struct{}{}
	}
	h := make(minHeap, 0, n+1)
	for i, s := range scores {
		if n <= 0 {
			break
		}
		if math.IsNaN(float64(s)) {
			continue
		}
		if _, ok := skip[i]; ok {
			continue
		}
		if candidate != nil && !candidate(i) {
			continue
		}
		if len(h) < n {
			heap.Push(&h, Scored{i, s})
		} else if better(Scored{i, s}, h[0]) {
			h[0] = Scored{i, s}
			heap.Fix(&h, 0)
		}
	}
	out := make([]Scored, len(h))
	for k := len(h) - 1; k >= 0; k-- {
		out[k] = heap.Pop(&h).(Scored)
	}
	return out
}

func better(a, b Scored) bool { return a.Score > b.Score || (a.Score == b.Score && a.Item < b.Item) }

type minHeap []Scored

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(Scored)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Recommend scores items for training user u (or -1 with a history) and
// returns the top n, excluding the history, the user's disliked items and
// items rejected by candidate.
func Recommend(m Model, d *Dataset, user int, history []int, n int, candidate func(int) bool) []Scored {
	scores := make([]float32, d.NumItems())
	m.Score(user, history, scores)
	excl := append([]int(nil), history...)
	if user >= 0 && user < d.NumUsers() {
		for _, i := range d.Disliked(user) {
			excl = append(excl, int(i))
		}
	}
	return TopN(scores, n, excl, candidate)
}

// Filter is a set of business rules on candidate items. Zero fields do not
// filter. Items without catalog metadata pass only filters that need none
// (Exclude).
type Filter struct {
	Category string   // category path prefix as shopmind.InCategory reads it, e.g. "Shoes/Sneakers"
	MinPrice *float64 // inclusive
	MaxPrice *float64 // inclusive
	InStock  bool     // only items with Stock > 0
	Active   bool     // only active items
	Exclude  []string // item ids never to recommend
}

// Candidates returns a predicate over d's item indices implementing f.
func (f Filter) Candidates(d *Dataset) func(int) bool {
	excl := make(map[int]bool, len(f.Exclude))
	for _, id := range f.Exclude {
		if i, ok := d.ItemIndex(id); ok {
			excl[i] = true
		}
	}
	byCategory := len(shopmind.ParseCategory(f.Category)) > 0
	inCategory := shopmind.CategoryMatcher(f.Category)
	needMeta := byCategory || f.MinPrice != nil || f.MaxPrice != nil || f.InStock || f.Active
	return func(i int) bool {
		if excl[i] {
			return false
		}
		if !needMeta {
			return true
		}
		it := d.Item(i)
		if it == nil {
			return false
		}
		if byCategory && !inCategory(it.Category) {
			return false
		}
		if f.MinPrice != nil && it.Price < *f.MinPrice || f.MaxPrice != nil && it.Price > *f.MaxPrice {
			return false
		}
		if f.InStock && it.Stock <= 0 || f.Active && !it.Active {
			return false
		}
		return true
	}
}

// parallel runs fn over [0, n) split into contiguous chunks on Workers(ctx)
// goroutines. It stops early and returns ctx.Err() when ctx is cancelled;
// fn should check stop() in long loops.
func parallel(ctx context.Context, n int, fn func(lo, hi int)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := min(Workers(ctx), n)
	if w <= 1 {
		if n > 0 {
			fn(0, n)
		}
		return ctx.Err()
	}
	var wg sync.WaitGroup
	chunk := (n + w - 1) / w
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// parallelBlocks is parallel over blocks of at most size, checking ctx between
// blocks and reporting progress; good for long jobs.
func parallelBlocks(ctx context.Context, n, size int, stage string, p Progress, fn func(i int)) error {
	for lo := 0; lo < n; lo += size {
		hi := min(lo+size, n)
		if err := parallel(ctx, hi-lo, func(a, b int) {
			for i := lo + a; i < lo+b; i++ {
				fn(i)
			}
		}); err != nil {
			return err
		}
		p.Report(stage, hi, n)
	}
	return nil
}

// header starts every serialised model so that loading the wrong file fails
// with a clear error.
type header struct {
	Magic   string
	Model   string
	Version int
}

const magic = "shopmind/recommend"

func writeModel(w io.Writer, name string, v any) error {
	enc := gob.NewEncoder(w)
	if err := enc.Encode(header{magic, name, 1}); err != nil {
		return fmt.Errorf("write %s header: %w", name, err)
	}
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

func readModel(r io.Reader, name string, v any) error {
	dec := gob.NewDecoder(r)
	var h header
	if err := dec.Decode(&h); err != nil {
		return shopmind.Errorf(shopmind.EINVALID, "read %s model: %v", name, err)
	}
	if h.Magic != magic || h.Model != name || h.Version != 1 {
		return shopmind.Errorf(shopmind.EINVALID, "model file holds %q version %d, want %q version 1", h.Model, h.Version, name)
	}
	if err := dec.Decode(v); err != nil {
		return shopmind.Errorf(shopmind.EINVALID, "read %s model: %v", name, err)
	}
	return nil
}

// errEmpty is returned by Fit on a dataset without interactions.
func errEmpty(name string) error {
	return shopmind.Errorf(shopmind.EINVALID, "%s: the dataset has no positive interactions", name)
}

var float32nan = float32(math.NaN())
