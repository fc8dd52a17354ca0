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
	items, err := readItems(ctx, s.Store, nil)
	if err != nil {
		return nil, err
	}
	meta := *m
	meta.Data = nil
	return recommend.NewServing(&meta, b, art, items), nil
}
