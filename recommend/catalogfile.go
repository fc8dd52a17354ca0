package recommend

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopmind/shopmind"
)

// ReadCatalog reads item metadata from path: MovieLens u.item, a
// Groceries folder or a JSON array of items. When path is empty it looks
// beside the interactions file (or in the folder) data for u.item or
// Groceries.labels, and returns no items when there is neither.
func ReadCatalog(path, data string) ([]*shopmind.Item, error) {
	if path == "" {
		dir := data
		if st, err := os.Stat(data); err != nil || !st.IsDir() {
			dir = filepath.Dir(data)
		}
		switch {
		case exists(filepath.Join(dir, "u.item")):
			path = filepath.Join(dir, "u.item")
		case exists(filepath.Join(dir, "Groceries.labels")):
			path = dir
		default:
			return nil, nil
		}
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return ReadGroceriesItems(path)
	}
	f, err := OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if strings.HasSuffix(strings.TrimSuffix(path, ".gz"), ".json") {
		var items []*shopmind.Item
		if err := json.NewDecoder(f).Decode(&items); err != nil {
			return nil, shopmind.Errorf(shopmind.EINVALID, "read items %s: %v", path, err)
		}
		return items, nil
	}
	return ReadMovieLensItems(f)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
