package serve

import (
	"bytes"
	"context"
	"encoding/gob"

	"github.com/shopmind/shopmind"
)

// newServing decodes a stored model and reads the current catalog.
func (s *Service) newServing(ctx context.Context, m *shopmind.Model) (*serving, error) {
	var art artifact
	if err := gob.NewDecoder(bytes.NewReader(m.Data)).Decode(&art); err != nil {
		return nil, shopmind.Errorf(shopmind.EINVALID, "model %s v%d is not a recommendation model: %v", m.Name, m.Version, err)
	}
	b, err := LoadBundle(bytes.NewReader(art.Bundle))
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
	return newServingOf(&meta, b, &art, items), nil
}
