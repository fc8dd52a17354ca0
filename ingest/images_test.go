package ingest_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
)

// imagesDir is the fixture folder of image imports.
func imagesDir(name string) string { return filepath.Join("..", "testdata", "import", "images", name) }

// imageShop is a store with items P1, P2 and P3; P3 already has an image URL.
func imageShop(t *testing.T) shopmind.Store {
	t.Helper()
	st := openSQLite(t)
	items := []*shopmind.Item{{ID: "P1", Title: "One"}, {ID: "P2", Title: "Two"}, {ID: "P3", Title: "Three", Images: []string{"https://example.com/3.jpg"}}}
	if err := st.UpsertItems(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	return st
}

func itemImages(t *testing.T, st shopmind.Store, id string) []string {
	t.Helper()
	it, err := st.Item(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return it.Images
}

func TestImportImages(t *testing.T) {
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) }

	t.Run("OK", func(t *testing.T) {
		st := imageShop(t)
		var last ingest.Status
		rep, err := ingest.ImportImages(ctx, st, imagesDir("ok"), ingest.ImageOptions{Now: now, Progress: ingest.ProgressFunc(func(s ingest.Status) { last = s })})
		if err != nil {
			t.Fatal(err)
		}
		want := ingest.ImageReport{Files: 3, Ignored: 1, NewImages: 3, Links: 3, Items: 2}
		if !reflect.DeepEqual(*rep, want) {
			t.Fatalf("report %+v, want %+v", *rep, want)
		}
		if !last.Done || last.Rows != 3 || last.Fraction() != 1 {
			t.Fatalf("last progress %+v", last)
		}
		p1, p2 := itemImages(t, st, "P1"), itemImages(t, st, "P2")
		if len(p1) != 1 || len(p2) != 2 || len(itemImages(t, st, "P3")) != 1 {
			t.Fatalf("images P1 %v, P2 %v", p1, p2)
		}
		// P2's files in lexical order: front.JPG (jpeg), then side.gif.
		for i, format := range []string{"jpeg", "gif"} {
			img, err := st.Image(ctx, p2[i])
			if err != nil || img.Format != format || img.Width != 16 || img.Height != 12 || !img.CreatedAt.Equal(now()) {
				t.Fatalf("P2 image %d: %+v, %v", i, img, err)
			}
		}

		t.Run("Twice", func(t *testing.T) {
			before, err := st.Item(ctx, "P2")
			if err != nil {
				t.Fatal(err)
			}
			rep, err := ingest.ImportImages(ctx, st, imagesDir("ok"), ingest.ImageOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if want := (ingest.ImageReport{Files: 3, Ignored: 1}); !reflect.DeepEqual(*rep, want) {
				t.Fatalf("second import %+v, want %+v", *rep, want)
			}
			after, err := st.Item(ctx, "P2")
			if err != nil || !reflect.DeepEqual(before, after) {
				t.Fatalf("the second import changed P2: %+v -> %+v (%v)", before, after, err)
			}
		})
	})

	tests := []struct {
		name, dir string
		policy    ingest.ErrorPolicy
		errs      []string // the bad files' messages
		p1        int      // P1's images after the import
	}{
		{"ErrUnknownItem", "unknown", ingest.Abort, []string{`NOPE.png: no item with id "NOPE"`}, 0},
		{"SkipUnknownItem", "unknown", ingest.Skip, []string{`NOPE.png: no item with id "NOPE"`}, 1},
		{"ErrBadFile", "bad", ingest.Abort, []string{"P2.jpeg: not a readable jpeg, png, gif or webp image"}, 0},
		{"SkipBadFiles", "bad", ingest.Skip, []string{"P2.jpeg: not a readable", "P3.png: "}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := imageShop(t)
			rep, err := ingest.ImportImages(ctx, st, imagesDir(tt.dir), ingest.ImageOptions{OnError: tt.policy})
			if tt.policy == ingest.Abort {
				var re *ingest.RowError
				if !errors.As(err, &re) || shopmind.ErrorCode(err) != shopmind.EINVALID || !strings.HasPrefix(err.Error(), tt.errs[0]) {
					t.Fatalf("err = %v, want a RowError starting %q", err, tt.errs[0])
				}
				if c := counts(t, st); c.Images != 0 {
					t.Fatalf("abort left %d images in the store", c.Images)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if rep.Skipped != int64(len(tt.errs)) || len(rep.Errors) != len(tt.errs) {
					t.Fatalf("skipped %d: %v", rep.Skipped, rep.Errors)
				}
				for i, e := range rep.Errors {
					if !strings.HasPrefix(e.Error(), tt.errs[i]) {
						t.Fatalf("error %d = %q, want prefix %q", i, e, tt.errs[i])
					}
				}
			}
			if got := len(itemImages(t, st, "P1")); got != tt.p1 {
				t.Fatalf("P1 has %d images, want %d", got, tt.p1)
			}
		})
	}

	t.Run("ErrNotFolder", func(t *testing.T) {
		_, err := ingest.ImportImages(ctx, imageShop(t), imagesDir("ok/P1.png"), ingest.ImageOptions{})
		if shopmind.ErrorCode(err) != shopmind.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
}
