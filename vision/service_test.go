package vision

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/store/sqlite"
)

func trainTiny(t testing.TB) (*CNN, *Dataset) {
	t.Helper()
	all := loadFashion(t, "t10k")
	cfg := DefaultConfig()
	cfg.Conv1, cfg.Conv2, cfg.Hidden = 8, 16, 32
	m, err := NewCNN(cfg, 3)
	if err != nil {
		t.Fatal(err)
	}
	opts := DefaultTrainOptions()
	opts.Epochs, opts.LR = 2, 3e-3
	if _, err := Fit(context.Background(), m, firstN(all, 3000), nil, opts, nil); err != nil {
		t.Fatal(err)
	}
	return m, all
}

// productPhoto renders dataset image i as a 56x56 PNG photo, dark on white
// like a shop's product shot.
func productPhoto(t testing.TB, d *Dataset, i int, format string) []byte {
	t.Helper()
	px := d.Image(i)
	inv := make([]float32, len(px))
	for j, v := range px {
		inv[j] = 1 - v
	}
	small := RasterImage(inv, d.W, d.H)
	big := image.NewGray(image.Rect(0, 0, 56, 56))
	for y := 0; y < 56; y++ {
		for x := 0; x < 56; x++ {
			big.Pix[y*56+x] = small.Pix[(y/2)*28+x/2]
		}
	}
	var buf bytes.Buffer
	var err error
	if format == "jpeg" {
		err = jpeg.Encode(&buf, big, &jpeg.Options{Quality: 95})
	} else {
		err = png.Encode(&buf, big)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// confidentOf returns test images of class c that m classifies as c with
// probability at least p, beyond the 3,000 it was trained on.
func confidentOf(m *CNN, d *Dataset, c int, p float32, n int) []int {
	var out []int
	for i := 3000; i < d.N && len(out) < n; i++ {
		if d.Labels[i] != c {
			continue
		}
		if probs := m.Predict(d.Image(i), 1); probs[c] >= p {
			out = append(out, i)
		}
	}
	return out
}

func TestService(t *testing.T) {
	m, data := trainTiny(t)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc := NewService(db)
	svc.MismatchConfidence = 0.6

	t.Run("ErrNoModel", func(t *testing.T) {
		if _, err := svc.ClassifyImage(ctx, productPhoto(t, data, 0, "png")); shopmind.ErrorCode(err) != shopmind.EUNAVAILABLE {
			t.Fatalf("err = %v, want EUNAVAILABLE", err)
		}
	})
	// Save and load through the model store, as serve does.
	blob, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SaveModel(ctx, &shopmind.Model{Name: ModelName, Data: blob}); err != nil {
		t.Fatal(err)
	}
	if changed, err := svc.Load(ctx); err != nil || !changed {
		t.Fatalf("Load = %v, %v", changed, err)
	}
	if changed, _ := svc.Load(ctx); changed {
		t.Fatal("a second Load of the same version must not swap")
	}

	trousers := confidentOf(m, data, 1, 0.9, 3)
	sneakers := confidentOf(m, data, 7, 0.9, 1)
	if len(trousers) < 3 || len(sneakers) < 1 {
		t.Fatalf("the tiny model is too weak: %d trousers, %d sneakers", len(trousers), len(sneakers))
	}
	put := func(b []byte) string {
		img := &shopmind.Image{Data: b, Format: "png", Width: 56, Height: 56}
		if b[0] == 0xff {
			img.Format = "jpeg"
		}
		if err := db.PutImage(ctx, img); err != nil {
			t.Fatal(err)
		}
		return shopmind.ImageHash(b)
	}
	t1 := put(productPhoto(t, data, trousers[0], "png"))
	t1jpeg := put(productPhoto(t, data, trousers[0], "jpeg")) // a re-encoded copy
	t2 := put(productPhoto(t, data, trousers[1], "png"))
	s1 := put(productPhoto(t, data, sneakers[0], "png"))
	items := []*shopmind.Item{
		{ID: "t1", Title: "Chinos", Category: []string{"Clothing", "Trousers"}, Images: []string{t1}},
		{ID: "t3", Title: "Chinos again", Category: []string{"Clothing", "Trousers"}, Images: []string{t1jpeg}},
		{ID: "bag", Title: "Tote", Category: []string{"Bags"}, Images: []string{t2}},
		{ID: "s1", Title: "Runner", Category: []string{"Shoes", "Sneakers"}, Images: []string{s1}},
		{ID: "gift", Title: "Gift card", Category: []string{"Gifts"}, Images: []string{s1 + "x"}},
		{ID: "none", Title: "No photo", Category: []string{"Bags"}},
	}
	for _, it := range items {
		it.Price, it.Currency = 10, "EUR"
	}
	if err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}

	t.Run("Classify", func(t *testing.T) {
		p, err := svc.ClassifyImage(ctx, productPhoto(t, data, trousers[2], "jpeg"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Category != "Trouser" || p.Confidence < 0.5 || len(p.Top) != 3 || p.Top[0].Category != "Trouser" || p.ModelVersion != 1 {
			t.Fatalf("prediction %+v, want Trouser", p)
		}
		if _, err := svc.ClassifyImage(ctx, []byte("GIF89a broken")); shopmind.ErrorCode(err) != shopmind.EINVALID {
			t.Fatalf("broken image: err = %v, want EINVALID", err)
		}
	})
	t.Run("Similar", func(t *testing.T) {
		sim, err := svc.SimilarImages(ctx, "t1", 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(sim) != 2 || sim[0].ItemID != "t3" || sim[0].Score < 0.99 || sim[1].Score > sim[0].Score {
			t.Fatalf("similar to t1: %+v, want t3 first", sim)
		}
		if _, err := svc.SimilarImages(ctx, "none", 2); shopmind.ErrorCode(err) != shopmind.ENOTFOUND {
			t.Fatalf("item without image: err = %v, want ENOTFOUND", err)
		}
	})
	t.Run("CatalogIssues", func(t *testing.T) {
		issues, err := svc.CatalogIssues(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var mismatch, dup []*shopmind.CatalogIssue
		for _, is := range issues {
			switch is.Kind {
			case shopmind.IssueCategoryMismatch:
				mismatch = append(mismatch, is)
			case shopmind.IssueDuplicateImage:
				dup = append(dup, is)
			}
		}
		if len(mismatch) != 1 || mismatch[0].ItemIDs[0] != "bag" || mismatch[0].Stated != "Bag" || mismatch[0].Predicted != "Trouser" {
			t.Fatalf("mismatches %+v, want the bag that shows trousers", mismatch)
		}
		if len(dup) != 1 || len(dup[0].ItemIDs) != 2 || dup[0].ItemIDs[0] != "t1" || dup[0].ItemIDs[1] != "t3" {
			t.Fatalf("duplicates %+v, want [t1 t3]", dup)
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		// Requests share one model; run with -race to check the locking.
		photo := productPhoto(t, data, trousers[2], "png")
		var wg sync.WaitGroup
		for i := 0; i < 6; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if p, err := svc.ClassifyImage(ctx, photo); err != nil || p.Category != "Trouser" {
					t.Errorf("classify: %+v, %v", p, err)
				}
				if _, err := svc.DetectProducts(ctx, photo); err != nil {
					t.Error(err)
				}
				if _, err := svc.CatalogIssues(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	})
	t.Run("StoreDataset", func(t *testing.T) {
		d, classes, err := StoreDataset(ctx, db, 28, 1)
		if err != nil {
			t.Fatal(err)
		}
		if d.N != 4 || strings.Join(classes, ",") != "Bags,Sneakers,Trousers" || len(d.X) != 4*28*28 {
			t.Fatalf("dataset of %d images, classes %v", d.N, classes)
		}
		if _, _, err := StoreDataset(ctx, db, 28, 2); shopmind.ErrorCode(err) != shopmind.EINVALID {
			t.Fatalf("one category with 2 images: err = %v, want EINVALID", err)
		}
	})
	t.Run("Detect", func(t *testing.T) {
		scene := ComposeScenes(firstN(data, 200), 1, SceneOptions{MinItems: 3, MaxItems: 3}, rand.New(rand.NewPCG(5, 5)))[0]
		inv := make([]float32, len(scene.Pix))
		for i, v := range scene.Pix {
			inv[i] = 1 - v // a photo on white
		}
		var buf bytes.Buffer
		png.Encode(&buf, RasterImage(inv, scene.W, scene.H))
		det, err := svc.DetectProducts(ctx, buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if det.Width != scene.W || len(det.Boxes) != 3 || det.Main == nil {
			t.Fatalf("detection %+v, want 3 boxes on a %dpx scene", det, scene.W)
		}
		for _, tb := range scene.Boxes {
			best := 0.0
			for _, b := range det.Boxes {
				best = max(best, IoU(tb, Box{X: b.X, Y: b.Y, W: b.Width, H: b.Height}))
			}
			if best < 0.5 {
				t.Errorf("true box %+v found with IoU %.2f", tb, best)
			}
		}
	})
}

func TestMatchClass(t *testing.T) {
	classBySlug := classIndex(FashionMNISTClasses())
	tests := []struct {
		category string
		want     int // -1: no class
	}{
		{"Trousers", 1}, {"Dresses", 3}, {"Sneakers", 7}, {"Ankle boots", 9}, {"ANKLE BOOT", 9},
		{"T-shirts", 0}, {"Tops", 0}, {"Bags", 8}, {"Gift cards", -1}, {"Shoes", -1},
	}
	for _, tt := range tests {
		i, ok := matchClass(classBySlug, tt.category)
		if !ok {
			i = -1
		}
		if i != tt.want {
			t.Errorf("matchClass(%q) = %d, want %d", tt.category, i, tt.want)
		}
	}
}
