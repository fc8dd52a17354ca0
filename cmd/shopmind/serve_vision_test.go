package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/vision"
)

// fashionTest loads the Fashion-MNIST test set (10,000 images), or skips
// the test when the data set is not there.
func fashionTest(t *testing.T) *vision.Dataset {
	t.Helper()
	dir := dataDir(t, "fashion-mnist", "t10k-images-idx3-ubyte.gz", "Fashion-MNIST")
	d, err := vision.LoadIDX(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Upload -> category prediction -> catalog check through the real binary:
// train vision on a small subset, serve, upload an image, classify it.
func TestVisionEndToEnd(t *testing.T) {
	d := fashionTest(t)
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	// Small IDX files keep the test fast: 1,500 training and 300 test images.
	tmp := t.TempDir()
	writeIDX(t, filepath.Join(tmp, "train"), d, 0, 1500)
	writeIDX(t, filepath.Join(tmp, "test"), d, 1500, 1800)
	idx := []string{"--train-images", filepath.Join(tmp, "train-images"), "--train-labels", filepath.Join(tmp, "train-labels")}
	t.Run("EvalImagesJSON", func(t *testing.T) {
		env, stdout, stderr := testEnv(t)
		args := append([]string{"eval", "images", "--json", "--epochs", "1", "--limit", "600",
			"--test-images", filepath.Join(tmp, "test-images"), "--test-labels", filepath.Join(tmp, "test-labels")}, idx...)
		if err := Run(ctx, env, args); err != nil {
			t.Fatalf("eval images: %v\n%s", err, stderr.String())
		}
		var rep imagesReport
		if err := json.Unmarshal([]byte(stdout.String()), &rep); err != nil {
			t.Fatalf("--json output %q: %v", stdout.String(), err)
		}
		if rep.Train != 600 || rep.Test != 300 || len(rep.Epochs) != 1 || len(rep.Evaluation.Confusion) != 10 || rep.Evaluation.Accuracy < 0.4 {
			t.Fatalf("report %+v", rep)
		}
	})
	if err := Run(ctx, env, append([]string{"train", "vision", "--epochs", "3", "--lr", "0.003"}, idx...)); err != nil {
		t.Fatalf("train vision: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "epoch 3/3") || !strings.Contains(stdout.String(), "vision/cnn v1") {
		t.Fatalf("train vision printed %q / %q", stdout.String(), stderr.String())
	}
	key := createKey(t, env, stdout, "e2e", "write")
	base := startServe(t, env, stdout)

	// A trouser not trained on, as a dark-on-white product photo.
	i := 2000
	for d.Labels[i] != 1 {
		i++
	}
	px := d.Image(i)
	for j := range px {
		px[j] = 1 - px[j]
	}
	var photo bytes.Buffer
	png.Encode(&photo, vision.RasterImage(px, 28, 28))

	post := func(path, ct string, body []byte, v any) int {
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", ct)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if v != nil {
			json.NewDecoder(res.Body).Decode(v)
		}
		return res.StatusCode
	}
	var img shopmind.Image
	if code := post("v1/images", "image/png", photo.Bytes(), &img); code != 200 {
		t.Fatalf("upload: %d", code)
	}
	var pred shopmind.ImagePrediction
	if code := getJSON(t, base+"v1/images/"+img.Hash+"/prediction", key, &pred); code != 200 || pred.Category != "Trouser" || pred.ModelVersion != 1 {
		t.Fatalf("prediction: %d %+v, want Trouser from v1", code, pred)
	}
	if code := post("v1/vision/classify", "image/png", photo.Bytes(), &pred); code != 200 || pred.Category != "Trouser" {
		t.Fatalf("classify: %d %+v", code, pred)
	}
	huge := image.NewGray(image.Rect(0, 0, 1, 1))
	var hb bytes.Buffer
	png.Encode(&hb, huge)
	b := hb.Bytes()
	b[16], b[17], b[18], b[19] = 0, 0, 0x4e, 0x20 // width 20000
	b[20], b[21], b[22], b[23] = 0, 0, 0x4e, 0x20 // height 20000
	var e struct{ Error struct{ Field string } }
	if code := post("v1/vision/classify", "image/png", b, &e); code != 400 {
		t.Fatalf("20000x20000 header: %d, want 400", code)
	}
	var issues struct{ Issues []*shopmind.CatalogIssue }
	if code := getJSON(t, base+"v1/vision/issues", key, &issues); code != 200 || issues.Issues == nil {
		t.Fatalf("issues: %d %+v", code, issues)
	}
}

// writeIDX writes images [lo, hi) of d as uncompressed IDX files
// prefix+"-images" and prefix+"-labels".
func writeIDX(t *testing.T, prefix string, d *vision.Dataset, lo, hi int) {
	t.Helper()
	var img, lab bytes.Buffer
	binary.Write(&img, binary.BigEndian, []uint32{2051, uint32(hi - lo), uint32(d.H), uint32(d.W)})
	binary.Write(&lab, binary.BigEndian, []uint32{2049, uint32(hi - lo)})
	for i := lo; i < hi; i++ {
		for _, v := range d.Image(i) {
			img.WriteByte(byte(v*255 + 0.5))
		}
		lab.WriteByte(byte(d.Labels[i]))
	}
	if err := os.WriteFile(prefix+"-images", img.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prefix+"-labels", lab.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Without data flags, train vision learns the shop's own categories from
// its item images.
func TestTrainVisionFromStore(t *testing.T) {
	d := fashionTest(t)
	env, stdout, stderr := testEnv(t)
	ctx := context.Background()
	db := openEnvStore(t, env)
	var items []*shopmind.Item
	for i := 0; len(items) < 60; i++ {
		cat := map[int]string{1: "Trousers", 8: "Bags"}[d.Labels[i]]
		if cat == "" {
			continue
		}
		var buf bytes.Buffer
		png.Encode(&buf, vision.RasterImage(d.Image(i), 28, 28))
		if err := db.PutImage(ctx, &shopmind.Image{Data: buf.Bytes(), Format: "png", Width: 28, Height: 28}); err != nil {
			t.Fatal(err)
		}
		items = append(items, &shopmind.Item{ID: fmt.Sprintf("i%03d", i), Title: cat, Category: []string{"Shop", cat}, Price: 1, Currency: "EUR",
			Images: []string{shopmind.ImageHash(buf.Bytes())}})
	}
	if err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := Run(ctx, env, []string{"train", "vision", "--epochs", "3", "--lr", "0.003", "--min-per-class", "10"}); err != nil {
		t.Fatalf("train vision: %v\n%s", err, stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, "vision/cnn v1: 2 classes, 54 training images, 3 epochs, test accuracy") {
		t.Fatalf("train vision printed %q", out)
	}
	if err := Run(ctx, env, []string{"train", "vision", "--min-per-class", "100"}); shopmind.ErrorCode(err) != shopmind.EINVALID {
		t.Fatalf("too few images per category: err = %v, want EINVALID", err)
	}
}
