package serve

import (
	"context"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/recommend"
)

// newServing decodes a stored model and reads the current catalog.
func (s *Service) newServing(ctx context.Context, m *shopmind.Model) (*recommend.Serving, error) {
	art, b, err := recommend.DecodeArtifact(m)
	if err != nil {
		return nil, err
	}
	n := len(b.Items)
	if len(art.Pop) != n || len(art.Recent) != n || len(art.Also.Ptr) != n+1 {
		return nil, shopmind.Errorf(shopmind.EINVALID, "model %s v%d is inconsistent: %d items", m.Name, m.Version, n)
	}
	items, _, err := s.catalog(ctx)
	if err != nil {
		return nil, err
	}
	meta := *m
	meta.Data = nil
	return recommend.NewServing(&meta, b, art, items), nil
}

// catalogCopy is the catalog as read at a catalog version.
type catalogCopy struct {
	version int64
	items   []*shopmind.Item
}

// catalog returns the store's catalog: the copy last read when the
// catalog version has not moved since (no read of the items), and whether
// it is a new read.
func (s *Service) catalog(ctx context.Context) ([]*shopmind.Item, bool, error) {
	v, err := s.Store.CatalogVersion(ctx)
	if err != nil {
		return nil, false, err
	}
	if held := s.items.Load(); held != nil && held.version == v {
		return held.items, false, nil
	}
	items, err := readItems(ctx, s.Store, nil)
	if err != nil {
		return nil, false, err
	}
	s.items.Store(&catalogCopy{version: v, items: items})
	return items, true, nil
}
