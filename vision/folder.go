package vision

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LoadFolder reads a labelled image folder: one sub-folder per class (its
// name is the class), each holding JPEG, PNG, GIF or WebP files. Images are
// normalised to size x size grayscale (see Normalize). When classes is not
// nil, sub-folders must be among them and labels follow its order;
// otherwise the classes are the sorted sub-folder names. Unreadable images
// are an error naming the file.
func LoadFolder(dir string, size int, classes []string) (*Dataset, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("load folder: %w", err)
	}
	var subs []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			subs = append(subs, e.Name())
		}
	}
	sort.Strings(subs)
	if classes == nil {
		classes = subs
	}
	index := map[string]int{}
	for i, c := range classes {
		index[c] = i
	}
	if len(classes) < 2 {
		return nil, nil, fmt.Errorf("load folder %s: need at least 2 class sub-folders, found %d", dir, len(classes))
	}
	d := &Dataset{H: size, W: size, C: 1}
	for _, sub := range subs {
		label, ok := index[sub]
		if !ok {
			return nil, nil, fmt.Errorf("load folder %s: class %q is not one of %v", dir, sub, classes)
		}
		files, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			return nil, nil, fmt.Errorf("load folder: %w", err)
		}
		for _, f := range files {
			ext := strings.ToLower(filepath.Ext(f.Name()))
			if f.IsDir() || !map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true}[ext] {
				continue
			}
			path := filepath.Join(dir, sub, f.Name())
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, nil, fmt.Errorf("load folder: %w", err)
			}
			img, _, err := Decode(data)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", path, err)
			}
			d.X = append(d.X, Normalize(img, size)...)
			d.Labels = append(d.Labels, label)
			d.N++
		}
	}
	if d.N == 0 {
		return nil, nil, fmt.Errorf("load folder %s: no images", dir)
	}
	return d, classes, nil
}
