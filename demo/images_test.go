package demo

import (
	"slices"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/vision"
)

// Every item of an illustrated category has one valid stored image of its
// own class, except the planted problems; other items have none.
func TestGenerateImages(t *testing.T) {
	shop, err := Generate(Options{Seed: 5, Items: 1000, Users: 50, Days: 10})
	if err != nil {
		t.Fatal(err)
	}
	byHash := map[string]*shopmind.Image{}
	for _, img := range shop.Images {
		if shopmind.ImageHash(img.Data) != img.Hash || img.Size != int64(len(img.Data)) {
			t.Fatalf("image %s: hash or size does not match its data", img.Hash)
		}
		dec, format, err := vision.Decode(img.Data)
		if err != nil {
			t.Fatalf("image %s: %v", img.Hash, err)
		}
		if format != img.Format || dec.Bounds().Dx() != img.Width || img.Width != 56 || img.Height != 56 {
			t.Fatalf("image %s: %s %dx%d, decoded %s %v", img.Hash, img.Format, img.Width, img.Height, format, dec.Bounds())
		}
		if byHash[img.Hash] != nil {
			t.Fatalf("image %s listed twice", img.Hash)
		}
		byHash[img.Hash] = img
	}
	sub, err := loadSubset()
	if err != nil {
		t.Fatal(err)
	}
	// classOfHash: which class each plain (PNG) image came from.
	classOfHash := map[string]int{}
	for c, rasters := range sub.byClass {
		for i := range rasters {
			img, err := encodePhoto(sub, source{class: c, index: i}, shop.Items[0].CreatedAt)
			if err != nil {
				t.Fatal(err)
			}
			classOfHash[img.Hash] = c
		}
	}
	planted := map[string]bool{}
	mismatches, dups := 0, 0
	for _, is := range shop.ImageIssues {
		for _, id := range is.ItemIDs {
			planted[id] = true
		}
		switch is.Kind {
		case shopmind.IssueCategoryMismatch:
			mismatches++
		case shopmind.IssueDuplicateImage:
			dups++
		default:
			t.Fatalf("issue kind %q", is.Kind)
		}
		if byHash[is.ImageHash] == nil {
			t.Fatalf("issue %+v: image not in the shop", is)
		}
	}
	classes := imageClasses()
	imaged, uses := 0, map[string]int{}
	for _, it := range shop.Items {
		want := -1
		for c, ic := range classes {
			if slices.Equal(it.Category, []string{ic.dept, ic.sub}) {
				want = c
			}
		}
		if want < 0 {
			if len(it.Images) != 0 {
				t.Fatalf("item %s (%v) has an image", it.ID, it.Category)
			}
			continue
		}
		if len(it.Images) != 1 || byHash[it.Images[0]] == nil {
			t.Fatalf("item %s (%v): images %v", it.ID, it.Category, it.Images)
		}
		imaged++
		uses[it.Images[0]]++
		if c, ok := classOfHash[it.Images[0]]; ok && c != want && !planted[it.ID] {
			t.Fatalf("item %s (%v) shows a %s", it.ID, it.Category, classes[c].name)
		}
	}
	// 1,000 items: about 290 illustrated (7 of 24 sub-categories), so 3 mismatches; 3 duplicate pairs,
	// two of them sharing one file.
	if imaged < 250 || mismatches != (imaged+50)/100 || dups != 3 {
		t.Fatalf("%d items with images, %d mismatches, %d duplicate pairs", imaged, mismatches, dups)
	}
	shared := 0
	for _, n := range uses {
		if n > 1 {
			shared++
		}
	}
	if shared != 2 || len(shop.Images) != imaged-2 {
		t.Fatalf("%d images shared, %d images for %d items", shared, len(shop.Images), imaged)
	}
}

// The planted near-duplicate is one for the catalog check, and the bundled
// pictures are not near-duplicates of each other.
func TestImagesPerceptualHash(t *testing.T) {
	sub, err := loadSubset()
	if err != nil {
		t.Fatal(err)
	}
	var hashes []uint64
	for c, rasters := range sub.byClass {
		if want := assetsPerClass[c]; len(rasters) != want {
			t.Fatalf("class %d: %d bundled images, want %d", c, len(rasters), want)
		}
		for _, r := range rasters {
			hashes = append(hashes, vision.PHash(productPhoto(r, sub.rows, sub.cols, 0)))
		}
	}
	for i := range hashes {
		for j := i + 1; j < len(hashes); j++ {
			if vision.HammingDistance(hashes[i], hashes[j]) <= vision.DuplicateThreshold {
				t.Fatalf("bundled images %d and %d are near-duplicates", i, j)
			}
		}
	}
	s := source{class: 7, index: 3}
	plain, err := encodePhoto(sub, s, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	s.near = true
	near, err := encodePhoto(sub, s, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	a, _, _ := vision.Decode(plain.Data)
	b, _, err := vision.Decode(near.Data)
	if err != nil || near.Hash == plain.Hash || near.Format != "jpeg" {
		t.Fatalf("near-duplicate: %v, format %s", err, near.Format)
	}
	if d := vision.HammingDistance(vision.PHash(a), vision.PHash(b)); d > vision.DuplicateThreshold {
		t.Fatalf("near-duplicate is %d bits away", d)
	}
}
