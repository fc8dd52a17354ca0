package recommend

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadCatalog(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "u.data")
	if err := os.WriteFile(data, []byte("1\t1\t5\t881250949\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("NoneBeside", func(t *testing.T) {
		items, err := ReadCatalog("", data)
		if err != nil || items != nil {
			t.Errorf("no metadata beside the data: %v, %v", items, err)
		}
	})
	t.Run("UItemBeside", func(t *testing.T) {
		genres := strings.Repeat("|0", 19)
		line := "1|Toy Story (1995)|01-Jan-1995||http://x" + genres[:len(genres)-1] + "1\n"
		if err := os.WriteFile(filepath.Join(dir, "u.item"), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
		items, err := ReadCatalog("", data)
		if err != nil || len(items) != 1 || items[0].Title != "Toy Story (1995)" {
			t.Fatalf("u.item beside the data: %v, %v", items, err)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		p := filepath.Join(dir, "items.json")
		if err := os.WriteFile(p, []byte(`[{"id":"a","title":"A"},{"id":"b","title":"B"}]`), 0o644); err != nil {
			t.Fatal(err)
		}
		items, err := ReadCatalog(p, data)
		if err != nil || len(items) != 2 || items[1].ID != "b" {
			t.Fatalf("JSON items: %v, %v", items, err)
		}
	})
	t.Run("ErrBadJSON", func(t *testing.T) {
		p := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(p, []byte(`{`), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadCatalog(p, data); err == nil || !strings.Contains(err.Error(), "bad.json") {
			t.Errorf("bad JSON: %v", err)
		}
	})
}
