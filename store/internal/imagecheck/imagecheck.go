// Package imagecheck validates an image before a store keeps it and sets
// the fields derived from its data.
package imagecheck

import "github.com/shopmind/shopmind"

// formats are the image formats shopmind stores.
var formats = map[string]bool{"jpeg": true, "png": true, "gif": true, "webp": true}

// Prepare checks img and sets its Hash and Size from Data. It returns
// EINVALID (field "data" or "format") for a missing image, empty data or an
// unknown format, and ETOOLARGE when Data exceeds shopmind.MaxImageSize.
func Prepare(img *shopmind.Image) error {
	switch {
	case img == nil || len(img.Data) == 0:
		return shopmind.FieldErrorf("data", "image data is required")
	case len(img.Data) > shopmind.MaxImageSize:
		return &shopmind.Error{Code: shopmind.ETOOLARGE, Field: "data",
			Message: "image is larger than the maximum of 20 MiB"}
	case !formats[img.Format]:
		return shopmind.FieldErrorf("format", "format %q is not one of jpeg, png, gif, webp", img.Format)
	case img.Width < 0 || img.Height < 0:
		return shopmind.FieldErrorf("width", "width and height must not be negative")
	}
	img.Hash = shopmind.ImageHash(img.Data)
	img.Size = int64(len(img.Data))
	return nil
}
