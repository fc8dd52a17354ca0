package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mlRatings := write("ratings.csv", "userId,movieId,rating,timestamp\n")
	mlDat := write("ratings.dat", "1::1193::5::978300760\n")
	sub := filepath.Join(dir, "shop")
	os.Mkdir(sub, 0o700)
	shopRatings := filepath.Join(sub, "ratings.csv")
	os.WriteFile(shopRatings, []byte("user_id,item_id,type,value,time\n"), 0o600)

	tests := []struct {
		path   string
		opts   Options
		format Format
		entity Entity
		kind   Kind
		err    bool
	}{
		{"u.data", Options{}, FormatMovieLens, EntityEvents, KindML100KData, false},
		{"u.data.gz", Options{}, FormatMovieLens, EntityEvents, KindML100KData, false},
		{"ua.base", Options{}, FormatMovieLens, EntityEvents, KindML100KData, false},
		{"u.item", Options{}, FormatMovieLens, EntityItems, KindML100KItem, false},
		{"u.user", Options{}, FormatMovieLens, EntityUsers, KindML100KUser, false},
		{mlRatings, Options{}, FormatMovieLens, EntityEvents, KindMLRatingsCSV, false},
		{mlDat, Options{}, FormatMovieLens, EntityEvents, KindML1MRatings, false},
		{shopRatings, Options{}, "", "", "", true}, // not MovieLens, and "ratings" is no entity
		{shopRatings, Options{Entity: EntityEvents}, FormatCSV, EntityEvents, KindNone, false},
		{"items.csv", Options{}, FormatCSV, EntityItems, KindNone, false},
		{"Events.JSONL.gz", Options{}, FormatJSONL, EntityEvents, KindNone, false},
		{"orders.ndjson", Options{}, FormatJSONL, EntityOrders, KindNone, false},
		{"catalog.tsv", Options{Entity: EntityItems}, FormatTSV, EntityItems, KindNone, false},
		{"catalog.txt", Options{Entity: EntityItems}, "", "", "", true},
		{"catalog.txt", Options{Entity: EntityItems, Format: FormatCSV}, FormatCSV, EntityItems, KindNone, false},
		{"export.csv", Options{}, "", "", "", true},
		{"items.csv", Options{Format: FormatMovieLens}, "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			f, err := Detect(tt.path, tt.opts)
			if (err != nil) != tt.err {
				t.Fatalf("Detect(%s) err = %v, want error %v", tt.path, err, tt.err)
			}
			if err == nil && (f.Format != tt.format || f.Entity != tt.entity || f.Kind != tt.kind) {
				t.Errorf("Detect(%s) = %s/%s/%q, want %s/%s/%q", tt.path, f.Format, f.Entity, f.Kind, tt.format, tt.entity, tt.kind)
			}
		})
	}
}

func TestPlanErrors(t *testing.T) {
	if _, err := Plan(nil, Options{}); err == nil {
		t.Error("Plan(nil) succeeded")
	}
	if _, err := Plan([]string{filepath.Join(t.TempDir(), "missing.csv")}, Options{}); err == nil {
		t.Error("Plan of a missing file succeeded")
	}
	if _, err := Plan([]string{t.TempDir()}, Options{}); err == nil {
		t.Error("Plan of an empty directory succeeded")
	}
}

func TestParseNames(t *testing.T) {
	for in, want := range map[string]Entity{"item": EntityItems, "Users": EntityUsers, "user_personal": EntityPersonal, "events": EntityEvents} {
		if got, err := ParseEntity(in); err != nil || got != want {
			t.Errorf("ParseEntity(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseEntity("ratings"); err == nil {
		t.Error("ParseEntity(ratings) accepted")
	}
	if f, err := ParseFormat("ndjson"); err != nil || f != FormatJSONL {
		t.Errorf("ParseFormat(ndjson) = %q, %v", f, err)
	}
	if p, err := ParseErrorPolicy("skip"); err != nil || p != Skip {
		t.Errorf("ParseErrorPolicy(skip) = %v, %v", p, err)
	}
	if _, err := ParseErrorPolicy("ignore"); err == nil {
		t.Error("ParseErrorPolicy(ignore) accepted")
	}
}
