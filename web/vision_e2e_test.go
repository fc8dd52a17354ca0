package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/httpapi"
	"github.com/shopmind/shopmind/vision"
	"github.com/shopmind/shopmind/web"
)

// fashionPhoto renders Fashion-MNIST image i as a dark-on-white PNG.
func fashionPhoto(t *testing.T, d *vision.Dataset, i int) []byte {
	t.Helper()
	px := append([]float32(nil), d.Image(i)...)
	for j := range px {
		px[j] = 1 - px[j]
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, vision.RasterImage(px, d.W, d.H)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestVisionPage trains a small classifier, seeds a catalog with a bag
// listing that shows trousers and a photo used twice, then checks that the
// console lists both problems and classifies an uploaded photo.
func TestVisionPage(t *testing.T) {
	dir := os.Getenv("SHOPMIND_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	dir = filepath.Join(dir, "fashion-mnist")
	d, err := vision.LoadIDX(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Skipf("Fashion-MNIST not available (set SHOPMIND_DATA): %v", err)
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("skipping browser test: %s not found", chromiumPath)
	}
	ctx := context.Background()
	cfg := vision.DefaultConfig()
	cfg.Conv1, cfg.Conv2, cfg.Hidden = 8, 16, 32
	m, err := vision.NewCNN(cfg, 3)
	if err != nil {
		t.Fatal(err)
	}
	opts := vision.DefaultTrainOptions()
	opts.Epochs, opts.LR = 2, 3e-3
	idx := make([]int, 3000)
	for i := range idx {
		idx[i] = i
	}
	if _, err := vision.Fit(ctx, m, d.Subset(idx), nil, opts, nil); err != nil {
		t.Fatal(err)
	}
	// Trousers the model is sure about, beyond its training images.
	var trousers []int
	for i := 3000; i < d.N && len(trousers) < 3; i++ {
		if d.Labels[i] == 1 && m.Predict(d.Image(i), 1)[1] > 0.9 {
			trousers = append(trousers, i)
		}
	}
	if len(trousers) < 3 {
		t.Fatal("the small model found too few sure trousers")
	}
	// A fourth photo of trousers the model is sure of, clearly less or more
	// than of the tote's, for a second mismatch that sorts apart from it.
	toteConf := m.Predict(d.Image(trousers[1]), 1)[1]
	fourth, fourthConf := -1, float32(0)
	for i := 3000; i < d.N; i++ {
		if d.Labels[i] != 1 || i == trousers[0] || i == trousers[1] || i == trousers[2] {
			continue
		}
		if p := m.Predict(d.Image(i), 1)[1]; p > 0.85 && (p < toteConf-0.03 || p > toteConf+0.03) {
			fourth, fourthConf = i, p
			break
		}
	}
	if fourth < 0 {
		t.Fatal("the small model found no second sure trousers photo apart from the tote's confidence")
	}

	db := openStore(t)
	put := func(data []byte) string {
		if err := db.PutImage(ctx, &shopmind.Image{Data: data, Format: "png", Width: 28, Height: 28}); err != nil {
			t.Fatal(err)
		}
		return shopmind.ImageHash(data)
	}
	pants, other, another := put(fashionPhoto(t, d, trousers[0])), put(fashionPhoto(t, d, trousers[1])), put(fashionPhoto(t, d, fourth))
	// The catalog is read in id order; name the second bag so the less sure
	// mismatch comes first in it, and the page has to put the surer first.
	bagID, surer := "zip-1", "zip-1"
	if fourthConf < toteConf {
		bagID, surer = "bag-1", "tote-1"
	}
	now := time.Now().UTC()
	items := []*shopmind.Item{
		{ID: "chino-1", Title: "Chinos", Category: []string{"Clothing", "Trousers"}, Images: []string{pants}},
		{ID: "chino-2", Title: "Chinos (copy)", Category: []string{"Clothing", "Trousers"}, Images: []string{pants}},
		{ID: "tote-1", Title: "Tote", Category: []string{"Bags"}, Images: []string{other}},
		{ID: bagID, Title: "Shopper bag", Category: []string{"Bags"}, Images: []string{another}},
	}
	for _, it := range items {
		it.Price, it.Active, it.CreatedAt, it.UpdatedAt = 30, true, now, now
	}
	if err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	svc := vision.NewService(db)
	svc.SetModel(m, 1)
	c := serveConsole(t, db, shopmind.RoleRead, "e2e reader", func(srv *httpapi.Server) {
		srv.HandleVision(svc)
		srv.Console = web.NewHandler(web.Options{Title: "Acme Fashion", Version: "e2e"})
	})

	upload := filepath.Join(t.TempDir(), "pants.png")
	if err := os.WriteFile(upload, fashionPhoto(t, d, trousers[2]), 0o644); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, c.url)
	defer b.checkNoErrors()
	b.signIn(c.secret, "e2e reader")
	b.do("open vision", chromedp.Click(chromedp.CSS(`nav a[data-route="vision"]`)))
	// Products show as their titles and pictures, linked to their pages.
	got := b.waitText("#vision-issues", "Image disagrees with the category", "Tote", "Bag", "Trouser", "Duplicate images", "Chinos", "Chinos (copy)")
	if strings.Contains(strings.Split(got, "Duplicate images")[0], "Chinos") {
		t.Errorf("a chino whose image matches its category is listed as a mismatch:\n%s", got)
	}
	for _, id := range []string{"tote-1", "chino-1", "chino-2"} {
		if n := b.count(fmt.Sprintf(`#vision-issues a[href="#/items/%s"]`, id)); n == 0 {
			t.Errorf("no link to item %s in the catalog checks", id)
		}
	}
	// The surest mismatch comes first, as on the overview.
	first := waitJS(b, "the first mismatch", `document.querySelector("#vision-issues table tbody tr a[data-item]")?.dataset.item || ""`)
	if first != surer {
		t.Errorf("the first mismatch listed is %s; want the surer one, %s (tote %.3f, %s %.3f)", first, surer, toteConf, bagID, fourthConf)
	}
	waitJS(b, "the products' pictures", `[...document.querySelectorAll("#vision-issues .pic img")].filter((i) => i.complete && i.naturalWidth > 0).length >= 3 ? "yes" : ""`)
	shot(b, "vision")

	t.Log("classify an uploaded photo")
	b.do("upload", chromedp.SetUploadFiles(chromedp.CSS("#vision-file"), []string{upload}), chromedp.Click(chromedp.CSS("#vision-form button")))
	b.waitText("#vision-result", "Predicted category: Trouser", "Most likely categories", "Products found in the 28 × 28 photo")

	t.Log("look-alikes of a chino: its copy first")
	b.do("looks like", chromedp.SendKeys(chromedp.CSS("#vision-item"), "chino-1"), chromedp.Click(chromedp.CSS("#vision-similar-form button")))
	got = b.waitText("#vision-similar", "Chinos (copy)", "Tote")
	if strings.Index(got, "Chinos (copy)") > strings.Index(got, "Tote") {
		t.Errorf("the identical image is not the first look-alike:\n%s", got)
	}

	t.Log("the item page's look-alike link opens this list for the item")
	b.open("#/vision?item=chino-1")
	b.waitText("#vision-similar", "Chinos (copy)", "Tote")
}
