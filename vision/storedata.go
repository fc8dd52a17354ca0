package vision

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/shopmind/shopmind"
)

// StoreDataset builds a labelled set from the catalog: the first stored
// image of every item, labelled with the last level of its category path.
// Categories with fewer than minPerClass images are left out; it needs at
// least two that remain. Unreadable images are skipped. Classes are sorted.
func StoreDataset(ctx context.Context, store shopmind.ImageReader, size, minPerClass int) (*Dataset, []string, error) {
	type example struct {
		class string
		x     []float32
	}
	var all []example
	count := map[string]int{}
	for it, err := range shopmind.All(ctx, shopmind.ListItems(store, shopmind.ItemFilter{})) {
		if err != nil {
			return nil, nil, fmt.Errorf("store dataset: %w", err)
		}
		if len(it.Images) == 0 || len(it.Category) == 0 || strings.Contains(it.Images[0], "/") {
			continue
		}
		rec, err := store.Image(ctx, it.Images[0])
		if err != nil {
			continue
		}
		img, _, err := Decode(rec.Data)
		if err != nil {
			continue
		}
		c := it.Category[len(it.Category)-1]
		all = append(all, example{c, Normalize(img, size)})
		count[c]++
	}
	var classes []string
	for c, n := range count {
		if n >= minPerClass {
			classes = append(classes, c)
		}
	}
	sort.Strings(classes)
	if len(classes) < 2 {
		return nil, nil, shopmind.Errorf(shopmind.EINVALID, "the catalog has %d categories with at least %d item images; training needs 2", len(classes), minPerClass)
	}
	index := map[string]int{}
	for i, c := range classes {
		index[c] = i
	}
	d := &Dataset{H: size, W: size, C: 1}
	for _, e := range all {
		if i, ok := index[e.class]; ok {
			d.X = append(d.X, e.x...)
			d.Labels = append(d.Labels, i)
			d.N++
		}
	}
	return d, classes, nil
}
