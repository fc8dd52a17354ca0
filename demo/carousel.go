package demo

import (
	"encoding/hex"
	"math/rand/v2"
	"slices"
)

// The simulated shop's product pages show a "Similar products" carousel, as
// the sample storefront's pages do (docs/storefront.md). A shopper who goes
// on from a product to another one in its carousel sometimes gets there by
// clicking it: the history then holds what the tracker would have sent, a
// click with the list's recommendation id, and the same id on that item's
// later view, cart and purchase events of the session. The carousel
// decisions draw from their own random stream, so the rest of the shop
// (which products are viewed, carted and bought) is the same as without it.
const (
	// CarouselSize is how many items a product page's carousel shows.
	CarouselSize = 8
	// CarouselFollow is the chance that a shopper going on to the item in
	// the carousel's first position got there by clicking it; position k
	// (0-based) has CarouselFollow × Examination^k.
	CarouselFollow = 0.5
)

// shelf is the product pages' carousels and their random stream.
type shelf struct {
	rng   *rand.Rand
	w     *world
	lists map[int][]int // item index -> the carousel on its page, best first
}

func newShelf(seed uint64, w *world) *shelf {
	return &shelf{rng: rand.New(rand.NewPCG(seed^0xca7a5e1, seed^0x7ec0)), w: w, lists: map[int][]int{}}
}

// similar returns the carousel on item i's page: active items of its
// department other than i, by general appeal, twice as high for the same
// sub-category and half again for the same brand (what a similar-items
// model learns from co-views in this shop).
func (sh *shelf) similar(i int) []int {
	if l, ok := sh.lists[i]; ok {
		return l
	}
	info := sh.w.infos[i]
	score := func(j int) float64 {
		o := sh.w.infos[j]
		s := o.appeal
		if o.sub == info.sub {
			s *= 2
		}
		if o.brand == info.brand {
			s *= 1.5
		}
		return s
	}
	// The CarouselSize best of the department, by score then index: the
	// first CarouselSize of a full sort, kept by insertion (a full sort per
	// item took minutes on a 100,000-item shop, and keeping a slice of the
	// sorted department retained its whole array per item).
	type scored struct {
		j int
		s float64
	}
	before := func(a, b scored) bool { return a.s > b.s || a.s == b.s && a.j < b.j }
	top := make([]scored, 0, CarouselSize+1)
	for _, j := range sh.w.byDept[info.dept] {
		if j == i {
			continue
		}
		c := scored{j, score(j)}
		if len(top) == CarouselSize && !before(c, top[len(top)-1]) {
			continue
		}
		k := len(top)
		for k > 0 && before(c, top[k-1]) {
			k--
		}
		top = slices.Insert(top, k, c)
		if len(top) > CarouselSize {
			top = top[:CarouselSize]
		}
	}
	l := make([]int, len(top))
	for k, c := range top {
		l[k] = c.j
	}
	sh.lists[i] = l
	return l
}

// follow reports whether a shopper on item from's page who goes on to item
// to got there through from's carousel, and if so returns the list's new
// recommendation id (the form the recommendation service gives: "r" and 24
// hex digits).
func (sh *shelf) follow(from, to int) (string, bool) {
	if from < 0 || from == to {
		return "", false
	}
	k := slices.Index(sh.similar(from), to)
	if k < 0 {
		return "", false
	}
	p := CarouselFollow
	for range k {
		p *= Examination
	}
	if sh.rng.Float64() >= p {
		return "", false
	}
	var b [12]byte
	for i := range b {
		b[i] = byte(sh.rng.Uint32())
	}
	return "r" + hex.EncodeToString(b[:]), true
}
