package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

// import -images: items first (a data file), then the image folder; a
// second run links nothing new; an unknown item aborts with the file named.
func TestImportCommandImages(t *testing.T) {
	ctx := context.Background()
	images := filepath.Join("..", "..", "testdata", "import", "images")
	c, st, stdout, stderr := newImportCommand(t, "id,title\nP1,One\nP2,Two\n")
	if err := c.Run(ctx, []string{"-entity", "items", "-format", "csv", "-", "-images", filepath.Join(images, "ok")}); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	out := stdout.String()
	if want := "imported 3 images (3 new) from " + filepath.Join(images, "ok") + ", 3 linked to 2 items"; !strings.Contains(out, want) || !strings.Contains(out, "ignored 1 other files") {
		t.Fatalf("output %q, want %q", out, want)
	}
	if n, err := st.Counts(ctx); err != nil || n.Items != 2 || n.Images != 3 {
		t.Fatalf("counts %+v, %v", n, err)
	}

	stdout.Reset()
	if err := c.Run(ctx, []string{"-quiet", "-images", filepath.Join(images, "ok")}); err != nil {
		t.Fatal(err)
	}
	if want := "imported 3 images (0 new) from " + filepath.Join(images, "ok") + ", 0 linked to 0 items"; !strings.HasPrefix(stdout.String(), want) {
		t.Fatalf("second run %q, want %q", stdout.String(), want)
	}

	err := c.Run(ctx, []string{"-quiet", "-images", filepath.Join(images, "unknown")})
	if shopmind.ErrorCode(err) != shopmind.EINVALID || !strings.Contains(err.Error(), `NOPE.png: no item with id "NOPE"`) {
		t.Fatalf("unknown item: %v", err)
	}
	stdout.Reset()
	stderr.Reset()
	if err := c.Run(ctx, []string{"-quiet", "-on-error", "skip", "-images", filepath.Join(images, "bad")}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "skipped 2 bad files") || !strings.Contains(stderr.String(), "P3.png: ") {
		t.Fatalf("skip: stdout %q stderr %q", stdout.String(), stderr.String())
	}
}
