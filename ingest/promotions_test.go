package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/ingest"
)

// writeFiles writes name -> content into a new folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const promoItems = "id,title,category\nshoe-1,Runner,Clothing > Shoes\nmug-1,Mug,Home\n"

// TestImportPromotions: a calendar in CSV and JSONL, imported with the
// catalog in one go (items first, whatever the order on the command line),
// twice without change.
func TestImportPromotions(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t)
	dir := writeFiles(t, map[string]string{
		"items.csv": promoItems,
		"promotions.csv": "id,name,kind,start,end,item_ids,categories\n" +
			"bf-2026,Black Friday,Holiday,2026-11-27,2026-11-30,,\n" +
			"shoe-week,Shoe week,,2026-03-02,2026-03-08T23:00:00Z,mug-1,Clothing > Shoes\n",
		"calendar.jsonl": `{"id":"xmas","name":"Christmas","kind":"holiday","start":"2026-12-24","end":"2026-12-26","categories":["Home"]}` + "\n",
	})
	paths := []string{filepath.Join(dir, "promotions.csv"), filepath.Join(dir, "calendar.jsonl"), filepath.Join(dir, "items.csv")}
	for round := range 2 {
		rep, err := ingest.Import(ctx, st, paths, ingest.Options{})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if rep.Promotions != 3 || rep.Items != 2 {
			t.Fatalf("round %d: report %+v", round, rep)
		}
	}
	p, err := st.Promotion(ctx, "shoe-week")
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)
	if p.Kind != shopmind.KindPromotion || !p.End.Equal(want) || strings.Join(p.Categories, ",") != "Clothing/Shoes" || strings.Join(p.ItemIDs, ",") != "mug-1" {
		t.Errorf("shoe-week: %+v", p)
	}
	bf, err := st.Promotion(ctx, "bf-2026")
	if err != nil || bf.Kind != shopmind.KindHoliday || bf.Days() != 4 {
		t.Errorf("bf-2026: %+v %v", bf, err)
	}
}

// TestImportPromotionErrors: each bad row names file, line and column, and
// aborts the import (nothing is stored), or is skipped under Skip.
func TestImportPromotionErrors(t *testing.T) {
	ctx := context.Background()
	header := "id,start,end,item_ids,categories\n"
	tests := []struct {
		name, file, data, want string
	}{
		{"EndBeforeStart", "promotions.csv", header + "ok,2026-05-01,2026-05-01,,\nbad,2026-05-02,2026-05-01,,\n", `promotions.csv:3: column "end": end 2026-05-01 is before start 2026-05-02`},
		{"UnknownItem", "promotions.csv", header + "bad,2026-05-01,2026-05-02,shoe-1|nope,\n", `promotions.csv:2: column "item_ids": item "nope" does not exist`},
		{"UnknownCategory", "promotions.csv", header + "bad,2026-05-01,2026-05-02,,Clothing/Hats\n", `promotions.csv:2: column "categories": no item is in category "Clothing/Hats"`},
		{"BadDate", "promotions.csv", header + "bad,May 1st,2026-05-02,,\n", `promotions.csv:2: column "start"`},
		{"MissingEnd", "promotions.csv", "id,start\nbad,2026-05-01\n", `promotions.csv:1: column "end": required column is missing`},
		{"BadKind", "promotions.jsonl", `{"id":"bad","kind":"sale","start":"2026-05-01","end":"2026-05-02"}` + "\n", `promotions.jsonl:1: column "kind": kind "sale" is not one of promotion, holiday`},
		{"UnknownField", "promotions.jsonl", `{"id":"bad","start":"2026-05-01","end":"2026-05-02","discount":0.2}` + "\n", `promotions.jsonl:1: column "discount": unknown field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openSQLite(t)
			dir := writeFiles(t, map[string]string{"items.csv": promoItems, tt.file: tt.data})
			paths := []string{filepath.Join(dir, "items.csv"), filepath.Join(dir, tt.file)}
			_, err := ingest.Import(ctx, st, paths, ingest.Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) || shopmind.ErrorCode(err) != shopmind.EINVALID {
				t.Fatalf("err = %v, want EINVALID containing %q", err, tt.want)
			}
			if n := counts(t, st).Items; n != 0 {
				t.Errorf("%d items stored by an aborted import", n)
			}
			if tt.name == "MissingEnd" {
				return // a bad header stops the import under either policy
			}
			rep, err := ingest.Import(ctx, st, paths, ingest.Options{OnError: ingest.Skip})
			if err != nil || rep.Skipped != 1 || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Error(), tt.want) {
				t.Fatalf("skip: %+v, %v", rep, err)
			}
		})
	}
}
