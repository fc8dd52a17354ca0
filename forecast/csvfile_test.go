package forecast

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopmind/shopmind"
)

func TestReadCSVFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sales.csv")
	if err := os.WriteFile(p, []byte("id,date,value\na,2026-01,1\na,2026-02,2\na,2026-04,4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		series, err := ReadCSVFile(p, CSVOptions{Fill: FillZero})
		if err != nil {
			t.Fatal(err)
		}
		if len(series) != 1 || len(series[0].Values) != 4 || series[0].Values[2] != 0 {
			t.Fatalf("series %+v, want one monthly series with March filled with 0", series)
		}
	})
	t.Run("ErrNamesFile", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.csv")
		if err := os.WriteFile(bad, []byte("id,date,value\na,someday,1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadCSVFile(bad, CSVOptions{}); err == nil || !strings.Contains(err.Error(), "bad.csv") {
			t.Errorf("error %v does not name the file", err)
		}
	})
	t.Run("ErrMissing", func(t *testing.T) {
		if _, err := ReadCSVFile(filepath.Join(dir, "none.csv"), CSVOptions{}); err == nil {
			t.Error("missing file: no error")
		}
	})
}

func TestParseFill(t *testing.T) {
	for name, want := range map[string]Fill{"missing": FillMissing, "zero": FillZero} {
		if got, err := ParseFill(name); err != nil || got != want {
			t.Errorf("ParseFill(%q) = %v, %v", name, got, err)
		}
	}
	if _, err := ParseFill("mean"); shopmind.ErrorField(err) != "fill" {
		t.Errorf("ParseFill(mean): %v, want an error naming fill", err)
	}
}
