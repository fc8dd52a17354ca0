package insights_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
	"github.com/shopmind/shopmind/insights"
	"github.com/shopmind/shopmind/store/sqlite"
)

// TestImportedRatingsHaveRealDates imports MovieLens-shaped files (ratings
// only: no orders, views or carts), as `shopmind import` does, and checks
// that the data's end and the funnel's window are the events' real dates,
// not the zero time ("0000-12-02 to —" in the console before).
func TestImportedRatingsHaveRealDates(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := ingest.Import(ctx, db, []string{filepath.Join("..", "testdata", "import", "ml-100k-mini")}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	s := insights.NewService(db)
	if err := s.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	seg, err := s.Segmentation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	last := time.Unix(889237247, 0).UTC() // the newest rating in u.data: 1998-03-07
	if want := last.Add(time.Second); !seg.AsOf.Equal(want) {
		t.Errorf("as_of = %v, want %v (just after the last rating)", seg.AsOf, want)
	}
	f, err := s.Funnel(ctx, shopmind.FunnelQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.Until.Format(time.DateOnly), "1998-03-07"; got != want {
		t.Errorf("funnel until %s, want %s", got, want)
	}
	if got, want := f.Since.Format(time.DateOnly), "1998-02-05"; got != want {
		t.Errorf("funnel since %s, want %s", got, want)
	}
}
