package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/vision"
)

// ImageExtensions are the file name endings ImportImages reads (compared
// case-insensitively); other files are ignored.
var ImageExtensions = []string{".jpg", ".jpeg", ".png", ".gif", ".webp"}

// ImageOptions control ImportImages. The zero value aborts on the first bad
// file and reports no progress.
type ImageOptions struct {
	// OnError is what to do with a bad file: Abort rolls everything back,
	// Skip imports the good files and lists the bad ones.
	OnError ErrorPolicy
	// MaxErrors caps ImageReport.Errors under Skip (DefaultMaxErrors when 0).
	MaxErrors int
	// Progress, when set, is told after every file (Rows counts files).
	Progress Progress
	// Now stamps new images (time.Now when nil).
	Now func() time.Time
}

// ImageReport is what an image import did.
type ImageReport struct {
	Files     int64 // image files read, bad ones included
	Ignored   int64 // files without an image extension, and hidden files
	NewImages int64 // images not stored before
	Links     int64 // image hashes appended to items' Images
	Items     int64 // items whose Images changed
	Skipped   int64 // bad files skipped under OnError Skip
	Errors    []*RowError
}

// imageFile is an image file found under the import folder.
type imageFile struct {
	path, rel, itemID string
	size              int64
}

// ImportImages imports every image file under dir into st in one
// transaction and links it to an item by its path: dir/<item id>.<ext> or
// dir/<item id>/<any name>.<ext> (deeper folders count for the item their
// first folder names). Each file is decoded with vision.Decode, the checks
// of the API's uploads (format, truncation, size and pixel limits), stored
// by content hash, and its hash is appended to the item's Images unless
// already there, so importing twice changes nothing. A file naming an
// unknown item, or that is not a readable image, is a bad file: under Abort
// it is returned as a *RowError (EINVALID) and the store is left as it was;
// under Skip it is listed in the report. Files are read in lexical order.
func ImportImages(ctx context.Context, st shopmind.Transactor, dir string, opts ImageOptions) (*ImageReport, error) {
	rep := &ImageReport{}
	files, total, err := findImages(dir, rep)
	if err != nil {
		return rep, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	maxErrs := opts.MaxErrors
	if maxErrs <= 0 {
		maxErrs = DefaultMaxErrors
	}
	log := &errorLog{policy: opts.OnError, max: maxErrs}
	var read int64
	err = st.Tx(ctx, func(tx shopmind.Store) error {
		*rep = ImageReport{Ignored: rep.Ignored} // a retried transaction starts over
		items := map[string]*shopmind.Item{}
		var changed []string
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return err
			}
			rep.Files++
			read += f.size
			linked, err := importImage(ctx, tx, f, items, now, rep)
			if err != nil {
				var re *RowError
				if !errors.As(err, &re) {
					return err // the store failed: roll back
				}
				if err := log.bad(re); err != nil {
					return err
				}
			}
			if linked && !slices.Contains(changed, f.itemID) {
				changed = append(changed, f.itemID)
			}
			if opts.Progress != nil {
				opts.Progress.Update(Status{File: f.rel, BytesRead: read, BytesTotal: total, Rows: rep.Files, Bad: log.count()})
			}
		}
		slices.Sort(changed)
		batch := make([]*shopmind.Item, 0, len(changed))
		for _, id := range changed {
			it := items[id]
			it.UpdatedAt = time.Time{} // the store sets it to now
			batch = append(batch, it)
		}
		if len(batch) > 0 {
			if err := tx.UpsertItems(ctx, batch); err != nil {
				return fmt.Errorf("update items: %w", err)
			}
		}
		rep.Items = int64(len(batch))
		return nil
	})
	rep.Skipped, rep.Errors = log.snapshot()
	if err != nil {
		return rep, err
	}
	if opts.Progress != nil {
		opts.Progress.Update(Status{BytesRead: total, BytesTotal: total, Rows: rep.Files, Bad: rep.Skipped, Done: true})
	}
	return rep, nil
}

// findImages lists the image files under dir in lexical order with their
// total size, counting the other files in rep.Ignored.
func findImages(dir string, rep *ImageReport) ([]imageFile, int64, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, 0, shopmind.FieldErrorf("images", "image folder: %v", err)
	}
	if !info.IsDir() {
		return nil, 0, shopmind.FieldErrorf("images", "%s is not a folder", dir)
	}
	var files []imageFile
	var total int64
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read image folder: %w", err)
		}
		if p == dir {
			return nil
		}
		hidden := strings.HasPrefix(d.Name(), ".")
		if d.IsDir() {
			if hidden {
				return fs.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(d.Name()))
		if hidden || !d.Type().IsRegular() || !slices.Contains(ImageExtensions, ext) {
			rep.Ignored++
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		id, _, nested := strings.Cut(rel, "/")
		if !nested {
			id = strings.TrimSuffix(rel, path.Ext(rel))
		}
		fi, err := d.Info()
		if err != nil {
			return fmt.Errorf("read image folder: %w", err)
		}
		files = append(files, imageFile{path: p, rel: rel, itemID: id, size: fi.Size()})
		total += fi.Size()
		return nil
	})
	return files, total, err
}

// importImage checks, stores and links one file. It reports whether the
// item's Images gained the hash; a bad file is a *RowError.
func importImage(ctx context.Context, tx shopmind.Store, f imageFile, items map[string]*shopmind.Item, now func() time.Time, rep *ImageReport) (bool, error) {
	bad := func(format string, args ...any) error {
		return &RowError{File: f.rel, Reason: fmt.Sprintf(format, args...)}
	}
	if err := shopmind.ValidateID("id", f.itemID); err != nil {
		return false, bad("%q is not an item id: %s", f.itemID, shopmind.ErrorMessage(err))
	}
	it, ok := items[f.itemID]
	if !ok {
		var err error
		it, err = tx.Item(ctx, f.itemID)
		if shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
			return false, bad("no item with id %q", f.itemID)
		} else if err != nil {
			return false, fmt.Errorf("item %s: %w", f.itemID, err)
		}
		items[f.itemID] = it
	}
	if f.size > shopmind.MaxImageSize {
		return false, bad("the file is %d bytes; at most %d are accepted", f.size, shopmind.MaxImageSize)
	}
	data, err := readLimited(f.path, shopmind.MaxImageSize)
	if err != nil {
		return false, bad("%v", err)
	}
	dec, format, err := vision.Decode(data)
	if err != nil {
		return false, bad("%s", shopmind.ErrorMessage(err))
	}
	hash := shopmind.ImageHash(data)
	if _, err := tx.Image(ctx, hash); shopmind.ErrorCode(err) == shopmind.ENOTFOUND {
		b := dec.Bounds()
		img := &shopmind.Image{Format: format, Width: b.Dx(), Height: b.Dy(), Data: data, CreatedAt: now().UTC()}
		if err := tx.PutImage(ctx, img); err != nil {
			return false, fmt.Errorf("store %s: %w", f.rel, err)
		}
		rep.NewImages++
	} else if err != nil {
		return false, fmt.Errorf("image %s: %w", hash, err)
	}
	if slices.Contains(it.Images, hash) {
		return false, nil
	}
	it.Images = append(it.Images, hash)
	rep.Links++
	return true, nil
}

// readLimited reads a file of at most limit bytes.
func readLimited(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("the file is larger than %d bytes", limit)
	}
	return data, nil
}
