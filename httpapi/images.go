package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // register the GIF decoder with image.DecodeConfig
	_ "image/jpeg" // register the JPEG decoder
	_ "image/png"  // register the PNG decoder
	"mime"
	"net/http"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp" // register the WebP decoder

	"github.com/shopmind/shopmind"
)

// imageTypes maps accepted Content-Types to image format names.
var imageTypes = map[string]string{
	"image/jpeg": "jpeg",
	"image/png":  "png",
	"image/gif":  "gif",
	"image/webp": "webp",
}

func (s *Server) imageRoutes() []Route {
	types := Binary{ContentTypes: []string{"image/jpeg", "image/png", "image/gif", "image/webp"}}
	return []Route{
		{Method: "POST", Pattern: "/v1/images", Summary: "Store an image (raw body up to 20 MiB, Content-Type image/jpeg, png, gif or webp); it is decoded to check it", Tag: "images",
			Role: shopmind.RoleWrite, Request: types, Response: shopmind.Image{}, Handler: s.handlePutImage},
		{Method: "GET", Pattern: "/v1/images/{hash}", Summary: "Get an image's bytes by content hash", Tag: "images",
			Role: shopmind.RoleRead, Response: types, Handler: s.handleImage},
		{Method: "GET", Pattern: "/v1/items/{id}/images/{n}", Summary: "Get the n-th picture (from 0) of an item: the stored image's bytes, or a redirect to an image URL; a publishable key reaches active items only", Tag: "images",
			Role: shopmind.RoleRead, Publishable: true, Response: types, Handler: s.handleItemImage,
			Params: []Param{{Name: "n", In: "path", Type: "integer", Description: "index in the item's images, from 0"}}},
		{Method: "DELETE", Pattern: "/v1/images/{hash}", Summary: "Delete an image", Tag: "images",
			Role: shopmind.RoleWrite, Status: http.StatusNoContent, Handler: s.handleDeleteImage},
	}
}

func (s *Server) handlePutImage(w http.ResponseWriter, r *http.Request) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	want, ok := imageTypes[strings.ToLower(ct)]
	if !ok {
		s.Error(w, r, shopmind.FieldErrorf("Content-Type", "Content-Type %q is not one of image/jpeg, image/png, image/gif, image/webp", ct))
		return
	}
	data, err := readBody(w, r, shopmind.MaxImageSize)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	img, err := s.checkImage(r.Context(), data, want)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	img.CreatedAt = s.opts.Now().UTC()
	if err := s.images.PutImage(r.Context(), img); err != nil {
		s.Error(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, img)
}

// checkImage decodes data to check that it is a whole image in the format
// want, and returns its metadata with Data set. The decoding goes through
// Options.ImageDecoder, which bounds its memory and how many run at once.
func (s *Server) checkImage(ctx context.Context, data []byte, want string) (*shopmind.Image, error) {
	if s.opts.ImageDecoder == nil {
		return nil, shopmind.Errorf(shopmind.EUNAVAILABLE, "image uploads are not set up on this server (no image decoder)")
	}
	if len(data) == 0 {
		return nil, shopmind.FieldErrorf("body", "the image is empty")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, shopmind.FieldErrorf("body", "the body is not a readable jpeg, png, gif or webp image: %v", err)
	}
	if format != want {
		return nil, shopmind.FieldErrorf("body", "the body is a %s image but Content-Type says %s", format, want)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > shopmind.MaxImagePixels {
		return nil, shopmind.FieldErrorf("body", "the image is %d×%d pixels; at most %d pixels are accepted", cfg.Width, cfg.Height, shopmind.MaxImagePixels)
	}
	if _, _, err := s.opts.ImageDecoder.DecodeImage(ctx, data); err != nil {
		var se *shopmind.Error
		if errors.As(err, &se) && se.Code == shopmind.EINVALID {
			return nil, &shopmind.Error{Code: se.Code, Field: "body", Message: se.Message}
		}
		return nil, err
	}
	return &shopmind.Image{
		Hash: shopmind.ImageHash(data), Format: format, Width: cfg.Width, Height: cfg.Height,
		Size: int64(len(data)), Data: data,
	}, nil
}

// handleItemImage serves one picture of an item, so that a storefront
// page (with a publishable key) shows catalog pictures without reaching
// every stored image by hash.
func (s *Server) handleItemImage(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 {
		s.Error(w, r, shopmind.FieldErrorf("n", "n must be an image index from 0, not %q", r.PathValue("n")))
		return
	}
	it, err := s.images.Item(r.Context(), r.PathValue("id"))
	if err == nil && publishable(r) && !it.Active {
		err = shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", it.ID)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if n >= len(it.Images) {
		s.Error(w, r, shopmind.Errorf(shopmind.ENOTFOUND, "item %q has %d images; there is no image %d", it.ID, len(it.Images), n))
		return
	}
	ref := it.Images[n]
	if strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://") {
		http.Redirect(w, r, ref, http.StatusFound)
		return
	}
	s.serveImage(w, r, ref)
}

func (s *Server) handleImage(w http.ResponseWriter, r *http.Request) {
	s.serveImage(w, r, r.PathValue("hash"))
}

// serveImage writes the stored image with the given content hash.
func (s *Server) serveImage(w http.ResponseWriter, r *http.Request, hash string) {
	img, err := s.images.Image(r.Context(), hash)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// Content-addressed: the same hash is always the same bytes.
	etag := `"` + hash + `"`
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, etag) {
		w.Header().Set("ETag", etag)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/"+img.Format)
	h.Set("Content-Length", fmt.Sprint(len(img.Data)))
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(img.Data)
}

func (s *Server) handleDeleteImage(w http.ResponseWriter, r *http.Request) {
	if err := s.images.DeleteImage(r.Context(), r.PathValue("hash")); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
